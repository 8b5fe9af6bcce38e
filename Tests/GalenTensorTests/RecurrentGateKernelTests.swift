import Foundation
import Testing
@testable import GalenTensor

/// The C gate kernels of the LSTM and GRU (`RecurrentGateKernels`), every instruction-set path this
/// CPU supports (baseline, AVX2 + FMA, AVX-512), against the equations evaluated here in Double,
/// at hidden sizes that exercise vector bodies and remainders.
@Suite struct RecurrentGateKernelTests {
    /// The paths this machine can run (a level above the CPU's best would silently run the best one).
    static let levels = Array(0...RecurrentGateKernels.bestLevel)
    static let hiddenSizes = [1, 3, 7, 16, 17, 33, 64, 65]

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// Reproducible values in [-scale, scale].
    static func values(_ count: Int, seed: UInt64, scale: Float) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: -scale...scale, using: &g) }
    }

    static func expectClose(_ got: [Float], _ want: [Double], _ what: String, tolerance: Double = 2e-6) {
        #expect(got.count == want.count)
        var worst = 0.0, at = 0
        for (i, (g, w)) in zip(got, want).enumerated() {
            let e = Swift.abs(Double(g) - w) / max(1, Swift.abs(w))
            if !(e <= worst) { worst = e; at = i }
        }
        #expect(worst <= tolerance, "\(what): error \(worst) at \(at) (got \(got[at]), want \(want[at]))")
    }

    /// sigmoid and tanh of every path against Foundation's in Double over [-30, 30], read through an
    /// LSTM step with zero recurrent part, bias and cell (its gates are then σ(x) or tanh(x)).
    @Test(arguments: levels) func activationsAreAccurate(level: Int) {
        let H = 1_000
        var worstSigmoid = 0.0, worstTanh = 0.0, worstTanhRelative = 0.0
        var gates = [Float](repeating: 0, count: 4 * H)
        let zeros = [Float](repeating: 0, count: 4 * H)
        var cell = [Float](repeating: 0, count: H), h = cell, tanhCell = cell, out = cell
        for chunk in stride(from: -300_000, through: 300_000, by: H) {
            let xs = (0..<H).map { Float(chunk + $0) * 1e-4 }
            for j in 0..<H { gates[j] = xs[j]; gates[2 * H + j] = xs[j]; gates[H + j] = 0; gates[3 * H + j] = 0 }
            RecurrentGateKernels.lstmForwardRow(level: level, hidden: H, gates: &gates, recurrent: zeros, bias: zeros,
                                                cell: &cell, h: &h, tanhCell: &tanhCell, out: &out)
            for j in 0..<H {
                let x = Double(xs[j])
                worstSigmoid = max(worstSigmoid, Swift.abs(Double(gates[j]) - Self.sigmoid(x)))
                let t = Foundation.tanh(x), e = Swift.abs(Double(gates[2 * H + j]) - t)
                worstTanh = max(worstTanh, e)
                if x != 0 { worstTanhRelative = max(worstTanhRelative, e / Swift.abs(t)) }
                cell[j] = 0
            }
        }
        #expect(worstSigmoid < 3e-7, "sigmoid error \(worstSigmoid) at level \(level)")
        #expect(worstTanh < 3e-7, "tanh error \(worstTanh) at level \(level)")
        #expect(worstTanhRelative < 1e-6, "tanh relative error \(worstTanhRelative) at level \(level)")

        // Far outside the range: saturated, finite.
        var far: [Float] = [-200, 200, 0, 0]
        var c: [Float] = [0], hh: [Float] = [0], tc: [Float] = [0], o: [Float] = [0]
        RecurrentGateKernels.lstmForwardRow(level: level, hidden: 1, gates: &far, recurrent: [0, 0, 0, 0], bias: [0, 0, 0, 0],
                                            cell: &c, h: &hh, tanhCell: &tc, out: &o)
        #expect(far[0] < 1e-37 && far[1] == 1)
        var big: [Float] = [0, 0, 200, 0], small: [Float] = [0, 0, -200, 0]
        RecurrentGateKernels.lstmForwardRow(level: level, hidden: 1, gates: &big, recurrent: [0, 0, 0, 0], bias: [0, 0, 0, 0],
                                            cell: &c, h: &hh, tanhCell: &tc, out: &o)
        RecurrentGateKernels.lstmForwardRow(level: level, hidden: 1, gates: &small, recurrent: [0, 0, 0, 0], bias: [0, 0, 0, 0],
                                            cell: &c, h: &hh, tanhCell: &tc, out: &o)
        #expect(big[2] == 1 && small[2] == -1)
    }

    @Test(arguments: levels, hiddenSizes) func lstmStepMatchesEquations(level: Int, H: Int) {
        let x = Self.values(4 * H, seed: 1, scale: 3), rec = Self.values(4 * H, seed: 2, scale: 2)
        let bias = Self.values(4 * H, seed: 3, scale: 1), c0 = Self.values(H, seed: 4, scale: 2)
        var gates = x, cell = c0
        var h = [Float](repeating: 0, count: H), tanhCell = h, out = h
        RecurrentGateKernels.lstmForwardRow(level: level, hidden: H, gates: &gates, recurrent: rec, bias: bias,
                                            cell: &cell, h: &h, tanhCell: &tanhCell, out: &out)
        var wantGates = [Double](repeating: 0, count: 4 * H), wantC = [Double](repeating: 0, count: H)
        var wantTanh = wantC, wantH = wantC
        for j in 0..<(4 * H) {
            let a = Double(x[j]) + Double(rec[j]) + Double(bias[j])
            wantGates[j] = (2 * H..<3 * H).contains(j) ? Foundation.tanh(a) : Self.sigmoid(a)
        }
        for j in 0..<H {
            // From the kernel's own gates, so that the check of c' does not compound the gate errors.
            let i = Double(gates[j]), f = Double(gates[H + j]), g = Double(gates[2 * H + j]), o = Double(gates[3 * H + j])
            wantC[j] = f * Double(c0[j]) + i * g
            wantTanh[j] = Foundation.tanh(Double(cell[j]))
            wantH[j] = o * Double(tanhCell[j])
        }
        Self.expectClose(gates, wantGates, "LSTM gates H=\(H) level \(level)")
        Self.expectClose(cell, wantC, "LSTM cell H=\(H) level \(level)")
        Self.expectClose(tanhCell, wantTanh, "LSTM tanh(c) H=\(H) level \(level)")
        Self.expectClose(h, wantH, "LSTM h H=\(H) level \(level)")
        #expect(out == h)

        // Without a recurrent buffer, from gates that already hold x·W_ihᵀ + h·W_hhᵀ: the same result.
        var summed = zip(x, rec).map { $0 + $1 }, cell2 = c0
        var h2 = [Float](repeating: 0, count: H), tanh2 = h2, out2 = h2
        RecurrentGateKernels.lstmForwardRow(level: level, hidden: H, gates: &summed, recurrent: nil, bias: bias,
                                            cell: &cell2, h: &h2, tanhCell: &tanh2, out: &out2)
        #expect(summed == gates && cell2 == cell && tanh2 == tanhCell && h2 == h)

        // Backward from these saved values.
        let dy = Self.values(H, seed: 5, scale: 1), dh0 = Self.values(H, seed: 6, scale: 1), dc0 = Self.values(H, seed: 7, scale: 1)
        var dh = dh0, dc = dc0, dGates = [Float](repeating: .nan, count: 4 * H)
        RecurrentGateKernels.lstmBackwardRow(level: level, hidden: H, gates: gates, tanhCell: tanhCell, cellPrevious: c0,
                                             dy: dy, dh: &dh, dCell: &dc, dGates: &dGates)
        var wantDG = [Double](repeating: 0, count: 4 * H), wantDC = [Double](repeating: 0, count: H), wantDH = wantDC
        for j in 0..<H {
            let i = Double(gates[j]), f = Double(gates[H + j]), g = Double(gates[2 * H + j]), o = Double(gates[3 * H + j])
            let tc = Double(tanhCell[j]), d = Double(dh0[j]) + Double(dy[j])
            let dct = Double(dc0[j]) + d * o * (1 - tc * tc)
            wantDG[j] = dct * g * i * (1 - i)
            wantDG[H + j] = dct * Double(c0[j]) * f * (1 - f)
            wantDG[2 * H + j] = dct * i * (1 - g * g)
            wantDG[3 * H + j] = d * tc * o * (1 - o)
            wantDC[j] = dct * f
            wantDH[j] = d
        }
        Self.expectClose(dGates, wantDG, "LSTM dGates H=\(H) level \(level)")
        Self.expectClose(dc, wantDC, "LSTM dCell H=\(H) level \(level)")
        Self.expectClose(dh, wantDH, "LSTM dh H=\(H) level \(level)")
    }

    @Test(arguments: levels, hiddenSizes) func gruStepMatchesEquations(level: Int, H: Int) {
        let x = Self.values(3 * H, seed: 11, scale: 3), rec = Self.values(3 * H, seed: 12, scale: 2)
        let bias = Self.values(3 * H, seed: 13, scale: 1), bhn = Self.values(H, seed: 14, scale: 1)
        let h0 = Self.values(H, seed: 15, scale: 1)
        var gates = x, recurrent = rec, h = h0, out = [Float](repeating: 0, count: H)
        RecurrentGateKernels.gruForwardRow(level: level, hidden: H, gates: &gates, recurrent: &recurrent, bias: bias,
                                           biasHN: bhn, h: &h, out: &out)
        var wantGates = [Double](repeating: 0, count: 3 * H), wantHN = [Double](repeating: 0, count: H), wantH = wantHN
        for j in 0..<(2 * H) { wantGates[j] = Self.sigmoid(Double(x[j]) + Double(rec[j]) + Double(bias[j])) }
        for j in 0..<H {
            let hn = Double(rec[2 * H + j]) + Double(bhn[j])
            wantHN[j] = hn
            let r = Double(gates[j]), z = Double(gates[H + j])
            let n = Foundation.tanh(Double(x[2 * H + j]) + Double(bias[2 * H + j]) + r * hn)
            wantGates[2 * H + j] = n
            wantH[j] = (1 - z) * Double(gates[2 * H + j]) + z * Double(h0[j])
        }
        Self.expectClose(gates, wantGates, "GRU gates H=\(H) level \(level)")
        Self.expectClose(Array(recurrent[(2 * H)...]), wantHN, "GRU W_hn·h + b_hn H=\(H) level \(level)")
        #expect(Array(recurrent[..<(2 * H)]) == Array(rec[..<(2 * H)]))
        Self.expectClose(h, wantH, "GRU h H=\(H) level \(level)")
        #expect(out == h)

        let dy = Self.values(H, seed: 16, scale: 1), dh0 = Self.values(H, seed: 17, scale: 1)
        let hn = Array(recurrent[(2 * H)...])
        var dh = dh0, dIn = [Float](repeating: .nan, count: 3 * H), dHid = dIn
        RecurrentGateKernels.gruBackwardRow(level: level, hidden: H, gates: gates, hn: hn, hPrevious: h0, dy: dy, dh: &dh,
                                            dGatesInput: &dIn, dGatesHidden: &dHid)
        var wantIn = [Double](repeating: 0, count: 3 * H), wantHid = wantIn, wantDH = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let r = Double(gates[j]), z = Double(gates[H + j]), n = Double(gates[2 * H + j])
            let d = Double(dh0[j]) + Double(dy[j])
            let dn = d * (1 - z) * (1 - n * n), dr = dn * Double(hn[j]) * r * (1 - r), dz = d * (Double(h0[j]) - n) * z * (1 - z)
            wantIn[j] = dr; wantIn[H + j] = dz; wantIn[2 * H + j] = dn
            wantHid[j] = dr; wantHid[H + j] = dz; wantHid[2 * H + j] = dn * r
            wantDH[j] = d * z
        }
        Self.expectClose(dIn, wantIn, "GRU input-side gradients H=\(H) level \(level)")
        Self.expectClose(dHid, wantHid, "GRU recurrent-side gradients H=\(H) level \(level)")
        Self.expectClose(dh, wantDH, "GRU dh H=\(H) level \(level)")
    }

    /// The paths agree with each other (they differ only by rounding: FMA contraction, vector width).
    @Test func pathsAgree() {
        let H = 37
        func run(_ level: Int) -> [Float] {
            var gates = Self.values(4 * H, seed: 21, scale: 4), cell = Self.values(H, seed: 22, scale: 2)
            var h = [Float](repeating: 0, count: H), tanhCell = h, out = h
            RecurrentGateKernels.lstmForwardRow(level: level, hidden: H, gates: &gates, recurrent: Self.values(4 * H, seed: 23, scale: 1),
                                                bias: Self.values(4 * H, seed: 24, scale: 1), cell: &cell, h: &h,
                                                tanhCell: &tanhCell, out: &out)
            return gates + cell + tanhCell + h
        }
        let baseline = run(0)
        for level in Self.levels.dropFirst() {
            Self.expectClose(run(level), baseline.map(Double.init), "level \(level) against baseline", tolerance: 1e-6)
        }
        // A level above the CPU's best runs the best one (and a negative one the baseline).
        #expect(RecurrentGateKernels.bestLevel >= 0 && RecurrentGateKernels.bestLevel <= 2)
        #expect(run(7) == run(RecurrentGateKernels.bestLevel))
        #expect(run(-1) == baseline)
    }
}
