@testable import GalenData
import GalenTensor
import Testing

@Suite struct AugmentationTests {
    /// A batch of distinct, asymmetric images: value = image·1000 + channel·100 + y·10 + x.
    static func batch(n: Int = 8, c: Int = 2, h: Int = 6, w: Int = 6) -> Tensor {
        let t = Tensor.zeros([n, c, h, w])
        for i in 0..<n { for ch in 0..<c { for y in 0..<h { for x in 0..<w {
            t.pointer[((i * c + ch) * h + y) * w + x] = Float(i * 1000 + ch * 100 + y * 10 + x)
        } } } }
        return t
    }

    @Test func sameSeedSameBatchesDifferentSeedDifferent() throws {
        let a = Self.batch(), b = Self.batch(), c = Self.batch()
        var g1 = SeededGenerator(seed: 7), g2 = SeededGenerator(seed: 7), g3 = SeededGenerator(seed: 8)
        let aug = ImageAugmentation()
        try aug.apply(to: a, generator: &g1)
        try aug.apply(to: b, generator: &g2)
        try aug.apply(to: c, generator: &g3)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        #expect(a.scalars != Self.batch().scalars)
    }

    @Test func noneIsTheIdentity() throws {
        let a = Self.batch()
        var g = SeededGenerator(seed: 1)
        try ImageAugmentation.none.apply(to: a, generator: &g)
        #expect(a.scalars == Self.batch().scalars)
    }

    @Test func flipMirrorsAboutHalfTheImagesAndAllChannelsTogether() throws {
        let n = 64, (c, h, w) = (2, 3, 5)
        let a = Self.batch(n: n, c: c, h: h, w: w), original = Self.batch(n: n, c: c, h: h, w: w)
        var g = SeededGenerator(seed: 3)
        try ImageAugmentation(horizontalFlip: true, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0).apply(to: a, generator: &g)
        var flipped = 0
        for i in 0..<n {
            var same = true, mirrored = true
            for ch in 0..<c { for y in 0..<h { for x in 0..<w {
                let v = a.pointer[((i * c + ch) * h + y) * w + x]
                same = same && v == original.pointer[((i * c + ch) * h + y) * w + x]
                mirrored = mirrored && v == original.pointer[((i * c + ch) * h + y) * w + (w - 1 - x)]
            } } }
            #expect(same != mirrored)
            if mirrored { flipped += 1 }
        }
        #expect(flipped > n / 4 && flipped < 3 * n / 4)
    }

    @Test func cropWithPaddingIsAZeroFilledIntegerShift() throws {
        let n = 32, (h, w) = (6, 6)
        let a = Self.batch(n: n, c: 1, h: h, w: w), original = Self.batch(n: n, c: 1, h: h, w: w)
        var g = SeededGenerator(seed: 5)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 2).apply(to: a, generator: &g)
        var shifts = Set<[Int]>()
        for i in 0..<n {
            // Find the (dx, dy) in [-2, 2]² that explains the image exactly.
            var found: [Int]? = nil
            for dy in -2...2 { for dx in -2...2 where found == nil {
                var ok = true
                for y in 0..<h { for x in 0..<w {
                    let sy = y + dy, sx = x + dx
                    let expected: Float = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? original.pointer[(i * h + sy) * w + sx] : 0
                    ok = ok && a.pointer[(i * h + y) * w + x] == expected
                } }
                if ok { found = [dx, dy] }
            } }
            #expect(found != nil, "image \(i) is not a padded crop")
            if let found { shifts.insert(found) }
        }
        #expect(shifts.count > 5)
    }

    @Test func rotationAndShiftKeepAConstantImageAndMoveAnEdge() throws {
        let constant = Tensor.full([4, 1, 8, 8], 0.25)
        var g = SeededGenerator(seed: 9)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 15, maxShiftFraction: 0.1, cropPadding: 0).apply(to: constant, generator: &g)
        #expect(constant.scalars.allSatisfy { abs($0 - 0.25) < 1e-6 })

        // A pure shift of (1, 0) pixels moves a vertical edge one column right (edges replicated).
        let img = Tensor.zeros([1, 1, 4, 4])
        for y in 0..<4 { for x in 2..<4 { img.pointer[y * 4 + x] = 1 } }
        var scratch = [Float](repeating: 0, count: 16)
        let buffer = UnsafeMutableBufferPointer(start: img.pointer, count: 16)
        scratch.withUnsafeMutableBufferPointer { out in
            ImageAugmentation.affine(buffer, into: out, height: 4, width: 4, angle: 0, shiftX: 1, shiftY: 0)
        }
        #expect(Array(scratch[0..<4]) == [0, 0, 0, 1])
        // A 90° rotation maps the top row onto the left column (counter-clockwise on screen).
        let row = Tensor.zeros([1, 1, 3, 3])
        for x in 0..<3 { row.pointer[x] = 1 }
        var rotated = [Float](repeating: 0, count: 9)
        rotated.withUnsafeMutableBufferPointer { out in
            ImageAugmentation.affine(UnsafeMutableBufferPointer(start: row.pointer, count: 9), into: out, height: 3, width: 3,
                                     angle: Float.pi / 2, shiftX: 0, shiftY: 0)
        }
        #expect(rotated.map { $0.rounded() } == [1, 0, 0, 1, 0, 0, 1, 0, 0])
    }

    @Test func badSettingsAndShapesAreErrors() {
        #expect(throws: DataError.self) { try ImageAugmentation(maxRotationDegrees: -1).validate() }
        #expect(throws: DataError.self) { try ImageAugmentation(maxShiftFraction: 0.7).validate() }
        #expect(throws: DataError.self) { try ImageAugmentation(cropPadding: -2).validate() }
        var g = SeededGenerator(seed: 1)
        #expect(throws: DataError.self) { try ImageAugmentation().apply(to: Tensor.zeros([2, 3]), generator: &g) }
    }
}
