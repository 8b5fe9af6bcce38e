import GalenImaging
import GalenNN
import GalenTensor
import Testing

@Suite struct GradCAMTests {
    /// Features = the image itself (K = 2 channels), head = global average pooling then Dense(2 → 1) with weights
    /// (w₀, w₁): ∂score/∂A_k(i, j) = w_k / (h·w), so α_k = w_k / (h·w) and cam = ReLU(Σ_k α_k A_k), by hand.
    @Test func matchesTheHandComputedMapForALinearHead() throws {
        let dense = Dense(2, 1, seed: 1)
        dense.weight.pointer[0] = 2; dense.weight.pointer[1] = -1   // PyTorch layout [out, in]
        dense.bias!.pointer[0] = 0.3
        let pool = GlobalAvgPool2D()
        let a: [Float] = [1, 2, 3, 4,  // channel 0 (2×2)
                          4, 0, 1, 9]  // channel 1
        let x = try Tensor(shape: [1, 2, 2, 2], values: a)
        for (cls, sign) in [(1, Float(1)), (0, Float(-1))] {
            let cam = try GradCAM.maps(images: x, classes: [cls], features: { $0 }, head: { try dense(pool($0)) })
            let alpha: [Float] = [sign * 2 / 4, sign * -1 / 4]
            let expected = (0..<4).map { max(0, alpha[0] * a[$0] + alpha[1] * a[4 + $0]) }
            #expect(cam.shape == [1, 2, 2])
            for (got, want) in zip(cam.scalars, expected) { #expect(abs(got - want) < 1e-6) }
        }
    }

    /// For a nonlinear head the channel weights equal the spatial mean of finite-difference gradients.
    @Test func agreesWithFiniteDifferencesForANonlinearHead() throws {
        let conv = Conv2D(1, 3, kernelSize: 3, padding: .same, seed: 4)
        let hidden = Dense(3 * 4 * 4, 5, seed: 5), out = Dense(5, 3, seed: 6)
        let flatten = Flatten()
        let head: (Tensor) throws -> Tensor = { try out(hidden(flatten($0)).tanh()) }
        let features: (Tensor) throws -> Tensor = { try conv($0).relu() }
        let images = Tensor.randn([2, 1, 4, 4], seed: 11)
        let classes = [2, 0]
        let cam = try GradCAM.maps(images: images, classes: classes, features: features, head: head)

        let a = try withNoGrad { try features(images) }
        let (k, plane) = (3, 16)
        let eps: Float = 1e-2
        for n in 0..<2 {
            var expected = [Float](repeating: 0, count: plane)
            for ch in 0..<k {
                var alpha: Float = 0
                for p in 0..<plane {
                    let idx = (n * k + ch) * plane + p
                    func score(_ delta: Float) throws -> Float {
                        let b = a.copy()
                        b.pointer[idx] += delta
                        return try withNoGrad { try head(b) }.value(at: [n, classes[n]])
                    }
                    alpha += (try score(eps) - score(-eps)) / (2 * eps)
                }
                alpha /= Float(plane)
                for p in 0..<plane { expected[p] += alpha * a.pointer[(n * k + ch) * plane + p] }
            }
            for p in 0..<plane {
                #expect(abs(cam.pointer[n * plane + p] - max(0, expected[p])) < 2e-3)
            }
        }
    }

    @Test func upsamplingMatchesPyTorchBilinear() {
        // torch.nn.functional.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=(4, 4), mode="bilinear",
        // align_corners=False) gives these rows.
        let up = GradCAM.upsample([0, 1, 2, 3], height: 2, width: 2, toHeight: 4, width: 4)
        let expected: [Float] = [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]
        for (g, e) in zip(up, expected) { #expect(abs(g - e) < 1e-6) }
    }

    @Test func badClassesAreErrors() throws {
        let x = Tensor.zeros([1, 1, 2, 2])
        let head: (Tensor) throws -> Tensor = { try Dense(4, 1, seed: 1)(Flatten()($0)) }
        #expect(throws: ImagingError.self) { try GradCAM.maps(images: x, classes: [2], features: { $0 }, head: head) }
        #expect(throws: ImagingError.self) { try GradCAM.maps(images: x, classes: [0, 1], features: { $0 }, head: head) }
    }
}
