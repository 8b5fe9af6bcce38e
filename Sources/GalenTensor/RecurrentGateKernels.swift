import CGalenPlatform

/// The fused gate arithmetic of the LSTM and GRU recurrences, one batch row of one time step per
/// call, in C (`CGalenPlatform/recurrent_gates.c`) compiled for baseline x86-64, AVX2 + FMA and
/// AVX-512, dispatched by what this CPU supports (Swift code is compiled for baseline x86-64 only,
/// where the sigmoid/tanh loops run 4 floats wide). Gate order and equations are PyTorch's.
///
/// All buffers are Float32, `hidden` = H units, and must not overlap. `level` selects the
/// instruction set for tests (0 baseline, 1 AVX2 + FMA, 2 AVX-512); a level above `bestLevel`
/// runs `bestLevel`. sigmoid and tanh are Cephes' single-precision approximations: within 3e-7
/// absolute of the exact functions (checked by `RecurrentGateKernelTests`).
public enum RecurrentGateKernels {
    /// The widest instruction set this CPU and OS support: 2 AVX-512, 1 AVX2 + FMA, 0 baseline
    /// (SSE2 on x86-64, NEON on arm64).
    public static let bestLevel = Int(galen_simd_level())

    /// LSTM step for one row. `gates` `[4H]`: `x·W_ihᵀ` on entry, σ(i), σ(f), tanh(g), σ(o) on
    /// return (pre-activations are `gates + recurrent + bias`, `recurrent` = `h·W_hhᵀ` `[4H]`, or nil
    /// when `gates` already holds `x·W_ihᵀ + h·W_hhᵀ`; `bias` `[4H]`). `cell` `[H]` becomes c' = f⊙c + i⊙g; `tanhCell` `[H]` receives tanh(c'); `h` and
    /// `out` (`[H]` each) receive o⊙tanh(c').
    @inlinable
    public static func lstmForwardRow(level: Int = bestLevel, hidden: Int, gates: UnsafeMutablePointer<Float>,
                                      recurrent: UnsafePointer<Float>?, bias: UnsafePointer<Float>,
                                      cell: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
                                      tanhCell: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>) {
        galen_lstm_forward_row(Int32(level), Int32(hidden), gates, recurrent, bias, cell, h, tanhCell, out)
    }

    /// LSTM backward through one step for one row. `dh` `[H]` (pending gradient of h_t) becomes
    /// `dh + dy`; `dCell` `[H]` (pending gradient of c_t) becomes the gradient of c_{t−1};
    /// `dGates` `[4H]` receives the gradients of the four pre-activations. `gates`, `tanhCell` and
    /// `cellPrevious` (c_{t−1}) are what the forward step saved.
    @inlinable
    public static func lstmBackwardRow(level: Int = bestLevel, hidden: Int, gates: UnsafePointer<Float>,
                                       tanhCell: UnsafePointer<Float>, cellPrevious: UnsafePointer<Float>,
                                       dy: UnsafePointer<Float>, dh: UnsafeMutablePointer<Float>,
                                       dCell: UnsafeMutablePointer<Float>, dGates: UnsafeMutablePointer<Float>) {
        galen_lstm_backward_row(Int32(level), Int32(hidden), gates, tanhCell, cellPrevious, dy, dh, dCell, dGates)
    }

    /// GRU step for one row. `gates` `[3H]`: `x·W_ihᵀ` on entry, σ(r), σ(z), n on return;
    /// `recurrent` `[3H]` (`h·W_hhᵀ`) has its n slot replaced by `W_hn·h + b_hn`; `bias` `[3H]` is
    /// `b_ih + (b_hr, b_hz, 0)`, `biasHN` `[H]` is `b_hn`; `h` `[H]` becomes (1−z)⊙n + z⊙h, copied to `out`.
    @inlinable
    public static func gruForwardRow(level: Int = bestLevel, hidden: Int, gates: UnsafeMutablePointer<Float>,
                                     recurrent: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
                                     biasHN: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>,
                                     out: UnsafeMutablePointer<Float>) {
        galen_gru_forward_row(Int32(level), Int32(hidden), gates, recurrent, bias, biasHN, h, out)
    }

    /// GRU backward through one step for one row: with d = dh + dy, writes the pre-activation
    /// gradients of the input side `dGatesInput` `[3H]` and of the recurrent side `dGatesHidden`
    /// `[3H]`, and sets `dh` to z⊙d (the direct part of the gradient of h_{t−1}). `hn` `[H]` is
    /// `W_hn·h_{t−1} + b_hn` saved by the forward step, `hPrevious` `[H]` is h_{t−1}.
    @inlinable
    public static func gruBackwardRow(level: Int = bestLevel, hidden: Int, gates: UnsafePointer<Float>,
                                      hn: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>,
                                      dy: UnsafePointer<Float>, dh: UnsafeMutablePointer<Float>,
                                      dGatesInput: UnsafeMutablePointer<Float>, dGatesHidden: UnsafeMutablePointer<Float>) {
        galen_gru_backward_row(Int32(level), Int32(hidden), gates, hn, hPrevious, dy, dh, dGatesInput, dGatesHidden)
    }
}
