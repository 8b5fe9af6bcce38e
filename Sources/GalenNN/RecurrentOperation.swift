import Foundation
import GalenTensor

/// The cell of a recurrent layer.
public enum RecurrentCell: String, Sendable, Codable {
    /// Long short-term memory (gates i, f, g, o; a hidden and a cell state).
    case lstm
    /// Gated recurrent unit (gates r, z, n; a hidden state).
    case gru

    /// Gates per hidden unit: 4 for LSTM, 3 for GRU.
    public var gateCount: Int { self == .lstm ? 4 : 3 }
}

/// The parameters of one direction of one recurrent layer, as PyTorch stores them.
struct RecurrentWeights {
    /// `[G·H, F]` (`weight_ih_l{k}`), `[G·H, H]` (`weight_hh_l{k}`).
    let inputHidden: Tensor, hiddenHidden: Tensor
    /// `[G·H]` each (`bias_ih_l{k}`, `bias_hh_l{k}`), or nil for a layer without bias.
    let inputBias: Tensor?, hiddenBias: Tensor?

    /// The tensors in PyTorch's order, biases left out when absent.
    var tensors: [Tensor] { [inputHidden, hiddenHidden] + (inputBias.map { [$0] } ?? []) + (hiddenBias.map { [$0] } ?? []) }
}

/// One recurrent layer (all its directions) over a batch as a single autograd operation with a
/// hand-written backward through time.
///
/// The result is one flat tensor, `packed`, holding in order: the output `[N, T, D·H]` (zero past
/// each sequence's length), the final hidden states `[D, N, H]` and, for LSTM, the final cell states
/// `[D, N, H]`; the layer slices it (`RecurrentLayer`). Per direction, the input projection of all
/// positions is one GEMM, each step one GEMM plus a fused gate pass, and the weight gradients are
/// one GEMM each over all positions. The batch is split into chunks of rows (and directions) run
/// on separate cores with single-threaded BLAS: the sequences are independent.
enum RecurrentOperation {
    /// Batch rows below which a chunk is not split further.
    static let minimumChunkRows = 8

    /// Runs one layer.
    /// - Parameters:
    ///   - x: `[N, T, F]` input.
    ///   - directions: the weights of each direction (forward, then reverse).
    ///   - lengths: valid steps of each sequence, each in `0...T`.
    ///   - initialHidden, initialCell: `[L·D, N, H]` initial states of the whole network, or nil for
    ///     zeros; this layer reads rows `stateIndex ..< stateIndex + D`.
    static func layer(_ x: Tensor, cell: RecurrentCell, directions: [RecurrentWeights], hidden H: Int, lengths: [Int],
                      initialHidden: Tensor?, initialCell: Tensor?, stateIndex: Int) -> Tensor {
        let N = x.shape[0], T = x.shape[1], F = x.shape[2]
        let D = directions.count, G = cell.gateCount * H
        let outputCount = N * T * D * H, stateCount = D * N * H
        let packed = Tensor.uninitialized([outputCount + stateCount * (cell == .lstm ? 2 : 1)])
        if lengths.contains(where: { $0 < T }) { packed.pointer.initialize(repeating: 0, count: outputCount) }

        var inputs = [x]
        for w in directions { inputs += w.tensors }
        if let initialHidden { inputs.append(initialHidden) }
        if let initialCell { inputs.append(initialCell) }
        let training = inputs.contains { $0.requiresGrad } && GradMode.isEnabled

        // Per direction: the input projection (then gate activations), saved values, folded biases,
        // and W_hhᵀ. The forward products use the weights transposed once here ([F, G] and [H, G]),
        // so that BLAS multiplies untransposed operands: measured, OpenBLAS 0.3.21 packs a
        // transposed right operand on every call, while its small-matrix kernel takes the
        // per-step products (32 × 256 × 64 at batch 32) without packing.
        var gateValues: [Tensor] = [], saved: [Tensor?] = [], biasX: [Tensor] = [], biasHN: [Tensor] = []
        var hiddenTransposed: [Tensor] = []
        for w in directions {
            let gv = Tensor.uninitialized([N * T, G])
            let inputTransposed = transposed(w.inputHidden)
            BLAS.sgemm(transA: false, transB: false, m: N * T, n: G, k: F, a: x.pointer, lda: F,
                       b: inputTransposed.pointer, ldb: G, beta: 0, c: gv.pointer, ldc: G)
            gateValues.append(gv)
            hiddenTransposed.append(transposed(w.hiddenHidden))
            saved.append(training ? Tensor.uninitialized([N * T, cell == .lstm ? 2 * H : H]) : nil)
            let (bx, bhn) = foldedBiases(w, cell: cell, hidden: H)
            biasX.append(bx); biasHN.append(bhn)
        }
        let problems = (0..<D).map { d in
            RecurrentDirection(
                batch: N, length: T, hidden: H, gates: cell.gateCount, reverse: d == 1,
                weightHH: UnsafePointer(directions[d].hiddenHidden.pointer),
                weightHHTransposed: UnsafePointer(hiddenTransposed[d].pointer),
                biasX: UnsafePointer(biasX[d].pointer), biasHN: UnsafePointer(biasHN[d].pointer),
                output: packed.pointer + d * H, outputStride: D * H,
                finalHidden: packed.pointer + outputCount + d * N * H,
                finalCell: cell == .lstm ? packed.pointer + outputCount + stateCount + d * N * H : nil,
                initialHidden: initialHidden.map { UnsafePointer($0.pointer + (stateIndex + d) * N * H) },
                initialCell: initialCell.map { UnsafePointer($0.pointer + (stateIndex + d) * N * H) },
                gateValues: gateValues[d].pointer, saved: saved[d]?.pointer)
        }
        let schedules = chunks(N).map { SequenceSchedule(rows: $0, lengths: lengths) }
        runInParallel(directions: D, schedules: schedules) { d, schedule in
            if cell == .lstm { problems[d].lstmForward(schedule) } else { problems[d].gruForward(schedule) }
        }
        withExtendedLifetime(hiddenTransposed) {}  // read through the problems' pointers until here
        guard training else { return packed }

        let output = packed.detached()  // the backward pass reads the outputs (previous hidden states)
        return packed.recordingGradient(cell == .lstm ? "lstm" : "gru", inputs: inputs) { g in
            _ = (gateValues, saved, biasX, biasHN, output)  // kept alive with the problems' pointers
            return backward(g, x: x, cell: cell, directions: directions, hidden: H, problems: problems,
                            schedules: schedules, initialHidden: initialHidden, initialCell: initialCell,
                            stateIndex: stateIndex)
        }
    }

    /// Gradients of every input of `layer` (same order) from the gradient `g` of `packed`.
    private static func backward(_ g: Tensor, x: Tensor, cell: RecurrentCell, directions: [RecurrentWeights], hidden H: Int,
                                 problems: [RecurrentDirection], schedules: [SequenceSchedule],
                                 initialHidden: Tensor?, initialCell: Tensor?, stateIndex: Int) -> [Tensor?] {
        let N = x.shape[0], T = x.shape[1], F = x.shape[2]
        let D = directions.count, G = cell.gateCount * H, rows = N * T
        let outputCount = N * T * D * H, stateCount = D * N * H
        var gateInput: [Tensor] = [], gateHidden: [Tensor] = [], previous: [Tensor] = []
        let dh0 = Tensor.zeros(initialHidden?.shape ?? [D, N, H])
        let dc0 = Tensor.zeros(initialCell?.shape ?? [D, N, H])
        let base = initialHidden == nil ? 0 : stateIndex, cellBase = initialCell == nil ? 0 : stateIndex
        var grads: [RecurrentDirectionGradients] = []
        // Positions past a sequence's length are never written by the kernels: they must read as zeros.
        let full = !schedules.contains { s in s.order.contains { s.lengths[$0] < T } }
        func buffer(_ shape: [Int]) -> Tensor { full ? Tensor.uninitialized(shape) : Tensor.zeros(shape) }
        for d in 0..<D {
            let gx = buffer([rows, G])
            let gh = cell == .gru ? buffer([rows, G]) : gx
            let prev = buffer([rows, H])
            gateInput.append(gx); gateHidden.append(gh); previous.append(prev)
            grads.append(RecurrentDirectionGradients(
                output: UnsafePointer(g.pointer + d * H),
                finalHidden: UnsafePointer(g.pointer + outputCount + d * N * H),
                finalCell: cell == .lstm ? UnsafePointer(g.pointer + outputCount + stateCount + d * N * H) : nil,
                gateInput: gx.pointer, gateHidden: gh.pointer, previous: prev.pointer,
                initialHidden: dh0.pointer + (base + d) * N * H,
                initialCell: cell == .lstm ? dc0.pointer + (cellBase + d) * N * H : nil))
        }
        runInParallel(directions: D, schedules: schedules) { d, schedule in
            if cell == .lstm { problems[d].lstmBackward(schedule, grads[d]) } else { problems[d].gruBackward(schedule, grads[d]) }
        }

        // Everything that sums over positions: one GEMM (or column sum) per tensor.
        var result: [Tensor?] = [nil]
        var dx: Tensor? = nil
        if x.requiresGrad {
            let t = Tensor.uninitialized(x.shape)
            for d in 0..<D {
                BLAS.sgemm(transA: false, transB: false, m: rows, n: F, k: G, a: gateInput[d].pointer, lda: G,
                           b: directions[d].inputHidden.pointer, ldb: F, beta: d == 0 ? 0 : 1, c: t.pointer, ldc: F)
            }
            dx = t
        }
        result[0] = dx
        for d in 0..<D {
            let w = directions[d]
            result.append(w.inputHidden.requiresGrad ? weightGradient(gateInput[d], x.pointer, rows: rows, gates: G, width: F) : nil)
            result.append(w.hiddenHidden.requiresGrad ? weightGradient(gateHidden[d], previous[d].pointer, rows: rows, gates: G, width: H) : nil)
            if let b = w.inputBias { result.append(b.requiresGrad ? columnSums(gateInput[d], rows: rows, width: G) : nil) }
            if let b = w.hiddenBias { result.append(b.requiresGrad ? columnSums(gateHidden[d], rows: rows, width: G) : nil) }
        }
        if let initialHidden { result.append(initialHidden.requiresGrad ? dh0 : nil) }
        if let initialCell { result.append(initialCell.requiresGrad ? dc0 : nil) }
        return result
    }

    /// The transpose of a `[rows, cols]` matrix, `[cols, rows]`.
    private static func transposed(_ m: Tensor) -> Tensor {
        let rows = m.shape[0], cols = m.shape[1]
        let out = Tensor.uninitialized([cols, rows])
        let src = m.pointer, dst = out.pointer
        for r in 0..<rows {
            for c in 0..<cols { dst[c * rows + r] = src[r * cols + c] }
        }
        return out
    }

    /// `gradᵀ · values`: `[G, rows]·[rows, width]` → `[G, width]`.
    private static func weightGradient(_ grad: Tensor, _ values: UnsafePointer<Float>, rows: Int, gates: Int, width: Int) -> Tensor {
        let out = Tensor.uninitialized([gates, width])
        BLAS.sgemm(transA: true, transB: false, m: gates, n: width, k: rows, a: grad.pointer, lda: gates,
                   b: values, ldb: width, beta: 0, c: out.pointer, ldc: width)
        return out
    }

    /// Sums of the columns of a `[rows, width]` matrix.
    private static func columnSums(_ m: Tensor, rows: Int, width: Int) -> Tensor {
        let out = Tensor.zeros([width])
        let po = out.pointer, pm = m.pointer
        for r in 0..<rows {
            let row = pm + r * width
            for j in 0..<width { po[j] += row[j] }
        }
        return out
    }

    /// The biases as the kernels add them: LSTM `b_ih + b_hh` and no `b_hn`; GRU `b_ih + (b_hr, b_hz, 0)`
    /// and `b_hn` apart (it sits inside the reset gate's product).
    private static func foldedBiases(_ w: RecurrentWeights, cell: RecurrentCell, hidden H: Int) -> (Tensor, Tensor) {
        let G = cell.gateCount * H
        let bx = Tensor.zeros([G]), bhn = Tensor.zeros([H])
        let px = bx.pointer, pn = bhn.pointer
        if let b = w.inputBias { for j in 0..<G { px[j] += b.pointer[j] } }
        if let b = w.hiddenBias {
            let folded = cell == .lstm ? G : 2 * H
            for j in 0..<folded { px[j] += b.pointer[j] }
            if cell == .gru { for j in 0..<H { pn[j] = b.pointer[2 * H + j] } }
        }
        return (bx, bhn)
    }

    /// Row ranges of the batch, one per core when each gets at least `minimumChunkRows` rows. The split depends
    /// only on `n` and `Parallel.threadCount`, never on what else is running (another request's parallel region in
    /// a server, say): inside a region the same ranges run one after another (`runInParallel`), so a sequence's
    /// outputs are bit-identical whether or not other work runs at the same time.
    static func chunks(_ n: Int) -> [Range<Int>] {
        let threads = Parallel.threadCount
        let pieces = max(1, min(threads, n / minimumChunkRows))
        let per = (n + pieces - 1) / pieces
        return stride(from: 0, to: n, by: max(per, 1)).map { $0..<min(n, $0 + per) }
    }

    /// Runs `body` for every direction and schedule, on all cores with single-threaded BLAS when
    /// there is more than one task.
    private static func runInParallel(directions: Int, schedules: [SequenceSchedule],
                                      _ body: (Int, SequenceSchedule) -> Void) {
        let tasks = directions * schedules.count
        if tasks == 1 || BLAS.currentThreads == 1 {
            for d in 0..<directions { for s in schedules { body(d, s) } }
            return
        }
        BLAS.withSingleThread {
            Parallel.run(tasks) { i in
                body(i % directions, schedules[i / directions])
            }
        }
    }
}
