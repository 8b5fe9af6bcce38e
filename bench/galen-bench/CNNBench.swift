// The `cnn` group of `make bench`: training and inference throughput and peak memory of the seed CNNs and
// ResNet-18 (28), the same workloads as `cnn_*` in bench/torch_bench.py.
import Foundation
import GalenModels
import GalenNN
import GalenTensor

/// One convolutional workload: a model, its input shape and the batch sizes measured.
struct CNNWorkload {
    /// Row-name prefix, e.g. "cnn-28".
    let name: String
    /// Input `[C, H, W]`.
    let input: [Int]
    /// Batch sizes of the training rows.
    let trainBatches: [Int]
    /// Builds the model (seeded; one logit).
    let build: () -> Module

    /// The workloads selected by `galen-bench cnn-28|cnn-150|resnet-28`.
    static func named(_ part: String) -> CNNWorkload? {
        switch part {
        case "cnn-28":
            return CNNWorkload(name: "cnn-28", input: [1, 28, 28], trainBatches: [32, 128]) {
                SeedCNN.small(channels: 1, outputs: 1, seed: 0)
            }
        case "cnn-150":
            return CNNWorkload(name: "cnn-150", input: [3, 150, 150], trainBatches: [32]) {
                SeedCNN.large(channels: 3, outputs: 1, seed: 0)
            }
        case "resnet-28":
            return CNNWorkload(name: "resnet18-28", input: [1, 28, 28], trainBatches: [128]) {
                ResNet.resNet18(inputChannels: 1, classes: 1, small: true, seed: 0)
            }
        default:
            return nil
        }
    }
}

/// Seconds of steady state timed per row, after warm-up (`GALEN_BENCH_SECONDS`, default 3).
let cnnSeconds: Double = Double(ProcessInfo.processInfo.environment["GALEN_BENCH_SECONDS"] ?? "") ?? 3

/// Synthetic images in [0, 1) and random 0/1 labels: `batches` batches of `batch` rows.
func cnnData(_ w: CNNWorkload, batch: Int, batches: Int) -> (Tensor, Tensor) {
    let n = batch * batches
    let x = Tensor.uniform([n] + w.input, seed: 11)
    let y = Tensor.uniform([n, 1], seed: 12)
    for i in 0..<n { y.pointer[i] = y.pointer[i] < 0.5 ? 0 : 1 }
    return (x, y)
}

/// Training samples/s: Adam (lr 1e-3) steps on BCE-with-logits, cycling over 4 fixed batches;
/// 2 warm-up steps, then at least `cnnSeconds` of steps (or exactly `steps` when given).
func cnnTrainSamplesPerSecond(_ w: CNNWorkload, batch: Int, steps fixed: Int? = nil) throws -> Double {
    let model = w.build()
    model.train()
    let opt = Adam(model.parameters, learningRate: 1e-3)
    let loss = BCEWithLogitsLoss()
    let (x, y) = cnnData(w, batch: batch, batches: 4)
    var step = 0
    func trainStep() throws {
        let lo = (step % 4) * batch
        step += 1
        let xb = try x.slice(axis: 0, lo..<(lo + batch)), yb = try y.slice(axis: 0, lo..<(lo + batch))
        opt.zeroGrad()
        let l = try loss(model(xb), yb)
        _ = try l.item()
        try l.backward()
        opt.step()
    }
    try trainStep(); try trainStep()
    var steps = 0
    let start = benchClock()
    repeat {
        try trainStep()
        steps += 1
    } while fixed.map { steps < $0 } ?? (benchClock() - start < cnnSeconds)
    return Double(steps * batch) / (benchClock() - start)
}

/// Inference samples/s: `predict` (evaluation mode, no gradients) over 4 batches of `batch` rows at a time.
func cnnInferSamplesPerSecond(_ w: CNNWorkload, batch: Int) throws -> Double {
    let model = w.build()
    let (x, _) = cnnData(w, batch: batch, batches: 4)
    let t = try timePerCall(minSeconds: cnnSeconds) { _ = try model.predict(x, batchSize: batch) }
    return Double(x.shape[0]) / t
}

/// Profiling mode (`GALEN_BENCH_TRAIN_STEPS=k`, optionally `GALEN_BENCH_BATCH=b`): exactly `k` training steps
/// after the 2 warm-up steps at each training batch size (or only `b`), no inference rows, so that `perf stat`
/// and `perf record` see the training step alone and instruction counts compare between builds.
let cnnProfileSteps: Int? = Int(ProcessInfo.processInfo.environment["GALEN_BENCH_TRAIN_STEPS"] ?? "")
let cnnProfileBatch: Int? = Int(ProcessInfo.processInfo.environment["GALEN_BENCH_BATCH"] ?? "")

/// Every row of one workload, then the peak RSS of this process (which ran only that workload).
func cnnBench(_ w: CNNWorkload) throws {
    if let steps = cnnProfileSteps {
        for b in w.trainBatches where cnnProfileBatch == nil || cnnProfileBatch == b {
            emit("\(w.name) train batch=\(b) (\(steps) steps)", "samples/s", try cnnTrainSamplesPerSecond(w, batch: b, steps: steps))
        }
        return
    }
    for b in w.trainBatches {
        emit("\(w.name) train batch=\(b)", "samples/s", try cnnTrainSamplesPerSecond(w, batch: b))
    }
    for b in w.trainBatches {
        emit("\(w.name) inference batch=\(b)", "samples/s", try cnnInferSamplesPerSecond(w, batch: b))
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    emit("\(w.name) peak RSS (train + inference)", "MB", Double(usage.ru_maxrss) / 1024)
}
