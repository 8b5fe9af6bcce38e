import Foundation
import Testing
@testable import GalenNN
import GalenTensor

@Suite struct TrainingTests {
    /// XOR-like data that a small MLP must learn.
    static func data(_ n: Int = 256, seed: UInt64 = 5) -> (Tensor, Tensor) {
        let x = Tensor.uniform([n, 2], low: -1, high: 1, seed: seed)
        let y = Tensor.zeros([n, 1])
        for i in 0..<n { y.pointer[i] = (x.pointer[2 * i] * x.pointer[2 * i + 1] > 0) ? 1 : 0 }
        return (x, y)
    }

    static func model(seed: UInt64) -> Sequential {
        // Explicit seeds: tests run concurrently, so none may rely on GlobalRandom's sequence.
        Sequential { Dense(2, 16, seed: seed); ReLU(); Dropout(0.1, seed: seed + 1); Dense(16, 1, seed: seed + 2) }
    }

    @Test func fitLearnsAndRecordsHistory() throws {
        let (x, y) = Self.data()
        let m = Self.model(seed: 1)
        let h = try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters, learningRate: 0.02),
                          epochs: 60, batchSize: 32, validationSplit: 0.25, metrics: [.accuracy], verbose: .silent)
        #expect(h.epochs.count == 60)
        #expect(Set(h.keys).isSuperset(of: ["loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"]))
        #expect(h["loss"].last! < h["loss"].first! * 0.5)
        #expect(h["accuracy"].last! > 0.9)
        #expect(!m.isTraining)  // fit leaves the model in eval mode
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        let (x, y) = Self.data()
        func run() throws -> [Float] {
            let m = Self.model(seed: 7)
            try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters), epochs: 5, batchSize: 16,
                      seed: 11, verbose: .silent)
            return m.parameters.flatMap(\.scalars)
        }
        let a = try run(), b = try run()
        #expect(a == b)
        let m = Self.model(seed: 7)
        try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters), epochs: 5, batchSize: 16,
                  seed: 12, verbose: .silent)
        #expect(m.parameters.flatMap(\.scalars) != a)
    }

    @Test func earlyStoppingRestoresBestWeightsByValue() throws {
        let (x, y) = Self.data(128)
        let m = Self.model(seed: 3)
        let stop = EarlyStopping(monitor: "val_loss", patience: 3)
        // A learning rate far too high makes validation loss rise after the first epochs.
        final class Recorder: Callback {
            var weights: [[Float]] = []
            func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws {
                weights.append(context.model.parameters.flatMap(\.scalars))
            }
        }
        let rec = Recorder()
        let h = try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: SGD(m.parameters, learningRate: 5, momentum: 0.9),
                          epochs: 40, batchSize: 16, validationSplit: 0.25, callbacks: [rec, stop], verbose: .silent)
        let best = try #require(stop.bestEpoch)
        #expect(h.epochs.count < 40 || stop.stoppedEpoch == nil)
        let final = m.parameters.flatMap(\.scalars)
        #expect(final == rec.weights[best])
        if best != h.epochs.count - 1 { #expect(final != rec.weights.last!) }
    }

    @Test func earlyStoppingRefusesUnknownMonitor() {
        let (x, y) = Self.data(32)
        let m = Self.model(seed: 1)
        do {
            try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters), epochs: 2,
                      callbacks: [EarlyStopping(monitor: "val_loss")], verbose: .silent)
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("validationSplit")) }
    }

    @Test func fitRejectsBadInput() {
        let m = Self.model(seed: 1)
        let opt = Adam(m.parameters)
        let (x, y) = Self.data(32)
        #expect(throws: NNError.self) { try m.fit(x, Tensor.zeros([31, 1]), loss: BCEWithLogitsLoss(), optimizer: opt, verbose: .silent) }
        #expect(throws: NNError.self) { try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, batchSize: 0, verbose: .silent) }
        #expect(throws: NNError.self) { try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, validationSplit: 1, verbose: .silent) }
        let bad = x.copy()
        bad.pointer[5] = .nan
        do { try m.fit(bad, y, loss: BCEWithLogitsLoss(), optimizer: opt, verbose: .silent); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("NaN at row 2, column 1"))
        }
        #expect(throws: NNError.self) { try m.predict(bad) }
        #expect(throws: NNError.self) { try m.fit(Tensor.zeros([0, 2]), Tensor.zeros([0, 1]), loss: BCEWithLogitsLoss(), optimizer: opt, verbose: .silent) }
    }

    @Test func divergingLossStopsWithClearError() {
        let x = Tensor.full([8, 2], 1e20), y = Tensor.ones([8, 1])
        let m = Sequential { Dense(2, 1, seed: 1) }
        do {
            try m.fit(x, y, loss: MSELoss(), optimizer: SGD(m.parameters, learningRate: 1e10), epochs: 3, verbose: .silent)
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("loss became")) }
    }

    @Test func predictAndEvaluateBatchConsistently() throws {
        let (x, y) = Self.data(100)
        let m = Self.model(seed: 2)
        let whole = try m.predict(x, batchSize: 1000)
        let batched = try m.predict(x, batchSize: 7)
        #expect(whole.shape == [100, 1])
        for (a, b) in zip(whole.scalars, batched.scalars) { #expect(abs(a - b) < 1e-6) }
        let e1 = try m.evaluate(x, y, loss: BCEWithLogitsLoss(), metrics: [.accuracy], batchSize: 100)
        let e2 = try m.evaluate(x, y, loss: BCEWithLogitsLoss(), metrics: [.accuracy], batchSize: 9)
        #expect(abs(e1["loss"]! - e2["loss"]!) < 1e-5)
        #expect(e1["accuracy"] == e2["accuracy"])
    }

    @Test func progressPrintsOneLinePerEpochWhenNotATerminal() throws {
        let (x, y) = Self.data(64)
        let m = Self.model(seed: 1)
        var out = ""
        let bar = ProgressBar(live: false) { out += $0 }
        try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters), epochs: 3, batchSize: 16,
                  validationSplit: 0.25, metrics: [.accuracy], callbacks: [bar], verbose: .silent)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Epoch 1/3 - ") && lines[0].contains("loss ") && lines[0].contains("val_accuracy "))
        var live = ""
        let liveBar = ProgressBar(live: true) { live += $0 }
        try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters), epochs: 1, batchSize: 16,
                  callbacks: [liveBar], verbose: .silent)
        #expect(live.contains("ETA") && live.contains("4/4") && live.contains("\r"))
    }
}

@Suite struct CheckpointTests {
    @Test func checkpointWritesBestEpochsAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (x, y) = TrainingTests.data(64)
        let m = TrainingTests.model(seed: 4)
        let ckpt = ModelCheckpoint(path: dir.appendingPathComponent("best-{epoch}.safetensors").path, monitor: "val_loss")
        let stop = EarlyStopping(monitor: "val_loss", patience: 100, restoreBestWeights: true)
        try m.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(m.parameters, learningRate: 0.05), epochs: 8, batchSize: 16,
                  validationSplit: 0.25, callbacks: [ckpt, stop], verbose: .silent)
        let last = try #require(ckpt.saved.last)
        #expect(last.lastPathComponent == "best-\(stop.bestEpoch! + 1).safetensors")
        let (tensors, metadata) = try SafeTensors.readWithMetadata(contentsOf: last)
        #expect(metadata["epoch"] == String(stop.bestEpoch! + 1))
        // The best checkpoint holds the weights EarlyStopping restored.
        for (name, t) in m.stateDict() { #expect(tensors[name]!.scalars == t.scalars) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.allSatisfy { $0.hasSuffix(".safetensors") })
    }
}
