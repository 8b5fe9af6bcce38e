import Foundation
import Testing
import GalenNN
import GalenTensor
@testable import GalenModels

/// `Fixtures/torch/resnet.json` and `resnet_*.safetensors`, written by
/// `scripts/make_fixtures.py --group resnet` with torch 2.13.0: reduced-width ResNet-18s with
/// torchvision's names (standard and MedMNIST 28×28 stems), randomised batch-norm statistics, eval mode.
enum ResNetFixtures {
    struct Values: Decodable, Sendable {
        var shape: [Int]
        var data: [Double]
        func tensor() throws -> Tensor { try Tensor(shape: shape, values: data.map(Float.init)) }
    }

    struct Case: Decodable, Sendable {
        var name: String, weights: String, small: Bool, widths: [Int]
        var inChannels: Int, classes: Int
        var input: Values, output: Values
        enum CodingKeys: String, CodingKey {
            case name, weights, small, widths, inChannels = "in_channels", classes, input, output
        }
    }

    struct Document: Decodable, Sendable { var torch: String; var cases: [Case] }

    static func url(_ file: String) throws -> URL {
        let u = URL(fileURLWithPath: file)
        guard let url = Bundle.module.url(forResource: u.deletingPathExtension().lastPathComponent,
                                          withExtension: u.pathExtension, subdirectory: "Fixtures/torch") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Fixtures/torch/\(file) is not in the test bundle"])
        }
        return url
    }

    static func load() throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(contentsOf: url("resnet.json")))
    }
}

@Suite struct ResNetTests {
    @Test func standardVariantShapesAndTorchvisionNames() throws {
        let m = ResNet.resNet18(inputChannels: 3, classes: 5, seed: 1)
        #expect(try m(Tensor.randn([2, 3, 64, 64], seed: 3)).shape == [2, 5])
        let keys = Set(m.stateDict().keys)
        for k in ["conv1.weight", "bn1.running_var", "bn1.num_batches_tracked", "layer1.0.conv1.weight",
                  "layer1.1.bn2.bias", "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_mean",
                  "layer4.1.conv2.weight", "fc.weight", "fc.bias"] {
            #expect(keys.contains(k), "missing \(k)")
        }
        #expect(!keys.contains("layer1.0.downsample.0.weight") && !keys.contains("conv1.bias"))
        // torchvision's resnet18: 62 parameter tensors, 60 batch-norm buffers (20 layers × 3), 122 state-dict entries.
        #expect(m.parameters.count == 62 && keys.count == 122)
        #expect(m.conv1.weight.shape == [64, 3, 7, 7] && m.maxpool != nil)
    }

    @Test func parameterCountMatchesTorchvision() {
        #expect(ResNet.resNet18(classes: 1000, seed: 0).parameterCount == 11_689_512)
    }

    @Test func smallVariantShapes() throws {
        let m = ResNet.resNet18(inputChannels: 1, classes: 2, small: true, seed: 2)
        #expect(m.conv1.weight.shape == [64, 1, 3, 3] && m.conv1.stride == (1, 1) && m.maxpool == nil)
        #expect(try m(Tensor.randn([2, 1, 28, 28], seed: 4)).shape == [2, 2])
        #expect(throws: NNError.self) { try m(Tensor.zeros([2, 3, 28, 28])) }
    }

    @Test func initialisationIsSeededAndTorchvisionLike() throws {
        let a = ResNet.resNet18(classes: 3, widths: [8, 16, 32, 64], seed: 9)
        let b = ResNet.resNet18(classes: 3, widths: [8, 16, 32, 64], seed: 9)
        let c = ResNet.resNet18(classes: 3, widths: [8, 16, 32, 64], seed: 10)
        let sa = a.stateDict(), sb = b.stateDict(), sc = c.stateDict()
        for (k, t) in sa { #expect(t.scalars == sb[k]!.scalars, "\(k) differs for one seed") }
        #expect(sa["layer3.0.conv1.weight"]!.scalars != sc["layer3.0.conv1.weight"]!.scalars)
        #expect(sa["layer2.1.bn1.weight"]!.scalars.allSatisfy { $0 == 1 })
        #expect(sa["layer2.1.bn1.bias"]!.scalars.allSatisfy { $0 == 0 })
        // Kaiming normal, fan-out: std √(2 / (out·k·k)); layer4 conv2 has 64·64·9 values with std √(2/576).
        let w = sa["layer4.1.conv2.weight"]!.scalars
        let mean = w.reduce(0, +) / Float(w.count)
        let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(w.count)).squareRoot()
        #expect(abs(sd / (2 / Float(576)).squareRoot() - 1) < 0.05)
    }

    @Test func pytorchParityInEvalMode() throws {
        let doc = try ResNetFixtures.load()
        #expect(doc.cases.count == 2)
        for c in doc.cases {
            let m = ResNet.resNet18(inputChannels: c.inChannels, classes: c.classes, small: c.small, widths: c.widths, seed: 0)
            let state = try SafeTensors.read(contentsOf: ResNetFixtures.url(c.weights))
            try m.loadStateDict(state, strict: true)
            #expect(m.bn1.numBatchesTracked.scalars == [7])
            m.eval()
            let y = try m(c.input.tensor())
            let expected = try c.output.tensor()
            #expect(y.shape == expected.shape)
            let diff = zip(y.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
            #expect(diff <= 1e-4, "\(c.name): max |Δ logit| = \(diff)")
        }
    }

    @Test func stateDictRoundTripsThroughSafeTensors() throws {
        let a = ResNet.resNet18(inputChannels: 1, classes: 2, small: true, widths: [4, 8, 16, 32], seed: 11)
        _ = try a(Tensor.randn([2, 1, 28, 28], seed: 12))  // one training step moves the running statistics
        a.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-resnet-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(a.stateDict(), to: url)
        let b = ResNet.resNet18(inputChannels: 1, classes: 2, small: true, widths: [4, 8, 16, 32], seed: 13)
        try b.loadStateDict(SafeTensors.read(contentsOf: url), strict: true)
        b.eval()
        let x = Tensor.randn([2, 1, 28, 28], seed: 14)
        #expect(try a(x).scalars == b(x).scalars)
        #expect(b.layer2.modules.compactMap { $0 as? BatchNorm2D }.allSatisfy { $0.numBatchesTracked.scalars == [1] })
    }

    @Test func smallVariantTrainsForwardAndBackward() throws {
        let m = ResNet.resNet18(inputChannels: 1, classes: 3, small: true, widths: [4, 8, 16, 32], seed: 5)
        let x = Tensor.randn([4, 1, 28, 28], seed: 6)
        let y = try m(x)
        let loss = try (y * y).mean()
        try loss.backward()
        #expect(!loss.hasNonFinite)
        for (name, p) in m.namedParameters {
            #expect(p.grad != nil && !(p.grad!.hasNonFinite), "\(name) has no finite gradient")
        }
        #expect(m.bn1.numBatchesTracked.scalars == [1])
        #expect(m.layer4.modules.compactMap { $0 as? BatchNorm2D }.allSatisfy { $0.numBatchesTracked.scalars == [1] })
    }
}
