import Foundation

/// How `conv2d` computes a convolution: unfolded columns and one product (`im2col`, any geometry), or
/// Winograd's minimal filtering (Lavin & Gray 2016; 3×3 kernels, stride 1, dilation 1): F(2×2, 3×3) needs 16
/// multiplications per 2×2 output tile instead of 36 (2.25× fewer FLOPs in its products).
enum ConvolutionAlgorithm: Sendable {
    case im2col
    case winograd

    /// Forces one algorithm for the convolutions run inside `withValue` (tests compare both paths on the same
    /// inputs); nil, the default, lets `conv2d` choose by shape. A forced `.winograd` still falls back to
    /// im2col where Winograd does not apply (see `Kernels.winogradFits`).
    @TaskLocal static var forced: ConvolutionAlgorithm? = nil

    /// `GALEN_CONVOLUTION=im2col` (or `winograd`) in the environment forces that
    /// algorithm wherever it fits, for comparing them with the same binary (benchmarks); unset or anything else
    /// lets the shape decide.
    static let environment: ConvolutionAlgorithm? = {
        switch ProcessInfo.processInfo.environment["GALEN_CONVOLUTION"] {
        case "im2col": return .im2col
        case "winograd": return .winograd
        default: return nil
        }
    }()
}

extension Kernels {
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

    /// Whether F(2×2, 3×3) can compute this convolution: 3×3 kernel, stride 1, dilation 1, padding ≤ 2 on each
    /// side (so that the input gradient, a convolution with padding 2 − padding, is one too).
    static func winogradFits(_ g: Conv2DGeometry) -> Bool {
        g.kernel == (3, 3) && g.stride == (1, 1) && g.dilation == (1, 1)
            && g.padding.0 <= 2 && g.padding.1 <= 2
    }

    /// The algorithm `conv2d` uses for `c` input and `o` output channels and an `oh` × `ow` output.
    ///
    /// Winograd where it fits and pays: its transforms cost about as much per tile as the products with few
    /// channels (so at least 16 in and out), and an output of odd size wastes part of its edge tiles (the
    /// 2.25× saving times the fraction of tile outputs kept must stay above 1.5, e.g. 7×7 → 1.72, 3×3 → 1.27).
    ///
    /// F(4×4, 3×3) (36 products per 4×4 tile) was built and measured on ResNet-18-28 training (one thread, same
    /// binary; commit ad18003): it cut the GEMM time by about a third, but its 6×6 transforms, done plane by plane,
    /// cost more than that on maps of 28×28 and smaller (+35 % time per step at every stage, CNN-150 +4 %), so it
    /// was removed; a tile-major layout with lanes across channels would be needed for it to pay.
    static func convolutionAlgorithm(_ g: Conv2DGeometry, c: Int, o: Int, oh: Int, ow: Int) -> ConvolutionAlgorithm {
        guard winogradFits(g) else { return .im2col }
        if let forced = ConvolutionAlgorithm.forced ?? ConvolutionAlgorithm.environment { return forced }
        let tiles = ((oh + 1) / 2) * ((ow + 1) / 2)
        let saving = 2.25 * Double(oh * ow) / Double(4 * tiles)
        return c >= 16 && o >= 16 && saving >= 1.5 ? .winograd : .im2col
    }

    /// Floats of scratch memory (transformed inputs plus products) one block of images may use: 2 Mi (8 MiB,
    /// which stays in the last-level cache between the transforms and the products).
    static let winogradScratchFloats = 1 << 21

    /// Images per Winograd block for `c` input and `o` output channels and `tiles` 2×2 output tiles per image:
    /// as many as fit in `winogradScratchFloats`, but one when a single image already gives the products at
    /// least `winogradWideImageTiles` columns (its transforms then stay in the core's cache between the
    /// transforms and the products: ResNet-18-28's 28×28 layers, 196 tiles and 64 channels, ran 10 % faster per
    /// layer in blocks of one image than of five; smaller maps need several images for wide enough products).
    static func winogradGroup(images n: Int, c: Int, o: Int, tiles: Int) -> Int {
        if tiles >= winogradWideImageTiles { return 1 }
        return max(1, min(n, winogradScratchFloats / max(16 * (c + o) * tiles, 1)))
    }

    /// Tiles per image from which Winograd blocks hold one image (see `winogradGroup`).
    static let winogradWideImageTiles = 128

    /// Floats between consecutive matrices ξ of the transformed inputs or products (`rows` × `ld` each):
    /// rounded up to a multiple of 4 KiB plus 64 bytes. A stride that is a multiple of 4 KiB puts the 16 streams
    /// a transform writes (or reads) in the same L1 cache set, which evicts them in turn (measured: the weight
    /// gradient of CNN-28's second layer at batch 32, 1,152 columns, ran 5× slower per image than at 128).
    static func winogradPlaneStride(rows: Int, ld: Int) -> Int {
        (rows * ld + 1023) / 1024 * 1024 + 16
    }

    /// Transforms 3×3 kernels into the Winograd domain, `U = G g Gᵀ` (4×4 per kernel), laid out as 16 matrices
    /// `U[ξ][o][c]`, the left factors of the 16 products of the forward convolution.
    ///
    /// The input gradient needs the kernels rotated by 180° with in and out channels swapped. Since
    /// `G · rot(g) · Gᵀ = P (G g Gᵀ) Pᵀ` with P the permutation that swaps rows 0 and 3 (`G`'s rows reversed are
    /// its rows 3, 1, 2, 0), that transform is `U[π(ξ)]ᵀ` (`winogradFlippedPlane`): the same `U`, read transposed
    /// by the products (`winogradConvolution(… transposedWeight: true …)`), so the backward pass needs no
    /// transform of its own.
    ///
    /// - Parameters:
    ///   - weight: `[o, c, 3, 3]`.
    ///   - u: `16 · o · c` floats.
    static func winogradWeightTransform(_ weight: UnsafePointer<Float>, o: Int, c: Int,
                                        into u: UnsafeMutablePointer<Float>) {
        let plane = o * c, chunk = winogradKernelChunk
        // Blocks of `chunk` kernels: their taps are first gathered tap-major into a small buffer, then each of the
        // 16 planes gets `chunk` contiguous values in one vectorised loop. (Writing one kernel's 16 values at a
        // time touched 16 streams a plane apart, 1 MiB for 512 × 512 channels: the same cache set, evicted in
        // turn; measured 3 % of a ResNet-18 training step.)
        Parallel.forRanges((plane + chunk - 1) / chunk, costPerItem: 64 * chunk) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 9 * chunk) { buffer in
                let t = buffer.baseAddress!
                for block in r {
                    let lo = block * chunk, count = min(chunk, plane - lo)
                    for l in 0..<count {
                        let k = weight + (lo + l) * 9
                        for tap in 0..<9 { t[tap * chunk + l] = k[tap] }
                    }
                    // Row i of G g (G's rows (1, 0, 0), (½, ½, ½), (½, −½, ½), (0, 0, 1) times the kernel's rows),
                    // then that row times Gᵀ: (t0, ½(t0 + t1 + t2), ½(t0 − t1 + t2), t2).
                    for i in 0..<4 {
                        let (c0, c1, c2): (Float, Float, Float) = i == 0 ? (1, 0, 0) : i == 1 ? (0.5, 0.5, 0.5)
                            : i == 2 ? (0.5, -0.5, 0.5) : (0, 0, 1)
                        let d0 = u + 4 * i * plane + lo, d1 = d0 + plane, d2 = d1 + plane, d3 = d2 + plane
                        let k0 = t, k1 = t + 3 * chunk, k2 = t + 6 * chunk  // kernel rows 0, 1, 2 (3 taps each)
                        for l in 0..<count {
                            let t0 = c0 * k0[l] + c1 * k1[l] + c2 * k2[l]
                            let t1 = c0 * k0[chunk + l] + c1 * k1[chunk + l] + c2 * k2[chunk + l]
                            let t2 = c0 * k0[2 * chunk + l] + c1 * k1[2 * chunk + l] + c2 * k2[2 * chunk + l]
                            d0[l] = t0; d1[l] = 0.5 * (t0 + t1 + t2); d2[l] = 0.5 * (t0 - t1 + t2); d3[l] = t2
                        }
                    }
                }
            }
        }
    }

    /// Kernels per block in the weight transform and its adjoint (a multiple of 16: whole cache lines per plane).
    static let winogradKernelChunk = 64

    /// The plane of `U` (from `winogradWeightTransform`) whose transpose is plane `xi` of the transformed
    /// kernels rotated by 180°: ξ = 4i + j ↦ 4π(i) + π(j), π swapping 0 and 3.
    @inline(__always)
    static func winogradFlippedPlane(_ xi: Int) -> Int {
        @inline(__always) func swap03(_ k: Int) -> Int { k == 0 ? 3 : k == 3 ? 0 : k }
        return 4 * swap03(xi / 4) + swap03(xi % 4)
    }

    /// Transforms the 4×4 input tiles of `images` consecutive images `[c, h, w]` into the Winograd domain,
    /// `V = Bᵀ d B`, as 16 matrices `V[ξ][c][columns]` with row stride `ld`, `winogradPlaneStride(rows: c, ld:)`
    /// floats apart; tile (ty, tx) of image j is column
    /// `j · th · tw + ty · tw + tx` and covers input rows `2ty − ph ..< 2ty − ph + 4` and columns
    /// `2tx − pw ..< 2tx − pw + 4` (zeros outside the image). Each plane is first copied into a zero-padded
    /// plane of `(2th + 2) × (2tw + 2)`, so that every tile is read without bounds checks (small images are
    /// mostly edge); four tiles at a time go from there to `V` in SIMD4 lanes, without intermediate stores.
    /// In parallel over (image, channel) pairs.
    static func winogradInputTransform(_ x: UnsafePointer<Float>, images: Int, c: Int, h: Int, w: Int,
                                       padding: (Int, Int), tilesH th: Int, tilesW tw: Int,
                                       into v: UnsafeMutablePointer<Float>, ld: Int) {
        let (ph, pw) = padding, tiles = th * tw, step = winogradPlaneStride(rows: c, ld: ld)
        let pH = 2 * th + 2, pW = 2 * tw + 2
        // Input rows and columns that land inside the padded plane.
        let rows = max(0, min(h, pH - ph)), cols = max(0, min(w, pW - pw))
        Parallel.forRanges(images * c, costPerItem: 64 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: pH * pW) { buffer in
                let plane = buffer.baseAddress!
                // Zeroed once: every plane copies into the same interior, so the zero border stays.
                plane.update(repeating: 0, count: pH * pW)
                for item in r {
                    let j = item / c, ch = item % c
                    let img = x + item * h * w
                    for y in 0..<rows { (plane + (y + ph) * pW + pw).update(from: img + y * w, count: cols) }
                    for ty in 0..<th {
                        let r0 = UnsafePointer(plane + 2 * ty * pW), r1 = r0 + pW, r2 = r1 + pW, r3 = r2 + pW
                        let out = v + ch * ld + j * tiles + ty * tw
                        var tx = 0
                        while tx + 4 <= tw {
                            let c0 = 2 * tx
                            let (a0, b0, e0, f0) = winogradColumns(r0 + c0), (a1, b1, e1, f1) = winogradColumns(r1 + c0)
                            let (a2, b2, e2, f2) = winogradColumns(r2 + c0), (a3, b3, e3, f3) = winogradColumns(r3 + c0)
                            // Bᵀ down each column (d0 − d2, d1 + d2, d2 − d1, d1 − d3), then B along each row
                            // (x0 − x2, x1 + x2, x2 − x1, x1 − x3).
                            let pa = a0 - a2, pb = b0 - b2, pe = e0 - e2, pf = f0 - f2
                            let qa = a1 + a2, qb = b1 + b2, qe = e1 + e2, qf = f1 + f2
                            let sa = a2 - a1, sb = b2 - b1, se = e2 - e1, sf = f2 - f1
                            let ua = a1 - a3, ub = b1 - b3, ue = e1 - e3, uf = f1 - f3
                            let o = UnsafeMutableRawPointer(out + tx), bytes = step * MemoryLayout<Float>.stride
                            o.storeBytes(of: pa - pe, as: SIMD4<Float>.self)
                            o.storeBytes(of: pb + pe, toByteOffset: bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: pe - pb, toByteOffset: 2 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: pb - pf, toByteOffset: 3 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: qa - qe, toByteOffset: 4 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: qb + qe, toByteOffset: 5 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: qe - qb, toByteOffset: 6 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: qb - qf, toByteOffset: 7 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: sa - se, toByteOffset: 8 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: sb + se, toByteOffset: 9 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: se - sb, toByteOffset: 10 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: sb - sf, toByteOffset: 11 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: ua - ue, toByteOffset: 12 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: ub + ue, toByteOffset: 13 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: ue - ub, toByteOffset: 14 * bytes, as: SIMD4<Float>.self)
                            o.storeBytes(of: ub - uf, toByteOffset: 15 * bytes, as: SIMD4<Float>.self)
                            tx += 4
                        }
                        // The last tw mod 4 tiles one at a time.
                        for tx in tx..<tw {
                            let c0 = 2 * tx
                            let a0 = r0[c0], a1 = r1[c0], a2 = r2[c0], a3 = r3[c0]
                            let b0 = r0[c0 + 1], b1 = r1[c0 + 1], b2 = r2[c0 + 1], b3 = r3[c0 + 1]
                            let e0 = r0[c0 + 2], e1 = r1[c0 + 2], e2 = r2[c0 + 2], e3 = r3[c0 + 2]
                            let f0 = r0[c0 + 3], f1 = r1[c0 + 3], f2 = r2[c0 + 3], f3 = r3[c0 + 3]
                            let pa = a0 - a2, pb = b0 - b2, pe = e0 - e2, pf = f0 - f2
                            let qa = a1 + a2, qb = b1 + b2, qe = e1 + e2, qf = f1 + f2
                            let sa = a2 - a1, sb = b2 - b1, se = e2 - e1, sf = f2 - f1
                            let ua = a1 - a3, ub = b1 - b3, ue = e1 - e3, uf = f1 - f3
                            let o = out + tx
                            o[0] = pa - pe; o[step] = pb + pe; o[2 * step] = pe - pb; o[3 * step] = pb - pf
                            o[4 * step] = qa - qe; o[5 * step] = qb + qe; o[6 * step] = qe - qb; o[7 * step] = qb - qf
                            o[8 * step] = sa - se; o[9 * step] = sb + se; o[10 * step] = se - sb; o[11 * step] = sb - sf
                            o[12 * step] = ua - ue; o[13 * step] = ub + ue; o[14 * step] = ue - ub; o[15 * step] = ub - uf
                        }
                    }
                }
            }
        }
    }

    /// Columns `p[0 ..< 10]` of one input row as the four columns of four consecutive 2-apart tiles:
    /// (p0, p2, p4, p6), (p1, p3, p5, p7), (p2, p4, p6, p8), (p3, p5, p7, p9).
    @inline(__always)
    static func winogradColumns(_ p: UnsafePointer<Float>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let raw = UnsafeRawPointer(p)
        let lo = raw.loadUnaligned(as: SIMD4<Float>.self), hi = raw.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
        let p8 = p[8], p9 = p[9]
        return (SIMD4(lo[0], lo[2], hi[0], hi[2]), SIMD4(lo[1], lo[3], hi[1], hi[3]),
                SIMD4(lo[2], hi[0], hi[2], p8), SIMD4(lo[3], hi[1], hi[3], p9))
    }

    /// Transforms the products `M[ξ][o][columns]` (row stride `ld`, `winogradPlaneStride(rows: o, ld:)` floats
    /// between matrices) back to 2×2 output tiles, `Y = Aᵀ m A`,
    /// adding `bias` and rectifying when `relu`, into `images` consecutive outputs `[o, oh, ow]` (the parts of
    /// edge tiles beyond the output are dropped). In parallel over (image, channel) pairs.
    static func winogradOutputTransform(_ m: UnsafePointer<Float>, images: Int, o: Int, oh: Int, ow: Int,
                                        tilesH th: Int, tilesW tw: Int, ld: Int, bias: UnsafePointer<Float>?,
                                        relu: Bool, into out: UnsafeMutablePointer<Float>) {
        let tiles = th * tw
        Parallel.forRanges(images * o, costPerItem: 32 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * tw) { buffer in
                let y0 = buffer.baseAddress!, y1 = y0 + 2 * tw
                for item in r {
                    let j = item / o, ch = item % o
                    let dst = out + item * oh * ow
                    let add = bias?[ch] ?? 0
                    for ty in 0..<th {
                        let src = m + ch * ld + j * tiles + ty * tw, step = winogradPlaneStride(rows: o, ld: ld)
                        // Four tiles at a time in SIMD4 lanes, their results interleaved back into the rows.
                        var tx = 0
                        while tx + 4 <= tw {
                            let p = UnsafeRawPointer(src + tx), bytes = step * MemoryLayout<Float>.stride
                            @inline(__always) func at(_ xi: Int) -> SIMD4<Float> {
                                p.loadUnaligned(fromByteOffset: xi * bytes, as: SIMD4<Float>.self)
                            }
                            let s0 = at(0) + at(4) + at(8), s1 = at(1) + at(5) + at(9)
                            let s2 = at(2) + at(6) + at(10), s3 = at(3) + at(7) + at(11)
                            let d0 = at(4) - at(8) - at(12), d1 = at(5) - at(9) - at(13)
                            let d2 = at(6) - at(10) - at(14), d3 = at(7) - at(11) - at(15)
                            let ye = s0 + s1 + s2, yo = s1 - s2 - s3, ze = d0 + d1 + d2, zo = d1 - d2 - d3
                            let r0 = UnsafeMutableRawPointer(y0 + 2 * tx), r1 = UnsafeMutableRawPointer(y1 + 2 * tx)
                            r0.storeBytes(of: SIMD4(ye[0], yo[0], ye[1], yo[1]), as: SIMD4<Float>.self)
                            r0.storeBytes(of: SIMD4(ye[2], yo[2], ye[3], yo[3]), toByteOffset: 16, as: SIMD4<Float>.self)
                            r1.storeBytes(of: SIMD4(ze[0], zo[0], ze[1], zo[1]), as: SIMD4<Float>.self)
                            r1.storeBytes(of: SIMD4(ze[2], zo[2], ze[3], zo[3]), toByteOffset: 16, as: SIMD4<Float>.self)
                            tx += 4
                        }
                        for tx in tx..<tw {
                            let p = src + tx
                            let m0 = p[0], m1 = p[step], m2 = p[2 * step], m3 = p[3 * step]
                            let m4 = p[4 * step], m5 = p[5 * step], m6 = p[6 * step], m7 = p[7 * step]
                            let m8 = p[8 * step], m9 = p[9 * step], m10 = p[10 * step], m11 = p[11 * step]
                            let m12 = p[12 * step], m13 = p[13 * step], m14 = p[14 * step], m15 = p[15 * step]
                            // Aᵀ down the columns (rows 0+1+2 and 1−2−3), then A along the rows.
                            let s0 = m0 + m4 + m8, s1 = m1 + m5 + m9, s2 = m2 + m6 + m10, s3 = m3 + m7 + m11
                            let d0 = m4 - m8 - m12, d1 = m5 - m9 - m13, d2 = m6 - m10 - m14, d3 = m7 - m11 - m15
                            y0[2 * tx] = s0 + s1 + s2; y0[2 * tx + 1] = s1 - s2 - s3
                            y1[2 * tx] = d0 + d1 + d2; y1[2 * tx + 1] = d1 - d2 - d3
                        }
                        let yy = 2 * ty
                        let rowsOut = min(2, oh - yy)
                        for i in 0..<rowsOut {
                            let from = i == 0 ? y0 : y1, to = dst + (yy + i) * ow
                            if relu {
                                for q in 0..<ow { let s = from[q] + add; to[q] = s > 0 ? s : 0 }
                            } else {
                                for q in 0..<ow { to[q] = from[q] + add }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The convolution of `n` images `[c, h, w]` with 3×3 kernels already transformed by
    /// `winogradWeightTransform` (`u`: `[16][o][c]`; with `transposedWeight`, `u` is the transform of kernels
    /// `[c, o, 3, 3]`, `[16][c][o]`, and the products use those kernels rotated by 180° with channels swapped,
    /// which makes this the input gradient of that convolution), stride 1, `padding`, into `out` `[n, o, oh, ow]`
    /// (every element written), with `bias` `[o]` added and ReLU applied when asked. Blocks of images keep the
    /// scratch memory within `winogradScratchFloats`; each block is an input transform, 16 BLAS products
    /// `[o × c] · [c × tiles]` and an output transform.
    static func winogradConvolution(_ x: UnsafePointer<Float>, n: Int, c: Int, h: Int, w: Int,
                                    transformedWeight u: UnsafePointer<Float>, transposedWeight: Bool = false,
                                    o: Int, padding: (Int, Int),
                                    oh: Int, ow: Int, bias: UnsafePointer<Float>?, relu: Bool,
                                    into out: UnsafeMutablePointer<Float>) {
        let th = (oh + 1) / 2, tw = (ow + 1) / 2, tiles = th * tw
        let group = winogradGroup(images: n, c: c, o: o, tiles: tiles)
        let vStride = winogradPlaneStride(rows: c, ld: group * tiles), mStride = winogradPlaneStride(rows: o, ld: group * tiles)
        ScratchBuffers.with(count: 16 * vStride) { v in
            ScratchBuffers.with(count: 16 * mStride) { m in
                for lo in Swift.stride(from: 0, to: n, by: group) {
                    let images = Swift.min(group, n - lo), cols = images * tiles
                    winogradInputTransform(x + lo * c * h * w, images: images, c: c, h: h, w: w, padding: padding,
                                           tilesH: th, tilesW: tw, into: v, ld: cols)
                    // The 16 products are independent: whole products per thread (each on one thread),
                    // rather than each product split over the threads with a meeting point after each.
                    Parallel.forRanges(16, costPerItem: o * cols * c) { r in
                        for xi in r {
                            let a = transposedWeight ? u + winogradFlippedPlane(xi) * o * c : u + xi * o * c
                            BLAS.sgemm(transA: transposedWeight, transB: false, m: o, n: cols, k: c, a: a,
                                       lda: transposedWeight ? o : c,
                                       b: v + xi * winogradPlaneStride(rows: c, ld: cols), ldb: cols,
                                       c: m + xi * winogradPlaneStride(rows: o, ld: cols), ldc: cols)
                        }
                    }
                    winogradOutputTransform(m, images: images, o: o, oh: oh, ow: ow, tilesH: th, tilesW: tw, ld: cols,
                                            bias: bias, relu: relu, into: out + lo * o * oh * ow)
                }
            }
        }
    }

    /// The adjoint of `winogradOutputTransform` (without bias and ReLU): the output gradient of `images`
    /// consecutive outputs `[o, oh, ow]` as 16 matrices `dM[ξ][o][columns]` (row stride `ld`, matrices
    /// `winogradPlaneStride(rows: o, ld:)` floats apart), `dM = A dY Aᵀ`
    /// per 2×2 tile (zeros for the parts of edge tiles beyond the output). In parallel over (image, channel).
    static func winogradOutputTransformAdjoint(_ grad: UnsafePointer<Float>, images: Int, o: Int, oh: Int, ow: Int,
                                               tilesH th: Int, tilesW tw: Int, ld: Int,
                                               into dm: UnsafeMutablePointer<Float>) {
        let tiles = th * tw, span = 2 * tw
        Parallel.forRanges(images * o, costPerItem: 32 * tiles) { r in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * span) { buffer in
                let g0 = buffer.baseAddress!, g1 = g0 + span
                for item in r {
                    let j = item / o, ch = item % o
                    let src = grad + item * oh * ow
                    for ty in 0..<th {
                        // The two output rows of this tile row, zero-padded to 2·tw columns (and rows).
                        for i in 0..<2 {
                            let row = i == 0 ? g0 : g1, yy = 2 * ty + i
                            if yy >= oh { row.update(repeating: 0, count: span); continue }
                            (row).update(from: src + yy * ow, count: ow)
                            for q in ow..<span { row[q] = 0 }
                        }
                        let p = dm + ch * ld + j * tiles + ty * tw, step = winogradPlaneStride(rows: o, ld: ld)
                        // Four tiles at a time in SIMD4 lanes (even and odd columns of both rows split out), the same
                        // arithmetic as the loop below.
                        var tx = 0
                        let bytes = step * MemoryLayout<Float>.stride
                        while tx + 4 <= tw {
                            let c0 = UnsafeRawPointer(g0 + 2 * tx), c1 = UnsafeRawPointer(g1 + 2 * tx)
                            let l0 = c0.loadUnaligned(as: SIMD4<Float>.self), h0 = c0.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
                            let l1 = c1.loadUnaligned(as: SIMD4<Float>.self), h1 = c1.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
                            let a = SIMD4(l0[0], l0[2], h0[0], h0[2]), b = SIMD4(l0[1], l0[3], h0[1], h0[3])
                            let e = SIMD4(l1[0], l1[2], h1[0], h1[2]), d = SIMD4(l1[1], l1[3], h1[1], h1[3])
                            let r1x = a + e, r1y = b + d, r2x = a - e, r2y = b - d
                            let r3x = -e, r3y = -d
                            let q = UnsafeMutableRawPointer(p + tx)
                            q.storeBytes(of: a, as: SIMD4<Float>.self)
                            q.storeBytes(of: a + b, toByteOffset: bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: a - b, toByteOffset: 2 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: -b, toByteOffset: 3 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r1x, toByteOffset: 4 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r1x + r1y, toByteOffset: 5 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r1x - r1y, toByteOffset: 6 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: -r1y, toByteOffset: 7 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r2x, toByteOffset: 8 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r2x + r2y, toByteOffset: 9 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r2x - r2y, toByteOffset: 10 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: -r2y, toByteOffset: 11 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r3x, toByteOffset: 12 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r3x + r3y, toByteOffset: 13 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: r3x - r3y, toByteOffset: 14 * bytes, as: SIMD4<Float>.self)
                            q.storeBytes(of: -r3y, toByteOffset: 15 * bytes, as: SIMD4<Float>.self)
                            tx += 4
                        }
                        for tx in tx..<tw {
                            let a = g0[2 * tx], b = g0[2 * tx + 1], e = g1[2 * tx], d = g1[2 * tx + 1]
                            // A down the columns: rows (a, b), (a+e, b+d), (a−e, b−d), (−e, −d) …
                            let r0 = (a, b), r1 = (a + e, b + d), r2 = (a - e, b - d), r3 = (-e, -d)
                            // … then Aᵀ along each row: (x, y) → (x, x+y, x−y, −y).
                            p[tx] = r0.0; p[step + tx] = r0.0 + r0.1; p[2 * step + tx] = r0.0 - r0.1; p[3 * step + tx] = -r0.1
                            p[4 * step + tx] = r1.0; p[5 * step + tx] = r1.0 + r1.1
                            p[6 * step + tx] = r1.0 - r1.1; p[7 * step + tx] = -r1.1
                            p[8 * step + tx] = r2.0; p[9 * step + tx] = r2.0 + r2.1
                            p[10 * step + tx] = r2.0 - r2.1; p[11 * step + tx] = -r2.1
                            p[12 * step + tx] = r3.0; p[13 * step + tx] = r3.0 + r3.1
                            p[14 * step + tx] = r3.0 - r3.1; p[15 * step + tx] = -r3.1
                        }
                    }
                }
            }
        }
    }

    /// The weight gradient of `winogradConvolution`: `dW[o][c] += Gᵀ (Σ over tiles dM Vᵀ) G` for inputs `x`
    /// `[n, c, h, w]` and output gradients `grad` `[n, o, oh, ow]` (after any ReLU mask), added into `gw`
    /// `[o, c, 3, 3]`. Blocks of images as in the forward pass; 16 BLAS products `[o × tiles] · [tiles × c]`
    /// per block accumulate `dU` `[16][o][c]`.
    static func winogradWeightGradient(_ x: UnsafePointer<Float>, grad: UnsafePointer<Float>, n: Int, c: Int,
                                       h: Int, w: Int, o: Int, padding: (Int, Int), oh: Int, ow: Int,
                                       into gw: UnsafeMutablePointer<Float>) {
        let th = (oh + 1) / 2, tw = (ow + 1) / 2, tiles = th * tw
        let group = winogradGroup(images: n, c: c, o: o, tiles: tiles)
        let plane = o * c
        ScratchBuffers.with(count: 16 * plane) { du in
            let vStride = winogradPlaneStride(rows: c, ld: group * tiles)
            let mStride = winogradPlaneStride(rows: o, ld: group * tiles)
            ScratchBuffers.with(count: 16 * vStride) { v in
                ScratchBuffers.with(count: 16 * mStride) { dm in
                    var first = true
                    for lo in Swift.stride(from: 0, to: n, by: group) {
                        let images = Swift.min(group, n - lo), cols = images * tiles
                        winogradInputTransform(x + lo * c * h * w, images: images, c: c, h: h, w: w, padding: padding,
                                               tilesH: th, tilesW: tw, into: v, ld: cols)
                        winogradOutputTransformAdjoint(grad + lo * o * oh * ow, images: images, o: o, oh: oh, ow: ow,
                                                       tilesH: th, tilesW: tw, ld: cols, into: dm)
                        let beta: Float = first ? 0 : 1
                        Parallel.forRanges(16, costPerItem: o * cols * c) { r in
                            for xi in r {
                                BLAS.sgemm(transA: false, transB: true, m: o, n: c, k: cols,
                                           a: dm + xi * winogradPlaneStride(rows: o, ld: cols), lda: cols,
                                           b: v + xi * winogradPlaneStride(rows: c, ld: cols), ldb: cols,
                                           beta: beta, c: du + xi * plane, ldc: c)
                            }
                        }
                        first = false
                    }
                }
            }
            // dW = Gᵀ dU G per kernel (the adjoint of U = G g Gᵀ), in blocks of kernels whose 16 values are first
            // copied plane by plane into a small buffer (reading one kernel's 16 values a plane apart at a time
            // evicted the streams from each other, as in `winogradWeightTransform`); the 9 taps of four kernels at
            // a time in SIMD4 lanes, tap-major, then added to the kernels (per kernel in scalar code this was 4 %
            // of a ResNet-18-28 training step).
            let chunk = winogradKernelChunk
            Parallel.forRanges((plane + chunk - 1) / chunk, costPerItem: 64 * chunk) { r in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 25 * chunk) { buffer in
                    let local = buffer.baseAddress!, taps = local + 16 * chunk
                    for block in r {
                        let lo = block * chunk, count = min(chunk, plane - lo), lanes = (count + 3) & ~3
                        for xi in 0..<16 {
                            (local + xi * chunk).update(from: du + xi * plane + lo, count: count)
                            // The lanes of a partial last group: zeros (their results are not used).
                            (local + xi * chunk + count).update(repeating: 0, count: lanes - count)
                        }
                        for l in Swift.stride(from: 0, to: lanes, by: 4) {
                            @inline(__always) func d(_ i: Int, _ k: Int) -> SIMD4<Float> { load4(local + (4 * i + k) * chunk, l) }
                            for a in 0..<3 {
                                // Row a of Gᵀ dU (4 values): Gᵀ rows (1, ½, ½, 0), (0, ½, −½, 0), (0, ½, ½, 1).
                                var s0 = SIMD4<Float>(), s1 = s0, s2 = s0, s3 = s0
                                switch a {
                                case 0:
                                    s0 = d(0, 0) + 0.5 * (d(1, 0) + d(2, 0)); s1 = d(0, 1) + 0.5 * (d(1, 1) + d(2, 1))
                                    s2 = d(0, 2) + 0.5 * (d(1, 2) + d(2, 2)); s3 = d(0, 3) + 0.5 * (d(1, 3) + d(2, 3))
                                case 1:
                                    s0 = 0.5 * (d(1, 0) - d(2, 0)); s1 = 0.5 * (d(1, 1) - d(2, 1))
                                    s2 = 0.5 * (d(1, 2) - d(2, 2)); s3 = 0.5 * (d(1, 3) - d(2, 3))
                                default:
                                    s0 = d(3, 0) + 0.5 * (d(1, 0) + d(2, 0)); s1 = d(3, 1) + 0.5 * (d(1, 1) + d(2, 1))
                                    s2 = d(3, 2) + 0.5 * (d(1, 2) + d(2, 2)); s3 = d(3, 3) + 0.5 * (d(1, 3) + d(2, 3))
                                }
                                // … times G: columns (1, ½, ½, 0), (0, ½, −½, 0), (0, ½, ½, 1).
                                store4(s0 + 0.5 * (s1 + s2), taps + (3 * a) * chunk, l)
                                store4(0.5 * (s1 - s2), taps + (3 * a + 1) * chunk, l)
                                store4(s3 + 0.5 * (s1 + s2), taps + (3 * a + 2) * chunk, l)
                            }
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
}
