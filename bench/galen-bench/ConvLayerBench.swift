import Foundation
import GalenTensor

/// `galen-bench conv-layers`: seconds per forward + backward (input and weight gradients) of each 3×3 stride-1
/// padding-1 convolution shape of ResNet-18 (28) at batch 128 (`GALEN_BENCH_BATCH=b` changes it), one JSON line
/// per shape, in milliseconds. For comparing convolution algorithms layer by layer with the same binary:
/// `GALEN_CONVOLUTION=im2col|winograd` forces one, `GALEN_BENCH_CLOCK=cpu GALEN_NUM_THREADS=1` makes
/// the figures CPU time of one thread, which holds up on a busy machine; `GALEN_BENCH_SIZE=28` (14, 7, 4) runs
/// only that shape (for profiling one layer). Not part of `make bench` (no PyTorch row).
func convLayers() throws {
    let batch = cnnProfileBatch ?? 128
    let algorithm = ProcessInfo.processInfo.environment["GALEN_CONVOLUTION"] ?? "auto"
    let only = Int(ProcessInfo.processInfo.environment["GALEN_BENCH_SIZE"] ?? "")
    for (channels, size) in [(64, 28), (128, 14), (256, 7), (512, 4)] where only == nil || only == size {
        var g = SeededGenerator(seed: UInt64(channels))
        let x = Tensor.normal([batch, channels, size, size], std: 1, generator: &g)
        let w = Tensor.normal([channels, channels, 3, 3], std: (2 / Float(9 * channels)).squareRoot(), generator: &g)
        let seed = Tensor.normal([batch, channels, size, size], std: 1, generator: &g)
        x.requiresGrad = true; w.requiresGrad = true
        let seconds = try timePerCall(minSeconds: 2) {
            x.zeroGrad(); w.zeroGrad()
            let y = try Tensor.conv2d(x, weight: w, bias: nil, padding: (1, 1))
            try y.backward(seed)
        }
        emit("conv3x3 \(channels)->\(channels) \(size)x\(size) forward+backward batch=\(batch) (\(algorithm))", "ms",
             seconds * 1000)
    }
}
