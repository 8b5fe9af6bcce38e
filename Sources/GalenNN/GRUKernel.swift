import GalenTensor

/// The GRU recurrence of one direction over the sequences of one `SequenceSchedule`, forward and
/// backward through time, with PyTorch's equations and gate order (r, z, n):
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// The input projection of every position is already in `gateValues` (one GEMM by the caller); each
/// step is one GEMM of the running states with `W_hh` and one fused pass over the gates. Scratch
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
            BLAS.sgemm(transA: false, transB: true, m: active, n: G, k: H, a: h, lda: H, b: weightHH, ldb: H,
                       beta: 0, c: step, ldc: G)
            for r in 0..<active {
                let n = schedule.order[r]
                let pos = n * T + schedule.time(row: n, step: s, reverse: reverse)
                let gv = gateValues + pos * G, sp = step + r * G
                for j in 0..<(2 * H) { gv[j] = RecurrentActivations.sigmoid(gv[j] + sp[j] + b[j]) }
                let hr = h + r * H, out = output + pos * outputStride
                // W_hn·h + b_hn overwrites its slot of the step product (kept for the backward pass).
                for j in 0..<H {
                    let hn = sp[2 * H + j] + bhn[j]
                    sp[2 * H + j] = hn
                    let nv = RecurrentActivations.tanh(gv[2 * H + j] + b[2 * H + j] + gv[j] * hn)
                    gv[2 * H + j] = nv
                    let z = gv[H + j]
                    let hv = (1 - z) * nv + z * hr[j]
                    hr[j] = hv
                    out[j] = hv
                }
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
                let gv = gateValues + pos * G, hn = hns + pos * H, dy = grad.output + pos * outputStride
                let dhr = dh + r * H, gx = grad.gateInput + pos * G, gh = grad.gateHidden + pos * G
                for j in 0..<H {
                    let rg = gv[j], z = gv[H + j], nv = gv[2 * H + j]
                    let dhv = dhr[j] + dy[j]
                    let dan = dhv * (1 - z) * (1 - nv * nv)
                    let dar = dan * hn[j] * rg * (1 - rg)
                    let daz = dhv * (hPrev[j] - nv) * z * (1 - z)
                    gx[j] = dar; gx[H + j] = daz; gx[2 * H + j] = dan
                    gh[j] = dar; gh[H + j] = daz; gh[2 * H + j] = dan * rg
                    dhr[j] = dhv * z
                }
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
