// galen-bench: Galen's side of `make bench`. Prints one JSON object per line:
// {"name": ..., "unit": ..., "value": ...}. bench/run.sh runs the PyTorch side
// (bench/torch_bench.py) with the same workloads in the same run and compares.
//
// Usage: galen-bench GROUP   (gemm | mlp | mlp-rss | bert | bert-rss | rnn | rnn-rss | rnn-cpu | cnn-28 | cnn-150 | resnet-28
//                              | conv-layers; rnn in RNNBench.swift, cnn in CNNBench.swift, conv-layers in ConvLayerBench.swift)
import Foundation
import GalenModels
import GalenNN
import GalenTensor

func emit(_ name: String, _ unit: String, _ value: Double) {
    print("{\"name\": \"\(name)\", \"unit\": \"\(unit)\", \"value\": \(value)}")
    fflush(stdout)
}

/// Runs `body` repeatedly for at least `seconds` after one warm-up; returns seconds per call.
func timePerCall(minSeconds seconds: Double = 1.0, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var calls = 0
    let start = benchClock()
    repeat {
        try body()
        calls += 1
    } while benchClock() - start < seconds
    return (benchClock() - start) / Double(calls)
}

/// True when `GALEN_BENCH_CLOCK=cpu`: times are this process's CPU seconds rather than wall-clock seconds.
/// With one thread (`GALEN_NUM_THREADS=1`) that is a before/after measure that holds up on a busy machine
/// (other processes take wall time, not this process's CPU time); never compare it with PyTorch's wall times.
let benchUsesCPUClock = ProcessInfo.processInfo.environment["GALEN_BENCH_CLOCK"] == "cpu"

/// Seconds from an arbitrary origin: wall-clock, or this process's CPU time (see `benchUsesCPUClock`).
func benchClock() -> Double {
    if benchUsesCPUClock {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    return Date().timeIntervalSinceReferenceDate
}

func gemm() throws {
    for n in [256, 512, 1024, 2048] {
        let a = Tensor.randn([n, n], seed: 1), b = Tensor.randn([n, n], seed: 2)
        let t = try timePerCall { _ = try a.matmul(b) }
        emit("gemm n=\(n) (2 threads)", "GFLOP/s", 2 * pow(Double(n), 3) / t / 1e9)
    }
}

/// The seed MLP and its synthetic data: 20,000 rows × 30 features, labels from a noisy linear rule.
func mlpSetup() throws -> (Sequential, Tensor, Tensor) {
    let n = 20_000, d = 30
    let x = Tensor.randn([n, d], seed: 7)
    let w = Tensor.randn([d, 1], seed: 8)
    let y = try x.matmul(w).greater(0)
    GlobalRandom.seed(0)
    let model = Sequential {
        Dense(30, 128); ReLU()
        Dense(128, 64); ReLU()
        Dense(64, 32); ReLU()
        Dense(32, 1)
    }
    return (model, x, y)
}


func trainSamplesPerSecond(batch: Int, epochs: Int) throws -> Double {
    let (model, x, y) = try mlpSetup()
    let opt = Adam(model.parameters, learningRate: 1e-3)
    try model.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, epochs: 1, batchSize: batch, verbose: .silent)
    let start = Date()
    try model.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, epochs: epochs, batchSize: batch, verbose: .silent)
    return Double(x.shape[0] * epochs) / Date().timeIntervalSince(start)
}

func mlp() throws {
    emit("mlp train batch=32", "samples/s", try trainSamplesPerSecond(batch: 32, epochs: 3))
    emit("mlp train batch=256", "samples/s", try trainSamplesPerSecond(batch: 256, epochs: 5))
    let (model, x, _) = try mlpSetup()
    let t = try timePerCall { _ = try model.predict(x, batchSize: 1024) }
    emit("mlp inference batch=1024", "samples/s", Double(x.shape[0]) / t)
}

/// Inference alone for 5 seconds (for profiling with perf; not part of `make bench`).
func mlpInferProfile() throws {
    let (model, x, _) = try mlpSetup()
    let t = try timePerCall(minSeconds: 5) { _ = try model.predict(x, batchSize: 1024) }
    emit("mlp inference batch=1024", "samples/s", Double(x.shape[0]) / t)
}

/// Peak resident memory of a process that only trains the MLP (batch 32, 3 epochs).
func mlpRSS() throws {
    _ = try trainSamplesPerSecond(batch: 32, epochs: 3)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    emit("mlp training peak RSS", "MB", Double(usage.ru_maxrss) / 1024)
}

/// The MiniLM folder: GALEN_MINILM_DIR or models/all-MiniLM-L6-v2 (bench/run.sh fetches it).
func miniLMDirectory() -> URL {
    URL(fileURLWithPath: ProcessInfo.processInfo.environment["GALEN_MINILM_DIR"] ?? "models/all-MiniLM-L6-v2")
}

/// 32 sequences of 128 tokens, identical to bench/torch_bench.py's: [CLS], 126 ids from a fixed
/// formula, [SEP]; every token real (mask all ones).
func bertBatch() throws -> (ids: Tensor, mask: Tensor) {
    let n = 32, t = 128
    var ids = [Float](repeating: 0, count: n * t)
    for i in 0..<n {
        for j in 0..<t {
            ids[i * t + j] = Float(j == 0 ? 101 : j == t - 1 ? 102 : 1000 + (i * 7919 + j * 104_729) % 28_000)
        }
    }
    return (try Tensor(shape: [n, t], values: ids), Tensor.ones([n, t]))
}

/// MiniLM-L6 sentence embeddings (encoder, mean pooling, L2 normalisation) at batch 32 × 128 tokens.
/// One figure, reported against both PyTorch variants (Hugging Face's BertModel and the fused
/// nn.TransformerEncoder fast path), which bench/torch_bench.py measures separately.
func bert() throws {
    let encoder = try BertEncoder.load(directory: miniLMDirectory())
    let (ids, mask) = try bertBatch()
    let t = try timePerCall(minSeconds: 3) {
        _ = try withNoGrad { try encoder.sentenceEmbeddings(inputIDs: ids, attentionMask: mask) }
    }
    emit("bert MiniLM-L6 inference 32x128 (vs HF BertModel)", "sentences/s", 32 / t)
    emit("bert MiniLM-L6 inference 32x128 (vs PyTorch fast path)", "sentences/s", 32 / t)
}

/// Peak resident memory of a process that loads MiniLM-L6 and embeds 3 batches of 32 × 128.
func bertRSS() throws {
    let encoder = try BertEncoder.load(directory: miniLMDirectory())
    let (ids, mask) = try bertBatch()
    for _ in 0..<3 { _ = try withNoGrad { try encoder.sentenceEmbeddings(inputIDs: ids, attentionMask: mask) } }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    emit("bert inference peak RSS", "MB", Double(usage.ru_maxrss) / 1024)
}

let group = CommandLine.arguments.dropFirst().first ?? ""
do {
    try BLAS.load()
    switch group {
    case "gemm": try gemm()
    case "mlp": try mlp()
    case "mlp-rss": try mlpRSS()
    case "mlp-infer": try mlpInferProfile()
    case "bert": try bert()
    case "bert-rss": try bertRSS()
    case "rnn": try rnn()
    case "rnn-rss": try rnnRSS()
    case "rnn-cpu": try rnnCPU()
    case "conv-layers": try convLayers()
    case let part where CNNWorkload.named(part) != nil: try cnnBench(CNNWorkload.named(part)!)
    default:
        FileHandle.standardError.write(Data("usage: galen-bench gemm|mlp|mlp-rss|mlp-infer|bert|bert-rss|rnn|rnn-rss|rnn-cpu|cnn-28|cnn-150|resnet-28|conv-layers\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("galen-bench: \(error)\n".utf8))
    exit(2)
}
