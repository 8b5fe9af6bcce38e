import GalenTensor

/// The LSTM recurrence of one direction over the sequences of one `SequenceSchedule`, forward and
/// backward through time, with PyTorch's equations and gate order (i, f, g, o):
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
///     g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
///     c' = f ⊙ c + i ⊙ g                       h' = o ⊙ tanh(c')
///
/// The input projection of every position is already in `gateValues` (one GEMM by the caller); each
/// step is one GEMM of the running states with `W_hh` and one fused pass over the gates per row
/// (`RecurrentGateKernels`, vectorised for the CPU's widest instruction set). Scratch
/// buffers are allocated once per call, never per step.
extension RecurrentDirection {
    /// Runs the recurrence, writing outputs, final states, gate activations and (when `saved` is
    /// set, `[N·T, 2H]`) each position's cell state `c_t` and `tanh(c_t)`. `gateValues` must hold `x·W_ihᵀ` for every valid position.
    func lstmForward(_ schedule: SequenceSchedule) {
        let rows = schedule.order.count
        guard rows > 0 else { return }
        let H = hidden, G = 4 * hidden, T = length
        let h = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let step = UnsafeMutablePointer<Float>.allocate(capacity: rows * G)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: H)
        defer { h.deallocate(); c.deallocate(); step.deallocate(); scratch.deallocate() }
        for (r, n) in schedule.order.enumerated() {
            if let h0 = initialHidden { (h + r * H).update(from: h0 + n * H, count: H) } else { (h + r * H).initialize(repeating: 0, count: H) }
            if let c0 = initialCell { (c + r * H).update(from: c0 + n * H, count: H) } else { (c + r * H).initialize(repeating: 0, count: H) }
        }
        let b = biasX
        // Sequences of equal length: their rows of `gateValues` at a step are T·G floats apart, so
        // the step's product is added to them in place (no product buffer to clear and re-read).
        let uniform = schedule.isUniform
        for s in 0..<schedule.steps {
            let active = schedule.active[s]
            if uniform {
                let first = schedule.order[0]
                let pos = first * T + schedule.time(row: first, step: s, reverse: reverse)
                BLAS.sgemm(transA: false, transB: false, m: active, n: G, k: H, a: h, lda: H, b: weightHHTransposed, ldb: G,
                           beta: 1, c: gateValues + pos * G, ldc: T * G)
            } else {
                BLAS.sgemm(transA: false, transB: false, m: active, n: G, k: H, a: h, lda: H, b: weightHHTransposed, ldb: G,
                           beta: 0, c: step, ldc: G)
            }
            for r in 0..<active {
                let n = schedule.order[r]
                let pos = n * T + schedule.time(row: n, step: s, reverse: reverse)
                let hr = h + r * H, cr = c + r * H
                let tanhC = saved.map { $0 + pos * 2 * H + H } ?? scratch
                RecurrentGateKernels.lstmForwardRow(hidden: H, gates: gateValues + pos * G, recurrent: uniform ? nil : step + r * G, bias: b,
                                                    cell: cr, h: hr, tanhCell: tanhC, out: output + pos * outputStride)
                if let saved { (saved + pos * 2 * H).update(from: cr, count: H) }
            }
        }
        for (r, n) in schedule.order.enumerated() {
            (finalHidden + n * H).update(from: h + r * H, count: H)
            if let finalCell { (finalCell + n * H).update(from: c + r * H, count: H) }
        }
    }

    /// Backpropagates through time: fills `grad.gateInput` (which is also the recurrent-side
    /// gradient), `grad.previous` and the initial-state gradients. Needs `saved` (cell states and their tanh).
    func lstmBackward(_ schedule: SequenceSchedule, _ grad: RecurrentDirectionGradients) {
        let rows = schedule.order.count
        guard rows > 0, let cells = saved else { return }
        let H = hidden, G = 4 * hidden, T = length
        let dh = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let dc = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let step = UnsafeMutablePointer<Float>.allocate(capacity: rows * G)
        let zeros = UnsafeMutablePointer<Float>.allocate(capacity: H)
        defer { dh.deallocate(); dc.deallocate(); step.deallocate(); zeros.deallocate() }
        zeros.initialize(repeating: 0, count: H)
        for (r, n) in schedule.order.enumerated() {
            (dh + r * H).update(from: grad.finalHidden + n * H, count: H)
            if let dcN = grad.finalCell { (dc + r * H).update(from: dcN + n * H, count: H) } else { (dc + r * H).initialize(repeating: 0, count: H) }
        }
        for s in stride(from: schedule.steps - 1, through: 0, by: -1) {
            let active = schedule.active[s]
            for r in 0..<active {
                let n = schedule.order[r]
                let t = schedule.time(row: n, step: s, reverse: reverse)
                let pos = n * T + t
                let hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>
                if s > 0 {
                    let prev = n * T + (reverse ? t + 1 : t - 1)
                    hPrev = UnsafePointer(output + prev * outputStride)
                    cPrev = UnsafePointer(cells + prev * 2 * H)
                } else {
                    hPrev = initialHidden.map { $0 + n * H } ?? UnsafePointer(zeros)
                    cPrev = initialCell.map { $0 + n * H } ?? UnsafePointer(zeros)
                }
                (grad.previous + pos * H).update(from: hPrev, count: H)
                let sg = step + r * G
                RecurrentGateKernels.lstmBackwardRow(hidden: H, gates: gateValues + pos * G, tanhCell: cells + pos * 2 * H + H,
                                                     cellPrevious: cPrev, dy: grad.output + pos * outputStride,
                                                     dh: dh + r * H, dCell: dc + r * H, dGates: sg)
                (grad.gateInput + pos * G).update(from: sg, count: G)
            }
            // dh_{t−1} = dGates · W_hh for the running rows; the others keep their pending gradient.
            BLAS.sgemm(transA: false, transB: false, m: active, n: H, k: G, a: step, lda: G, b: weightHH, ldb: H,
                       beta: 0, c: dh, ldc: H)
        }
        for (r, n) in schedule.order.enumerated() {
            (grad.initialHidden + n * H).update(from: dh + r * H, count: H)
            if let dc0 = grad.initialCell { (dc0 + n * H).update(from: dc + r * H, count: H) }
        }
    }
}
