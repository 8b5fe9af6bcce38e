import Foundation
import GalenTensor

/// Keras-style training, evaluation and prediction for any module.
///
/// ```swift
/// let model = Sequential { Dense(30, 128); ReLU(); Dense(128, 1) }
/// let history = try model.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(model.parameters),
///                             epochs: 100, batchSize: 32, validationSplit: 0.1, metrics: [.accuracy])
/// let probabilities = try model.predict(xTest).sigmoid()
/// ```
extension Module {
    /// Trains on `x` (rows in the first dimension) and targets `y`.
    ///
    /// Each epoch shuffles the rows (seeded), runs mini-batches of forward,
    /// loss, backward, optional gradient clipping and an optimizer step, then
    /// evaluates on the validation rows. Given the same seed, initial weights
    /// and thread count, two runs give bit-identical weights.
    ///
    /// - Parameters:
    ///   - x: inputs `[N, ...]`; `y`: targets `[N, ...]` as the loss expects.
    ///   - validationSplit: fraction of rows, taken from the end before shuffling (as Keras), held out for validation.
    ///   - validationData: explicit validation rows (takes precedence over `validationSplit`).
    ///   - seed: seeds shuffling and every `Stochastic` layer (dropout).
    ///   - clipNorm: clip gradients to this global L2 norm before each step.
    ///   - schedule: learning-rate schedule stepped after each epoch with the validation loss (or training loss).
    /// - Returns: the per-epoch history.
    /// - Throws: `NNError.training` for empty or mismatched data, NaN/infinite inputs (naming row and
    ///   column), a loss that becomes NaN, or a callback's refusal; layer and loss errors otherwise.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, loss: Loss, optimizer: Optimizer,
                    epochs: Int = 1, batchSize: Int = 32,
                    validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
                    shuffle: Bool = true, seed: UInt64 = 0,
                    metrics: [TrainingMetric] = [], callbacks: [Callback] = [],
                    schedule: LRSchedule? = nil, clipNorm: Float? = nil,
                    verbose: Verbosity = .auto) throws -> History {
        guard epochs >= 0 else { throw NNError.training("epochs must be ≥ 0, got \(epochs)") }
        guard batchSize > 0 else { throw NNError.training("batchSize must be > 0, got \(batchSize)") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw NNError.training("validationSplit must be in [0, 1), got \(validationSplit)")
        }
        try Self.checkPair(x, y, "training")
        var trainX = x, trainY = y
        var valX: Tensor? = nil, valY: Tensor? = nil
        if let v = validationData {
            try Self.checkPair(v.x, v.y, "validation")
            valX = v.x; valY = v.y
        } else if validationSplit > 0 {
            let n = x.shape[0]
            let nVal = Int((Float(n) * validationSplit).rounded(.down))
            guard nVal > 0, nVal < n else {
                throw NNError.training("validationSplit \(validationSplit) of \(n) rows leaves \(nVal) validation rows")
            }
            trainX = try x.slice(axis: 0, 0..<(n - nVal)); trainY = try y.slice(axis: 0, 0..<(n - nVal))
            valX = try x.slice(axis: 0, (n - nVal)..<n); valY = try y.slice(axis: 0, (n - nVal)..<n)
        }

        let n = trainX.shape[0]
        let batches = (n + batchSize - 1) / batchSize
        var keys = ["loss"] + metrics.map(\.name)
        if valX != nil { keys += ["val_loss"] + metrics.map { "val_" + $0.name } }
        let context = TrainingContext(model: self, optimizer: optimizer, epochs: epochs, batchesPerEpoch: batches, logKeys: keys)
        let allCallbacks = callbacks + (verbose.progressBar.map { [$0] } ?? [])
        reseedStochasticLayers(seed)
        for c in allCallbacks { try c.trainingWillBegin(context) }

        var history = History()
        var order = Array(0..<n)
        var shuffler = SeededGenerator(seed: seed)
        let params = optimizer.parameters
        for epoch in 0..<epochs {
            context.epoch = epoch
            let start = Date()
            train()
            if shuffle {
                for i in stride(from: n - 1, to: 0, by: -1) {
                    let j = Int(shuffler.next() % UInt64(i + 1))
                    order.swapAt(i, j)
                }
            }
            var lossSum: Double = 0
            var accumulators = metrics.map { TrainingMetric.Accumulator(metric: $0) }
            for b in 0..<batches {
                let lo = b * batchSize, hi = min(n, lo + batchSize)
                let idx = Array(order[lo..<hi])
                let xb = try trainX.gather(axis: 0, indices: idx)
                let yb = try trainY.gather(axis: 0, indices: idx)
                optimizer.zeroGrad()
                let out = try forward(xb)
                let l = try loss(out, yb)
                let value = try l.item()
                guard value.isFinite else {
                    throw NNError.training("loss became \(value) at epoch \(epoch + 1), batch \(b + 1); "
                        + "lower the learning rate or check the targets")
                }
                try l.backward()
                if let clipNorm { clipGradNorm(params, maxNorm: clipNorm) }
                optimizer.step()
                lossSum += Double(value) * Double(hi - lo)
                for i in accumulators.indices { accumulators[i].add(output: out, target: yb) }
                for c in allCallbacks { c.batchDidEnd(b, loss: value, context: context) }
            }
            optimizer.zeroGrad()
            var logs: [String: Float] = ["loss": Float(lossSum / Double(max(n, 1)))]
            for a in accumulators { logs[a.metric.name] = a.value }
            if let valX, let valY {
                let v = try evaluate(valX, valY, loss: loss, metrics: metrics, batchSize: max(batchSize, 256))
                for (k, value) in v { logs["val_" + k] = value }
            }
            logs["lr"] = optimizer.learningRate
            logs["seconds"] = Float(Date().timeIntervalSince(start))
            history.epochs.append(logs)
            schedule?.step(metric: logs["val_loss"] ?? logs["loss"])
            for c in allCallbacks { try c.epochDidEnd(epoch, logs: logs, context: context) }
            if context.stopTraining { break }
        }
        for c in allCallbacks { try c.trainingDidEnd(context) }
        eval()
        return history
    }

    /// Mean loss and metrics over `x`, `y` in evaluation mode without recording gradients.
    /// - Returns: "loss" and each metric's name mapped to its value.
    /// - Throws: `NNError.training` for empty or mismatched data; layer and loss errors.
    public func evaluate(_ x: Tensor, _ y: Tensor, loss: Loss, metrics: [TrainingMetric] = [],
                         batchSize: Int = 256) throws -> [String: Float] {
        try Self.checkPair(x, y, "evaluation")
        guard batchSize > 0 else { throw NNError.training("batchSize must be > 0, got \(batchSize)") }
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        return try withNoGrad {
            let n = x.shape[0]
            var lossSum: Double = 0
            var accumulators = metrics.map { TrainingMetric.Accumulator(metric: $0) }
            var lo = 0
            while lo < n {
                let hi = min(n, lo + batchSize)
                let xb = try x.slice(axis: 0, lo..<hi), yb = try y.slice(axis: 0, lo..<hi)
                let out = try forward(xb)
                lossSum += Double(try loss(out, yb).item()) * Double(hi - lo)
                for i in accumulators.indices { accumulators[i].add(output: out, target: yb) }
                lo = hi
            }
            var result: [String: Float] = ["loss": Float(lossSum / Double(n))]
            for a in accumulators { result[a.metric.name] = a.value }
            return result
        }
    }

    /// The model's outputs for every row of `x`, in evaluation mode without
    /// recording gradients, computed in batches of `batchSize` rows spread over
    /// all cores (`forward` must not change the module's state; built-in layers don't).
    /// - Throws: `NNError.badInput` for an empty or non-finite input (naming the row and column); layer errors.
    public func predict(_ x: Tensor, batchSize: Int = 1024) throws -> Tensor {
        guard x.rank >= 1, x.shape[0] > 0 else { throw NNError.badInput(layer: "predict", detail: "no rows in input of shape \(x.shape)") }
        guard batchSize > 0 else { throw NNError.training("batchSize must be > 0, got \(batchSize)") }
        if let bad = Self.firstNonFinite(x) { throw NNError.badInput(layer: "predict", detail: "input \(bad)") }
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        let n = x.shape[0]
        var starts = Array(stride(from: 0, to: n, by: batchSize))
        // Rows are independent at inference, so batches (or halves of a single batch) run on all cores
        // with single-threaded BLAS: measured faster than BLAS's own threads for these small products.
        let threads = Parallel.threadCount
        if starts.count < threads && n >= 256 * threads {
            let per = (n + threads - 1) / threads
            starts = Array(stride(from: 0, to: n, by: per))
        }
        let bounds = starts.enumerated().map { i, lo in lo..<(i + 1 < starts.count ? starts[i + 1] : n) }
        if bounds.count == 1 { return try withNoGrad { try forward(x) } }
        var parts = [Tensor?](repeating: nil, count: bounds.count)
        var failure: Error?
        let lock = NSLock()
        if threads > 1 {
            BLAS.withSingleThread {
                Parallel.run(threads) { worker in
                    for b in stride(from: worker, to: bounds.count, by: threads) {
                        do {
                            let out = try withNoGrad { try forward(try x.slice(axis: 0, bounds[b])) }
                            lock.lock(); parts[b] = out; lock.unlock()
                        } catch {
                            lock.lock(); if failure == nil { failure = error }; lock.unlock()
                        }
                    }
                }
            }
        } else {
            for (b, r) in bounds.enumerated() { parts[b] = try withNoGrad { try forward(try x.slice(axis: 0, r)) } }
        }
        if let failure { throw failure }
        return try Tensor.concat(parts.map { $0! }, axis: 0)
    }

    static func checkPair(_ x: Tensor, _ y: Tensor, _ what: String) throws {
        guard x.rank >= 1, y.rank >= 1 else {
            throw NNError.training("\(what) inputs \(x.shape) and targets \(y.shape) need a row dimension")
        }
        guard x.shape[0] > 0 else { throw NNError.training("\(what) data has no rows") }
        guard x.shape[0] == y.shape[0] else {
            throw NNError.training("\(what) inputs have \(x.shape[0]) rows but targets have \(y.shape[0])")
        }
        if let bad = firstNonFinite(x) { throw NNError.training("\(what) inputs: \(bad)") }
        if let bad = firstNonFinite(y) { throw NNError.training("\(what) targets: \(bad)") }
    }

    /// "NaN at row r, column c" for the first non-finite value, or nil.
    static func firstNonFinite(_ t: Tensor) -> String? {
        guard t.hasNonFinite else { return nil }
        let p = t.pointer
        for i in 0..<t.count where !p[i].isFinite {
            let width = t.count / max(t.shape[0], 1)
            return "\(p[i].isNaN ? "NaN" : "infinity") at row \(i / max(width, 1)), column \(i % max(width, 1))"
        }
        return nil
    }
}
