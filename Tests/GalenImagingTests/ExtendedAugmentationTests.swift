import Foundation
@testable import GalenData
import GalenTensor
import Testing

/// Vertical flip, zoom, brightness and contrast jitter (`ImageAugmentation.strong` and its parts).
@Suite struct ExtendedAugmentationTests {
    @Test func strongIsDeterministicPerSeedAndKeepsShapeAndRange() throws {
        let a = AugmentationTests.batch(n: 16, c: 3, h: 9, w: 7), b = AugmentationTests.batch(n: 16, c: 3, h: 9, w: 7)
        let c = AugmentationTests.batch(n: 16, c: 3, h: 9, w: 7)
        // Pixel values in [0, 1] as the trainer gives them.
        for t in [a, b, c] { for k in 0..<t.count { t.pointer[k] /= 16_000 } }
        var g1 = SeededGenerator(seed: 11), g2 = SeededGenerator(seed: 11), g3 = SeededGenerator(seed: 12)
        try ImageAugmentation.strong.apply(to: a, generator: &g1)
        try ImageAugmentation.strong.apply(to: b, generator: &g2)
        try ImageAugmentation.strong.apply(to: c, generator: &g3)
        #expect(a.shape == [16, 3, 9, 7])
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        #expect(a.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Seven draws per image: the generators end in the same state whatever the images held.
        var g4 = SeededGenerator(seed: 11)
        for _ in 0..<(16 * 7) { _ = g4.nextUnitFloat() }
        #expect(g1.nextUnitFloat() == g4.nextUnitFloat())
    }

    @Test func settingsWithoutExtendedTransformsDrawAsBefore() throws {
        // The standard setting takes four draws per image, so its batches do not change with the new fields.
        var g = SeededGenerator(seed: 4), reference = SeededGenerator(seed: 4)
        try ImageAugmentation().apply(to: AugmentationTests.batch(n: 5), generator: &g)
        for _ in 0..<(5 * 4) { _ = reference.nextUnitFloat() }
        #expect(g.nextUnitFloat() == reference.nextUnitFloat())
        #expect(!ImageAugmentation().usesExtended && ImageAugmentation.strong.usesExtended)
    }

    @Test func verticalFlipMirrorsAboutHalfTheImagesAllChannelsTogether() throws {
        let n = 64, (c, h, w) = (2, 5, 3)
        let a = AugmentationTests.batch(n: n, c: c, h: h, w: w), original = AugmentationTests.batch(n: n, c: c, h: h, w: w)
        var g = SeededGenerator(seed: 3)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0, verticalFlip: true)
            .apply(to: a, generator: &g)
        var flipped = 0
        for i in 0..<n {
            var same = true, mirrored = true
            for ch in 0..<c { for y in 0..<h { for x in 0..<w {
                let v = a.pointer[((i * c + ch) * h + y) * w + x]
                same = same && v == original.pointer[((i * c + ch) * h + y) * w + x]
                mirrored = mirrored && v == original.pointer[((i * c + ch) * h + (h - 1 - y)) * w + x]
            } } }
            #expect(same != mirrored)
            if mirrored { flipped += 1 }
        }
        #expect(flipped > n / 4 && flipped < 3 * n / 4)
    }

    @Test func zoomMagnifiesAboutTheCentreAndKeepsAConstantImage() throws {
        // 2× zoom of a 5×5 image: the centre pixel stays, the pixel one step right of centre samples half a step.
        let img = Tensor.zeros([1, 1, 5, 5])
        for y in 0..<5 { for x in 0..<5 { img.pointer[y * 5 + x] = Float(x) } }
        var out = [Float](repeating: 0, count: 25)
        out.withUnsafeMutableBufferPointer { o in
            ImageAugmentation.affine(UnsafeMutableBufferPointer(start: img.pointer, count: 25), into: o, height: 5, width: 5,
                                     angle: 0, shiftX: 0, shiftY: 0, zoom: 2)
        }
        #expect(Array(out[10..<15]) == [1, 1.5, 2, 2.5, 3])
        let constant = Tensor.full([3, 2, 6, 6], 0.4)
        var g = SeededGenerator(seed: 2)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0, maxScaleFraction: 0.3)
            .apply(to: constant, generator: &g)
        #expect(constant.scalars.allSatisfy { abs($0 - 0.4) < 1e-6 })
    }

    @Test func brightnessShiftsAndContrastScalesAboutTheMeanWithClamping() throws {
        var pixels: [Float] = [0.2, 0.4, 0.6, 0.8]
        pixels.withUnsafeMutableBufferPointer { ImageAugmentation.jitter($0, mean: 0.5, contrast: 1.5, brightness: 0.1) }
        let expected: [Float] = [0.15, 0.45, 0.75, 1.0]   // (v − 0.5)·1.5 + 0.5 + 0.1, the last clamped from 1.05
        #expect(zip(pixels, expected).allSatisfy { abs($0 - $1) < 1e-6 })

        // Contrast alone keeps each image's mean when nothing clamps, and brightness alone shifts it.
        let n = 32
        let a = Tensor.zeros([n, 1, 4, 4])
        for i in 0..<n { for k in 0..<16 { a.pointer[i * 16 + k] = 0.3 + 0.4 * Float(k) / 15 } }
        var g = SeededGenerator(seed: 8)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0, maxContrast: 0.5)
            .apply(to: a, generator: &g)
        var changed = 0
        for i in 0..<n {
            let img = Array(UnsafeBufferPointer(start: a.pointer + i * 16, count: 16))
            #expect(abs(img.reduce(0, +) / 16 - 0.5) < 1e-5)
            if abs(img[15] - 0.7) > 1e-4 { changed += 1 }
        }
        #expect(changed > n / 2)
        let b = Tensor.full([n, 1, 3, 3], 0.5)
        var g2 = SeededGenerator(seed: 9)
        try ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0, maxBrightness: 0.2)
            .apply(to: b, generator: &g2)
        var offsets = Set<Float>()
        for i in 0..<n {
            let img = Array(UnsafeBufferPointer(start: b.pointer + i * 9, count: 9))
            #expect(img.allSatisfy { $0 == img[0] } && abs(img[0] - 0.5) <= 0.2 + 1e-6)
            offsets.insert(img[0])
        }
        #expect(offsets.count > n / 2)
    }

    @Test func oneByOneAndEmptyBatchesAreFine() throws {
        var g = SeededGenerator(seed: 1)
        let tiny = Tensor.full([2, 1, 1, 1], 0.5)
        try ImageAugmentation.strong.apply(to: tiny, generator: &g)
        #expect(tiny.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        let empty = Tensor.zeros([0, 1, 4, 4])
        try ImageAugmentation.strong.apply(to: empty, generator: &g)
        #expect(empty.count == 0)
    }

    @Test func oldManifestsWithoutExtendedKeysDecodeAsOff() throws {
        let json = #"{"horizontalFlip": true, "maxRotationDegrees": 10, "maxShiftFraction": 0.05, "cropPadding": 2}"#
        let decoded = try JSONDecoder().decode(ImageAugmentation.self, from: Data(json.utf8))
        #expect(decoded == ImageAugmentation())
        let roundTrip = try JSONDecoder().decode(ImageAugmentation.self, from: JSONEncoder().encode(ImageAugmentation.strong))
        #expect(roundTrip == .strong)
        #expect(ImageAugmentation.strong.summary.contains("zoom ±10%") && !ImageAugmentation.strong.summary.contains("vertical"))
        var withVertical = ImageAugmentation.strong
        withVertical.verticalFlip = true
        #expect(try JSONDecoder().decode(ImageAugmentation.self, from: JSONEncoder().encode(withVertical)) == withVertical)
    }

    @Test func badExtendedSettingsAreErrors() {
        #expect(throws: DataError.self) { try ImageAugmentation(maxScaleFraction: 0.5).validate() }
        #expect(throws: DataError.self) { try ImageAugmentation(maxBrightness: -0.1).validate() }
        #expect(throws: DataError.self) { try ImageAugmentation(maxContrast: 1).validate() }
        #expect(throws: Never.self) { try ImageAugmentation.strong.validate() }
    }
}
