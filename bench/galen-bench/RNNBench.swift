// The `rnn` group of galen-bench: the seed LSTM model of issue 5 (48 steps × 16 features → LSTM 64
// returning sequences → LSTM 64 (last state) → Dense 64 ReLU → Dense 5, softmax cross-entropy, Adam
// lr 1e-3), the same workload as `rnn` in bench/torch_rnn_bench.py.
import Foundation
import GalenNN
import GalenTensor

/// Synthetic sequences: 1,024 samples × 48 steps × 16 features; the class (of 5) is the argmax of a
/// fixed projection of the sequence's mean, so that the task is learnable.
func rnnSetup() throws -> (Sequential, Tensor, Tensor) {
    let n = 1_024, steps = 48, features = 16, classes = 5
    let x = Tensor.randn([n, steps, features], seed: 7)
    let projection = Tensor.randn([features, classes], seed: 8)
    let scores = try x.mean(axes: [1]).matmul(projection)
    let y = Tensor.zeros([n])
    for i in 0..<n {
        var best = 0
        for c in 1..<classes where scores.pointer[i * classes + c] > scores.pointer[i * classes + best] { best = c }
        y.pointer[i] = Float(best)
    }
    GlobalRandom.seed(0)
    let model = Sequential {
        LSTM(features, 64, returnSequences: true)
        LSTM(64, 64)
        Dense(64, 64); ReLU()
        Dense(64, classes)
    }
    return (model, x, y)
}

/// Training samples per second at `batch`, over `epochs` shuffled epochs after a warm-up on the first 128 samples.
func rnnTrainSamplesPerSecond(batch: Int, epochs: Int) throws -> Double {
    let (model, x, y) = try rnnSetup()
    let opt = Adam(model.parameters, learningRate: 1e-3)
    try model.fit(x.slice(axis: 0, 0..<128), y.slice(axis: 0, 0..<128), loss: CrossEntropyLoss(), optimizer: opt,
                  epochs: 1, batchSize: batch, verbose: .silent)
    let start = Date()
    try model.fit(x, y, loss: CrossEntropyLoss(), optimizer: opt, epochs: epochs, batchSize: batch, verbose: .silent)
    return Double(x.shape[0] * epochs) / Date().timeIntervalSince(start)
}

func rnn() throws {
    emit("lstm train batch=32", "samples/s", try rnnTrainSamplesPerSecond(batch: 32, epochs: 1))
    let (model, x, _) = try rnnSetup()
    for batch in [256] {
        let t = try timePerCall { _ = try model.predict(x, batchSize: batch) }
        emit("lstm inference batch=\(batch)", "samples/s", Double(x.shape[0]) / t)
    }
}

/// Peak resident memory of a process that only trains the seed LSTM model (batch 32, warm-up and 1 epoch).
func rnnRSS() throws {
    _ = try rnnTrainSamplesPerSecond(batch: 32, epochs: 1)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    emit("lstm training peak RSS", "MB", Double(usage.ru_maxrss) / 1024)
}

/// CPU seconds (user + system, all threads) this process has used.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The `rnn` workloads as samples per CPU second, for a fixed amount of work (1 epoch of training at
/// batch 32 after the warm-up; 5 predictions of the 1,024 samples at batch 256). For comparing Galen
/// builds on a busy machine, where wall-clock rates swing with the load and the CPU time of fixed work
/// much less; run with GALEN_NUM_THREADS=1 so that no thread's waiting counts. Not a PyTorch comparison
/// (not in bench/run.sh).
func rnnCPU() throws {
    let (model, x, y) = try rnnSetup()
    let opt = Adam(model.parameters, learningRate: 1e-3)
    try model.fit(x.slice(axis: 0, 0..<128), y.slice(axis: 0, 0..<128), loss: CrossEntropyLoss(), optimizer: opt,
                  epochs: 1, batchSize: 32, verbose: .silent)
    var start = processCPUSeconds()
    try model.fit(x, y, loss: CrossEntropyLoss(), optimizer: opt, epochs: 1, batchSize: 32, verbose: .silent)
    emit("lstm train batch=32 per CPU second", "samples/CPU-s", Double(x.shape[0]) / (processCPUSeconds() - start))
    _ = try model.predict(x, batchSize: 256)
    start = processCPUSeconds()
    for _ in 0..<5 { _ = try model.predict(x, batchSize: 256) }
    emit("lstm inference batch=256 per CPU second", "samples/CPU-s", Double(5 * x.shape[0]) / (processCPUSeconds() - start))
}
