import GalenTensor

/// The GRU recurrence of one direction over the sequences of one `SequenceSchedule`, forward and
/// backward through time, with PyTorch's equations and gate order (r, z, n):
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// The input projection of every position is already in `gateValues` (one GEMM by the caller); each
/// step is one GEMM of the running states with `W_hh` and one fused pass over the gates per row
/// (`RecurrentGateKernels`, vectorised for the CPU's widest instruction set). Scratch
/// buffers are allocated once per call, never per step.
extension RecurrentDirection {
    /// Runs the recurrence, writing outputs, final states, gate activations and (when `saved` is
    /// set) `W_hn·h + b_hn` of each position. `gateValues` must hold `x·W_ihᵀ` for every valid position.
    func gruForward(_ schedule: SequenceSchedule) {
        let rows = schedule.order.count
        guard rows > 0 else { return }
        let H = hidden, G = 3 * hidden, T = length
        let h = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let step = UnsafeMutablePointer<Float>.allocate(capacity: rows * G)
        defer { h.deallocate(); step.deallocate() }
        for (r, n) in schedule.order.enumerated() {
            if let h0 = initialHidden { (h + r * H).update(from: h0 + n * H, count: H) } else { (h + r * H).initialize(repeating: 0, count: H) }
        }
        let b = biasX, bhn = biasHN
        for s in 0..<schedule.steps {
            let active = schedule.active[s]
            BLAS.sgemm(transA: false, transB: false, m: active, n: G, k: H, a: h, lda: H, b: weightHHTransposed, ldb: G,
                       beta: 0, c: step, ldc: G)
            for r in 0..<active {
                let n = schedule.order[r]
                let pos = n * T + schedule.time(row: n, step: s, reverse: reverse)
                let sp = step + r * G
                // W_hn·h + b_hn overwrites its slot of the step product (kept for the backward pass).
                RecurrentGateKernels.gruForwardRow(hidden: H, gates: gateValues + pos * G, recurrent: sp, bias: b, biasHN: bhn,
                                                   h: h + r * H, out: output + pos * outputStride)
                if let saved { (saved + pos * H).update(from: sp + 2 * H, count: H) }
            }
        }
        for (r, n) in schedule.order.enumerated() {
            (finalHidden + n * H).update(from: h + r * H, count: H)
        }
    }

    /// Backpropagates through time: fills `grad.gateInput`, `grad.gateHidden`, `grad.previous` and
    /// the initial-state gradient. Needs `saved` (`W_hn·h + b_hn`).
    func gruBackward(_ schedule: SequenceSchedule, _ grad: RecurrentDirectionGradients) {
        let rows = schedule.order.count
        guard rows > 0, let hns = saved else { return }
        let H = hidden, G = 3 * hidden, T = length
        let dh = UnsafeMutablePointer<Float>.allocate(capacity: rows * H)
        let step = UnsafeMutablePointer<Float>.allocate(capacity: rows * G)
        let zeros = UnsafeMutablePointer<Float>.allocate(capacity: H)
        defer { dh.deallocate(); step.deallocate(); zeros.deallocate() }
        zeros.initialize(repeating: 0, count: H)
        for (r, n) in schedule.order.enumerated() {
            (dh + r * H).update(from: grad.finalHidden + n * H, count: H)
        }
        for s in stride(from: schedule.steps - 1, through: 0, by: -1) {
            let active = schedule.active[s]
            for r in 0..<active {
                let n = schedule.order[r]
                let t = schedule.time(row: n, step: s, reverse: reverse)
                let pos = n * T + t
                let hPrev: UnsafePointer<Float>
                if s > 0 {
                    hPrev = UnsafePointer(output + (n * T + (reverse ? t + 1 : t - 1)) * outputStride)
                } else {
                    hPrev = initialHidden.map { $0 + n * H } ?? UnsafePointer(zeros)
                }
                (grad.previous + pos * H).update(from: hPrev, count: H)
                let gh = grad.gateHidden + pos * G
                RecurrentGateKernels.gruBackwardRow(hidden: H, gates: gateValues + pos * G, hn: hns + pos * H, hPrevious: hPrev,
                                                    dy: grad.output + pos * outputStride, dh: dh + r * H,
                                                    dGatesInput: grad.gateInput + pos * G, dGatesHidden: gh)
                (step + r * G).update(from: gh, count: G)
            }
            // dh_{t−1} = z ⊙ dh_t (set above) + dGates_h · W_hh for the running rows.
            BLAS.sgemm(transA: false, transB: false, m: active, n: H, k: G, a: step, lda: G, b: weightHH, ldb: H,
                       beta: 1, c: dh, ldc: H)
        }
        for (r, n) in schedule.order.enumerated() {
            (grad.initialHidden + n * H).update(from: dh + r * H, count: H)
        }
    }
}
