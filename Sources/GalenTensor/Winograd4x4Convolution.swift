import Foundation

// Winograd's minimal filtering F(4×4, 3×3) (Lavin & Gray 2016, interpolation points 0, ±1, ±2, ∞): each 4×4
// output tile of a 3×3 stride-1 convolution is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for the 6×6 input tile d, so the
// products need 36 multiplications per 16 outputs (F(2×2, 3×3): 16 per 4; direct: 144 per 16). The 36 products
// per tile run as 36 BLAS products over all tiles and channels, as in WinogradConvolution.swift.
//
// The transforms below work on whole rows of tiles at once: every loop runs over tiles with unit stride, so that
// plain scalar code auto-vectorises. The 1-D transforms, with their adjoints used by the gradients:
//   Bᵀ (6×6): ( 4  0 −5  0  1  0) ( 0 −4 −4  1  1  0) ( 0  4 −4 −1  1  0)
//             ( 0 −2 −1  2  1  0) ( 0  2 −1 −2  1  0) ( 0  4  0 −5  0  1)
//   G (6×3):  (¼ 0 0) (−⅙ −⅙ −⅙) (−⅙ ⅙ −⅙) (1⁄24 1⁄12 ⅙) (1⁄24 −1⁄12 ⅙) (0 0 1)
//   Aᵀ (4×6): (1 1 1 1 1 0) (0 1 −1 2 −2 0) (0 1 1 4 4 0) (0 1 −1 8 −8 1)

extension Kernels {
    /// `Bᵀ d` for one column `d` of six values (the input transform along one axis), four columns at a time.
    @inline(__always)
    static func winograd4B(_ d0: SIMD4<Float>, _ d1: SIMD4<Float>, _ d2: SIMD4<Float>, _ d3: SIMD4<Float>,
                           _ d4: SIMD4<Float>, _ d5: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let a = d4 - 4 * d2, b = d3 - 4 * d1  // rows 1 and 2: (d4 − 4d2) ± (d3 − 4d1)
        let e = d4 - d2, f = 2 * (d3 - d1)    // rows 3 and 4: (d4 − d2) ± 2(d3 − d1)
        return (4 * d0 - 5 * d2 + d4, a + b, a - b, e + f, e - f, 4 * d1 - 5 * d3 + d5)
    }

    /// `Aᵀ m` for one column `m` of six values (the output transform along one axis), four columns at a time.
    @inline(__always)
    static func winograd4A(_ m0: SIMD4<Float>, _ m1: SIMD4<Float>, _ m2: SIMD4<Float>, _ m3: SIMD4<Float>,
                           _ m4: SIMD4<Float>, _ m5: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let p = m1 + m2, q = m1 - m2, r = m3 + m4, s = m3 - m4
        return (m0 + p + r, q + 2 * s, p + 4 * r, q + 8 * s + m5)
    }

    /// `A g` for four values `g` (the adjoint of `winograd4A`: output gradients into the Winograd domain), four
    /// columns at a time.
    @inline(__always)
    static func winograd4AAdjoint(_ g0: SIMD4<Float>, _ g1: SIMD4<Float>, _ g2: SIMD4<Float>, _ g3: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let even1 = g0 + g2, odd1 = g1 + g3, even2 = g0 + 4 * g2, odd2 = 2 * g1 + 8 * g3
        return (g0, even1 + odd1, even1 - odd1, even2 + odd2, even2 - odd2, g3)
    }

    /// `G k` for one column `k` of three kernel taps (the weight transform along one axis), four at a time.
    @inline(__always)
    static func winograd4G(_ k0: SIMD4<Float>, _ k1: SIMD4<Float>, _ k2: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let s = k0 + k2, third = 1 / Float(6)
        let q0 = k0 * (1 / Float(24)) + k2 * third, q1 = k1 * (1 / Float(12))
        return (0.25 * k0, -(s + k1) * third, (k1 - s) * third, q0 + q1, q0 - q1, k2)
    }

    /// `Gᵀ d` for six values `d` (the adjoint of `winograd4G`: weight gradients out of the Winograd domain), four
    /// at a time.
    @inline(__always)
    static func winograd4GAdjoint(_ d0: SIMD4<Float>, _ d1: SIMD4<Float>, _ d2: SIMD4<Float>, _ d3: SIMD4<Float>,
                                  _ d4: SIMD4<Float>, _ d5: SIMD4<Float>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let s34 = d3 + d4, m34 = d3 - d4, s12 = d1 + d2, third = 1 / Float(6)
        return (0.25 * d0 - s12 * third + s34 * (1 / Float(24)), (d2 - d1) * third + m34 * (1 / Float(12)),
                (s34 - s12) * third + d5)
    }

    /// Four floats from `p + q` (unaligned).
    @inline(__always)
    static func load4(_ p: UnsafePointer<Float>, _ q: Int) -> SIMD4<Float> {
        UnsafeRawPointer(p + q).loadUnaligned(as: SIMD4<Float>.self)
    }

    /// Four floats to `p + q` (unaligned).
    @inline(__always)
    static func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>, _ q: Int) {
        UnsafeMutableRawPointer(p + q).storeBytes(of: v, as: SIMD4<Float>.self)
    }

    /// `(d0 … d5)[q] = Bᵀ (p0 … p5)[q]` for `q` in `0 ..< count`: `winograd4B` over rows of values, four at a
    /// time in SIMD4 lanes (the last `count mod 4` one by one).
    static func winograd4BRows(_ p0: UnsafePointer<Float>, _ p1: UnsafePointer<Float>, _ p2: UnsafePointer<Float>,
                               _ p3: UnsafePointer<Float>, _ p4: UnsafePointer<Float>, _ p5: UnsafePointer<Float>,
                               into d0: UnsafeMutablePointer<Float>, _ d1: UnsafeMutablePointer<Float>,
                               _ d2: UnsafeMutablePointer<Float>, _ d3: UnsafeMutablePointer<Float>,
                               _ d4: UnsafeMutablePointer<Float>, _ d5: UnsafeMutablePointer<Float>, count: Int) {
        var q = 0
        while q + 4 <= count {
            let r = winograd4B(load4(p0, q), load4(p1, q), load4(p2, q), load4(p3, q), load4(p4, q), load4(p5, q))
            store4(r.0, d0, q); store4(r.1, d1, q); store4(r.2, d2, q)
            store4(r.3, d3, q); store4(r.4, d4, q); store4(r.5, d5, q)
            q += 4
        }
        while q < count {
            let r = winograd4B(SIMD4(repeating: p0[q]), SIMD4(repeating: p1[q]), SIMD4(repeating: p2[q]),
                               SIMD4(repeating: p3[q]), SIMD4(repeating: p4[q]), SIMD4(repeating: p5[q]))
            d0[q] = r.0[0]; d1[q] = r.1[0]; d2[q] = r.2[0]; d3[q] = r.3[0]; d4[q] = r.4[0]; d5[q] = r.5[0]
            q += 1
        }
    }

    /// `(d0 … d3)[q] = Aᵀ (p0 … p5)[q]` for `q` in `0 ..< count` (as `winograd4BRows`).
    static func winograd4ARows(_ p0: UnsafePointer<Float>, _ p1: UnsafePointer<Float>, _ p2: UnsafePointer<Float>,
                               _ p3: UnsafePointer<Float>, _ p4: UnsafePointer<Float>, _ p5: UnsafePointer<Float>,
                               into d0: UnsafeMutablePointer<Float>, _ d1: UnsafeMutablePointer<Float>,
                               _ d2: UnsafeMutablePointer<Float>, _ d3: UnsafeMutablePointer<Float>, count: Int) {
        var q = 0
        while q + 4 <= count {
            let r = winograd4A(load4(p0, q), load4(p1, q), load4(p2, q), load4(p3, q), load4(p4, q), load4(p5, q))
            store4(r.0, d0, q); store4(r.1, d1, q); store4(r.2, d2, q); store4(r.3, d3, q)
            q += 4
        }
        while q < count {
            let r = winograd4A(SIMD4(repeating: p0[q]), SIMD4(repeating: p1[q]), SIMD4(repeating: p2[q]),
                               SIMD4(repeating: p3[q]), SIMD4(repeating: p4[q]), SIMD4(repeating: p5[q]))
            d0[q] = r.0[0]; d1[q] = r.1[0]; d2[q] = r.2[0]; d3[q] = r.3[0]
            q += 1
        }
    }

    /// `(d0 … d5)[q] = A (g0 … g3)[q]` for `q` in `0 ..< count` (as `winograd4BRows`).
    static func winograd4AAdjointRows(_ g0: UnsafePointer<Float>, _ g1: UnsafePointer<Float>,
                                      _ g2: UnsafePointer<Float>, _ g3: UnsafePointer<Float>,
                                      into d0: UnsafeMutablePointer<Float>, _ d1: UnsafeMutablePointer<Float>,
                                      _ d2: UnsafeMutablePointer<Float>, _ d3: UnsafeMutablePointer<Float>,
                                      _ d4: UnsafeMutablePointer<Float>, _ d5: UnsafeMutablePointer<Float>, count: Int) {
        var q = 0
        while q + 4 <= count {
            let r = winograd4AAdjoint(load4(g0, q), load4(g1, q), load4(g2, q), load4(g3, q))
            store4(r.0, d0, q); store4(r.1, d1, q); store4(r.2, d2, q)
            store4(r.3, d3, q); store4(r.4, d4, q); store4(r.5, d5, q)
            q += 4
        }
        while q < count {
            let r = winograd4AAdjoint(SIMD4(repeating: g0[q]), SIMD4(repeating: g1[q]), SIMD4(repeating: g2[q]),
                                      SIMD4(repeating: g3[q]))
            d0[q] = r.0[0]; d1[q] = r.1[0]; d2[q] = r.2[0]; d3[q] = r.3[0]; d4[q] = r.4[0]; d5[q] = r.5[0]
            q += 1
        }
    }

    /// `(d0 … d5)[q] = G (k0, k1, k2)[q]` for `q` in `0 ..< count` (as `winograd4BRows`).
    static func winograd4GRows(_ k0: UnsafePointer<Float>, _ k1: UnsafePointer<Float>, _ k2: UnsafePointer<Float>,
                               into d0: UnsafeMutablePointer<Float>, _ d1: UnsafeMutablePointer<Float>,
                               _ d2: UnsafeMutablePointer<Float>, _ d3: UnsafeMutablePointer<Float>,
                               _ d4: UnsafeMutablePointer<Float>, _ d5: UnsafeMutablePointer<Float>, count: Int) {
        var q = 0
        while q + 4 <= count {
            let r = winograd4G(load4(k0, q), load4(k1, q), load4(k2, q))
            store4(r.0, d0, q); store4(r.1, d1, q); store4(r.2, d2, q)
            store4(r.3, d3, q); store4(r.4, d4, q); store4(r.5, d5, q)
            q += 4
        }
        while q < count {
            let r = winograd4G(SIMD4(repeating: k0[q]), SIMD4(repeating: k1[q]), SIMD4(repeating: k2[q]))
            d0[q] = r.0[0]; d1[q] = r.1[0]; d2[q] = r.2[0]; d3[q] = r.3[0]; d4[q] = r.4[0]; d5[q] = r.5[0]
            q += 1
        }
    }

    /// `(t0, t1, t2)[q] = Gᵀ (d0 … d5)[q]` for `q` in `0 ..< count` (as `winograd4BRows`).
    static func winograd4GAdjointRows(_ d0: UnsafePointer<Float>, _ d1: UnsafePointer<Float>,
                                      _ d2: UnsafePointer<Float>, _ d3: UnsafePointer<Float>,
                                      _ d4: UnsafePointer<Float>, _ d5: UnsafePointer<Float>,
                                      into t0: UnsafeMutablePointer<Float>, _ t1: UnsafeMutablePointer<Float>,
                                      _ t2: UnsafeMutablePointer<Float>, count: Int) {
        var q = 0
        while q + 4 <= count {
            let r = winograd4GAdjoint(load4(d0, q), load4(d1, q), load4(d2, q), load4(d3, q), load4(d4, q), load4(d5, q))
            store4(r.0, t0, q); store4(r.1, t1, q); store4(r.2, t2, q)
            q += 4
        }
        while q < count {
            let r = winograd4GAdjoint(SIMD4(repeating: d0[q]), SIMD4(repeating: d1[q]), SIMD4(repeating: d2[q]),
                                      SIMD4(repeating: d3[q]), SIMD4(repeating: d4[q]), SIMD4(repeating: d5[q]))
            t0[q] = r.0[0]; t1[q] = r.1[0]; t2[q] = r.2[0]
            q += 1
        }
    }

    /// Output tiles (rows, columns) of F(4×4, 3×3) for an `oh` × `ow` output.
    static func winograd4Tiles(oh: Int, ow: Int) -> (Int, Int) { ((oh + 3) / 4, (ow + 3) / 4) }

    /// Images per F(4×4) block for `c` input and `o` output channels and `tiles` 4×4 output tiles per image, so
    /// that the transformed inputs and products (36 values per tile and channel) stay within
    /// `winogradScratchFloats`.
    static func winograd4Group(images n: Int, c: Int, o: Int, tiles: Int) -> Int {
        max(1, min(n, winogradScratchFloats / max(36 * (c + o) * tiles, 1)))
    }

    /// Transforms 3×3 kernels into the F(4×4) Winograd domain, `U = G g Gᵀ` (6×6 per kernel), as 36 matrices
    /// `U[ξ][o][c]` (ξ = 6i + j), the left factors of the 36 products of the forward convolution. With
    /// `rotated`, each kernel is first rotated by 180° (what the input gradient convolves with; its products read
    /// the planes transposed, which swaps the channels).
    ///
    /// - Parameters:
    ///   - weight: `[o, c, 3, 3]`.
    ///   - u: `36 · o · c` floats.
    static func winograd4WeightTransform(_ weight: UnsafePointer<Float>, o: Int, c: Int, rotated: Bool,
                                         into u: UnsafeMutablePointer<Float>) {
        let plane = o * c, chunk = winogradKernelChunk
        // Blocks of `chunk` kernels gathered tap-major, so that each of the 36 planes gets `chunk` contiguous
        // values from one vectorised loop (see `winogradWeightTransform`).
        Parallel.forRanges((plane + chunk - 1) / chunk, costPerItem: 200 * chunk) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 27 * chunk) { buffer in
                let t = buffer.baseAddress!, rows = t + 9 * chunk  // taps [9][chunk], G k per row [6 · 3][chunk]
                for block in r {
                    let lo = block * chunk, count = min(chunk, plane - lo)
                    for l in 0..<count {
                        let k = weight + (lo + l) * 9
                        for tap in 0..<9 { t[tap * chunk + l] = k[rotated ? 8 - tap : tap] }
                    }
                    // G down each kernel column b: rows[i][b] = Σ_a G[i][a] k[a][b].
                    for b in 0..<3 {
                        let k0 = t + b * chunk, k1 = t + (3 + b) * chunk, k2 = t + (6 + b) * chunk
                        let d0 = rows + b * chunk, d1 = d0 + 3 * chunk, d2 = d1 + 3 * chunk
                        let d3 = d2 + 3 * chunk, d4 = d3 + 3 * chunk, d5 = d4 + 3 * chunk
                        winograd4GRows(k0, k1, k2, into: d0, d1, d2, d3, d4, d5, count: count)
                    }
                    // … then G along each of the six rows: U[6i + j] = Σ_b rows[i][b] G[j][b].
                    for i in 0..<6 {
                        let r0 = rows + 3 * i * chunk, r1 = r0 + chunk, r2 = r1 + chunk
                        let d0 = u + 6 * i * plane + lo, d1 = d0 + plane, d2 = d1 + plane
                        let d3 = d2 + plane, d4 = d3 + plane, d5 = d4 + plane
                        winograd4GRows(r0, r1, r2, into: d0, d1, d2, d3, d4, d5, count: count)
                    }
                }
            }
        }
    }

    /// Transforms the 6×6 input tiles of `images` consecutive images `[c, h, w]` into the F(4×4) Winograd
    /// domain, `V = Bᵀ d B`, as 36 matrices `V[ξ][c][columns]` with row stride `ld`,
    /// `winogradPlaneStride(rows: c, ld:)` floats apart; tile (ty, tx) of image j is column
    /// `j · th · tw + ty · tw + tx` and covers input rows `4ty − ph ..< 4ty − ph + 6` and columns
    /// `4tx − pw ..< 4tx − pw + 6` (zeros outside the image).
    ///
    /// Each plane is first split into its 16 phases (row mod 4, column mod 4) of the zero-padded plane, each
    /// `(th + 1) × (tw + 1)`: element (k, l) of every tile is then one phase read at a constant offset, so both
    /// 1-D transforms are loops over all tiles of the plane with unit stride, in whole SIMD4 groups (one spare
    /// column per tile row and up to three spare positions at the end, dropped when the result is stored).
    /// In parallel over (image, channel) pairs.
    static func winograd4InputTransform(_ x: UnsafePointer<Float>, images: Int, c: Int, h: Int, w: Int,
                                        padding: (Int, Int), tilesH th: Int, tilesW tw: Int,
                                        into v: UnsafeMutablePointer<Float>, ld: Int) {
        let (ph, pw) = padding, tiles = th * tw, step = winogradPlaneStride(rows: c, ld: ld)
        let s = tw + 1
        let span = (th * s + 3) & ~3         // tile positions including the spare column, rounded up to 4
        let phase = (th + 1) * s + 4         // the spare positions' reads stay inside the phase
        // Input rows and columns that land inside the padded plane of 4(th + 1) × 4(tw + 1).
        let rows = max(0, min(h, 4 * (th + 1) - ph)), cols = max(0, min(w, 4 * (tw + 1) - pw))
        Parallel.forRanges(images * c, costPerItem: 150 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16 * phase + 72 * span) { buffer in
                let split = buffer.baseAddress!, t = split + 16 * phase, result = t + 36 * span
                // Zeroed once: every plane writes the same interior positions, so the zero border stays.
                split.update(repeating: 0, count: 16 * phase)
                for item in r {
                    let j = item / c, ch = item % c
                    let img = x + item * h * w
                    for y in 0..<rows {
                        let py = (y + ph) & 3, sy = (y + ph) >> 2
                        let src = img + y * w
                        for px in 0..<4 {
                            // Input columns xx with (xx + pw) mod 4 == px: x0, x0 + 4, …
                            let x0 = (px - pw + 4) & 3
                            guard x0 < cols else { continue }
                            let dst = split + (py * 4 + px) * phase + sy * s + ((x0 + pw) >> 2)
                            let count = (cols - x0 + 3) / 4, from = src + x0
                            for q in 0..<count { dst[q] = from[q &* 4] }
                        }
                    }
                    // Bᵀ down the columns: t[i][l] at every tile position, from rows k = 0 ..< 6 of column l.
                    for l in 0..<6 {
                        @inline(__always) func at(_ k: Int) -> UnsafeMutablePointer<Float> {
                            split + ((k & 3) * 4 + (l & 3)) * phase + (k >> 2) * s + (l >> 2)
                        }
                        let p0 = at(0), p1 = at(1), p2 = at(2), p3 = at(3), p4 = at(4), p5 = at(5)
                        let d0 = t + l * span, d1 = d0 + 6 * span, d2 = d1 + 6 * span
                        let d3 = d2 + 6 * span, d4 = d3 + 6 * span, d5 = d4 + 6 * span
                        winograd4BRows(p0, p1, p2, p3, p4, p5, into: d0, d1, d2, d3, d4, d5, count: span)
                    }
                    // … then B along each row i: V[6i + j] …
                    for i in 0..<6 {
                        let a0 = t + 6 * i * span, a1 = a0 + span, a2 = a1 + span
                        let a3 = a2 + span, a4 = a3 + span, a5 = a4 + span
                        let d0 = result + 6 * i * span, d1 = d0 + span, d2 = d1 + span
                        let d3 = d2 + span, d4 = d3 + span, d5 = d4 + span
                        winograd4BRows(a0, a1, a2, a3, a4, a5, into: d0, d1, d2, d3, d4, d5, count: span)
                    }
                    // … stored without the spare positions.
                    let out = v + ch * ld + j * tiles
                    for xi in 0..<36 {
                        let from = result + xi * span, to = out + xi * step
                        for ty in 0..<th {
                            let f = from + ty * s, o = to + ty * tw
                            for tx in 0..<tw { o[tx] = f[tx] }
                        }
                    }
                }
            }
        }
    }

    /// Transforms the products `M[ξ][o][columns]` (row stride `ld`, `winogradPlaneStride(rows: o, ld:)` floats
    /// between matrices) back to 4×4 output tiles, `Y = Aᵀ m A`, adding `bias` and rectifying when `relu`, into
    /// `images` consecutive outputs `[o, oh, ow]` (the parts of edge tiles beyond the output are dropped). In
    /// parallel over (image, channel) pairs.
    static func winograd4OutputTransform(_ m: UnsafePointer<Float>, images: Int, o: Int, oh: Int, ow: Int,
                                         tilesH th: Int, tilesW tw: Int, ld: Int, bias: UnsafePointer<Float>?,
                                         relu: Bool, into out: UnsafeMutablePointer<Float>) {
        let tiles = th * tw, step = winogradPlaneStride(rows: o, ld: ld)
        // Whole SIMD4 groups: up to three values past each row of M are read (inside its plane, which ends at
        // least 16 floats after its last row) and their results dropped.
        let padded = (tiles + 3) & ~3
        Parallel.forRanges(images * o, costPerItem: 100 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 40 * padded) { buffer in
                let sBuf = buffer.baseAddress!, yBuf = sBuf + 24 * padded  // Aᵀ m: [4][6][padded]; Y: [4][4][padded]
                for item in r {
                    let j = item / o, ch = item % o
                    let src = m + ch * ld + j * tiles
                    // Aᵀ down the columns: s[a][l] from rows k = 0 ..< 6 of column l.
                    for l in 0..<6 {
                        let p0 = src + l * step, p1 = p0 + 6 * step, p2 = p1 + 6 * step
                        let p3 = p2 + 6 * step, p4 = p3 + 6 * step, p5 = p4 + 6 * step
                        let d0 = sBuf + l * padded, d1 = d0 + 6 * padded, d2 = d1 + 6 * padded, d3 = d2 + 6 * padded
                        winograd4ARows(p0, p1, p2, p3, p4, p5, into: d0, d1, d2, d3, count: padded)
                    }
                    // … then A along each row a: y[a][b].
                    for a in 0..<4 {
                        let p0 = sBuf + 6 * a * padded, p1 = p0 + padded, p2 = p1 + padded
                        let p3 = p2 + padded, p4 = p3 + padded, p5 = p4 + padded
                        let d0 = yBuf + 4 * a * padded, d1 = d0 + padded, d2 = d1 + padded, d3 = d2 + padded
                        winograd4ARows(p0, p1, p2, p3, p4, p5, into: d0, d1, d2, d3, count: padded)
                    }
                    // Interleave the 4 × 4 values of each tile into the output rows (bias, ReLU, edges dropped).
                    let dst = out + item * oh * ow
                    let add = bias?[ch] ?? 0
                    for ty in 0..<th {
                        for a in 0..<min(4, oh - 4 * ty) {
                            let row = dst + (4 * ty + a) * ow
                            for b in 0..<min(4, ow) {
                                let from = yBuf + (4 * a + b) * padded + ty * tw, to = row + b
                                let count = (ow - b + 3) / 4
                                if relu {
                                    for q in 0..<count { let y = from[q] + add; to[q &* 4] = y > 0 ? y : 0 }
                                } else {
                                    for q in 0..<count { to[q &* 4] = from[q] + add }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `winograd4OutputTransform` (without bias and ReLU): the output gradient of `images`
    /// consecutive outputs `[o, oh, ow]` as 36 matrices `dM[ξ][o][columns]` (row stride `ld`, matrices
    /// `winogradPlaneStride(rows: o, ld:)` floats apart), `dM = A dY Aᵀ` per 4×4 tile (zeros for the parts of edge
    /// tiles beyond the output). In parallel over (image, channel) pairs.
    static func winograd4OutputTransformAdjoint(_ grad: UnsafePointer<Float>, images: Int, o: Int, oh: Int, ow: Int,
                                                tilesH th: Int, tilesW tw: Int, ld: Int,
                                                into dm: UnsafeMutablePointer<Float>) {
        let tiles = th * tw, step = winogradPlaneStride(rows: o, ld: ld)
        let padded = (tiles + 3) & ~3  // the first pass in whole SIMD4 groups (the spare results are not stored)
        Parallel.forRanges(images * o, costPerItem: 100 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 40 * padded) { buffer in
                let gBuf = buffer.baseAddress!, hBuf = gBuf + 16 * padded  // dY tiles: [4][4][padded]; A dY: [6][4][padded]
                // Zeroed once: every plane writes the same positions, so the parts beyond the output stay 0.
                gBuf.update(repeating: 0, count: 16 * padded)
                for item in r {
                    let j = item / o, ch = item % o
                    let src = grad + item * oh * ow
                    // Split each tile's 4 × 4 values out of the gradient rows.
                    for ty in 0..<th {
                        for a in 0..<min(4, oh - 4 * ty) {
                            let row = src + (4 * ty + a) * ow
                            for b in 0..<min(4, ow) {
                                let to = gBuf + (4 * a + b) * padded + ty * tw, from = row + b
                                let count = (ow - b + 3) / 4
                                for q in 0..<count { to[q] = from[q &* 4] }
                            }
                        }
                    }
                    // A down the columns: h[k][b] from rows a = 0 ..< 4 of column b.
                    for b in 0..<4 {
                        let g0 = gBuf + b * padded, g1 = g0 + 4 * padded, g2 = g1 + 4 * padded, g3 = g2 + 4 * padded
                        let d0 = hBuf + b * padded, d1 = d0 + 4 * padded, d2 = d1 + 4 * padded
                        let d3 = d2 + 4 * padded, d4 = d3 + 4 * padded, d5 = d4 + 4 * padded
                        winograd4AAdjointRows(g0, g1, g2, g3, into: d0, d1, d2, d3, d4, d5, count: padded)
                    }
                    // … then Aᵀ along each row k: dM[6k + l].
                    for k in 0..<6 {
                        let h0 = hBuf + 4 * k * padded, h1 = h0 + padded, h2 = h1 + padded, h3 = h2 + padded
                        let p0 = dm + 6 * k * step + ch * ld + j * tiles, p1 = p0 + step, p2 = p1 + step
                        let p3 = p2 + step, p4 = p3 + step, p5 = p4 + step
                        winograd4AAdjointRows(h0, h1, h2, h3, into: p0, p1, p2, p3, p4, p5, count: tiles)
                    }
                }
            }
        }
    }

    /// The F(4×4, 3×3) convolution of `n` images `[c, h, w]` with 3×3 kernels already transformed by
    /// `winograd4WeightTransform` (`u`: `[36][o][c]`; with `transposedWeight`, `u` is the transform of kernels
    /// `[c, o, 3, 3]` rotated by 180°, `[36][c][o]`, read transposed, which makes this the input gradient of that
    /// convolution), stride 1, `padding` (each ≤ 2), into `out` `[n, o, oh, ow]` (every element written), with
    /// `bias` `[o]` added and ReLU applied when asked. Blocks of images keep the scratch memory within
    /// `winogradScratchFloats`; each block is an input transform, 36 BLAS products `[o × c] · [c × tiles]` and an
    /// output transform.
    static func winograd4Convolution(_ x: UnsafePointer<Float>, n: Int, c: Int, h: Int, w: Int,
                                     transformedWeight u: UnsafePointer<Float>, transposedWeight: Bool = false,
                                     o: Int, padding: (Int, Int),
                                     oh: Int, ow: Int, bias: UnsafePointer<Float>?, relu: Bool,
                                     into out: UnsafeMutablePointer<Float>) {
        let (th, tw) = winograd4Tiles(oh: oh, ow: ow), tiles = th * tw
        let group = winograd4Group(images: n, c: c, o: o, tiles: tiles)
        let vStride = winogradPlaneStride(rows: c, ld: group * tiles), mStride = winogradPlaneStride(rows: o, ld: group * tiles)
        ScratchBuffers.with(count: 36 * vStride) { v in
            ScratchBuffers.with(count: 36 * mStride) { m in
                for lo in Swift.stride(from: 0, to: n, by: group) {
                    let images = Swift.min(group, n - lo), cols = images * tiles
                    winograd4InputTransform(x + lo * c * h * w, images: images, c: c, h: h, w: w, padding: padding,
                                            tilesH: th, tilesW: tw, into: v, ld: cols)
                    for xi in 0..<36 {
                        BLAS.sgemm(transA: transposedWeight, transB: false, m: o, n: cols, k: c, a: u + xi * o * c,
                                   lda: transposedWeight ? o : c,
                                   b: v + xi * winogradPlaneStride(rows: c, ld: cols), ldb: cols,
                                   c: m + xi * winogradPlaneStride(rows: o, ld: cols), ldc: cols)
                    }
                    winograd4OutputTransform(m, images: images, o: o, oh: oh, ow: ow, tilesH: th, tilesW: tw, ld: cols,
                                             bias: bias, relu: relu, into: out + lo * o * oh * ow)
                }
            }
        }
    }

    /// The weight gradient of `winograd4Convolution`: `dW[o][c] += Gᵀ (Σ over tiles dM Vᵀ) G` for inputs `x`
    /// `[n, c, h, w]` and output gradients `grad` `[n, o, oh, ow]` (after any ReLU mask), added into `gw`
    /// `[o, c, 3, 3]`. Blocks of images as in the forward pass; 36 BLAS products `[o × tiles] · [tiles × c]` per
    /// block accumulate `dU` `[36][o][c]`.
    static func winograd4WeightGradient(_ x: UnsafePointer<Float>, grad: UnsafePointer<Float>, n: Int, c: Int,
                                        h: Int, w: Int, o: Int, padding: (Int, Int), oh: Int, ow: Int,
                                        into gw: UnsafeMutablePointer<Float>) {
        let (th, tw) = winograd4Tiles(oh: oh, ow: ow), tiles = th * tw
        let group = winograd4Group(images: n, c: c, o: o, tiles: tiles)
        let plane = o * c
        ScratchBuffers.with(count: 36 * plane) { du in
            let vStride = winogradPlaneStride(rows: c, ld: group * tiles)
            let mStride = winogradPlaneStride(rows: o, ld: group * tiles)
            ScratchBuffers.with(count: 36 * vStride) { v in
                ScratchBuffers.with(count: 36 * mStride) { dm in
                    var first = true
                    for lo in Swift.stride(from: 0, to: n, by: group) {
                        let images = Swift.min(group, n - lo), cols = images * tiles
                        winograd4InputTransform(x + lo * c * h * w, images: images, c: c, h: h, w: w, padding: padding,
                                                tilesH: th, tilesW: tw, into: v, ld: cols)
                        winograd4OutputTransformAdjoint(grad + lo * o * oh * ow, images: images, o: o, oh: oh, ow: ow,
                                                        tilesH: th, tilesW: tw, ld: cols, into: dm)
                        for xi in 0..<36 {
                            BLAS.sgemm(transA: false, transB: true, m: o, n: c, k: cols,
                                       a: dm + xi * winogradPlaneStride(rows: o, ld: cols), lda: cols,
                                       b: v + xi * winogradPlaneStride(rows: c, ld: cols), ldb: cols,
                                       beta: first ? 0 : 1, c: du + xi * plane, ldc: c)
                        }
                        first = false
                    }
                }
            }
            winograd4WeightTransformAdjoint(du, o: o, c: c, into: gw)
        }
    }

    /// `dW[o][c] += Gᵀ dU G` for `dU` `[36][o][c]` (the adjoint of `winograd4WeightTransform` without rotation),
    /// added into `gw` `[o, c, 3, 3]`. In blocks of kernels whose 36 values are first copied plane by plane into
    /// a small buffer, so that both 1-D passes are vectorised loops over the kernels of the block.
    static func winograd4WeightTransformAdjoint(_ du: UnsafePointer<Float>, o: Int, c: Int,
                                                into gw: UnsafeMutablePointer<Float>) {
        let plane = o * c, chunk = winogradKernelChunk
        Parallel.forRanges((plane + chunk - 1) / chunk, costPerItem: 200 * chunk) { r in
            // Planes [36][chunk], Gᵀ down the columns [3][6][chunk], the 9 taps [9][chunk].
            withUnsafeTemporaryAllocation(of: Float.self, capacity: (36 + 18 + 9) * chunk) { buffer in
                let local = buffer.baseAddress!, cols = local + 36 * chunk, taps = cols + 18 * chunk
                for block in r {
                    let lo = block * chunk, count = min(chunk, plane - lo)
                    for xi in 0..<36 { (local + xi * chunk).update(from: du + xi * plane + lo, count: count) }
                    // Gᵀ down each column j: cols[a][j] = Σ_i G[i][a] dU[6i + j].
                    for j in 0..<6 {
                        let d0 = local + j * chunk, d1 = d0 + 6 * chunk, d2 = d1 + 6 * chunk
                        let d3 = d2 + 6 * chunk, d4 = d3 + 6 * chunk, d5 = d4 + 6 * chunk
                        let t0 = cols + j * chunk, t1 = t0 + 6 * chunk, t2 = t1 + 6 * chunk
                        winograd4GAdjointRows(d0, d1, d2, d3, d4, d5, into: t0, t1, t2, count: count)
                    }
                    // … then G along each row a: tap (a, b).
                    for a in 0..<3 {
                        let d0 = cols + 6 * a * chunk, d1 = d0 + chunk, d2 = d1 + chunk
                        let d3 = d2 + chunk, d4 = d3 + chunk, d5 = d4 + chunk
                        let t0 = taps + 3 * a * chunk, t1 = t0 + chunk, t2 = t1 + chunk
                        winograd4GAdjointRows(d0, d1, d2, d3, d4, d5, into: t0, t1, t2, count: count)
                    }
                    for l in 0..<count {
                        let k = gw + (lo + l) * 9
                        for tap in 0..<9 { k[tap] += taps[tap * chunk + l] }
                    }
                }
            }
        }
    }
}
