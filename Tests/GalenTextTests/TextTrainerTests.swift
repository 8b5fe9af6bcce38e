import Foundation
import Testing
import GalenBundle
import GalenClinical
import GalenData
import GalenModels
import GalenNN
import GalenTensor
@testable import GalenText

/// The trainer on a synthetic three-class text set with a tiny random encoder: frozen and fine-tuned, bundle
/// round trip, encoder-hash refusal, and the fine-tuned layer's gradients against finite differences.
@Suite(.serialized) struct TextTrainerTests {
    static func setUp(perClass: Int = 40) throws -> (dir: URL, data: URL, encoder: URL) {
        let dir = try TinyText.tempDir()
        let data = dir.appendingPathComponent("texts.jsonl")
        try TinyText.writeJSONL(TinyText.records(perClass: perClass), to: data)
        let encoder = dir.appendingPathComponent("tiny-encoder")
        try TinyText.writeEncoderFolder(encoder)
        return (dir, data, encoder)
    }

    static func options(_ data: URL, _ encoder: URL) -> TextTrainingOptions {
        var o = TextTrainingOptions(dataPath: data.path, target: "label")
        o.encoderDirectory = encoder
        o.hidden = [32]
        o.learningRate = 1e-2
        o.epochs = 40
        o.patience = 8
        o.batchSize = 16
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        return o
    }

    static func accuracy(_ r: ReportModel) -> Double {
        r.evaluation.multiclass!.summary.first { $0.name.lowercased().contains("accuracy") }!.estimate.value!
    }

    @Test func frozenHeadLearnsAndBundleRoundTrips() throws {
        let (dir, data, encoderDir) = try Self.setUp()
        var o = Self.options(data, encoderDir)
        o.groupColumn = "group"
        let result = try TextTrainer.train(o)
        #expect(result.content.task == .multiclass)
        #expect(result.content.classNames == ["cardiac", "fracture", "infection"])
        #expect(result.content.fineTuneLayers == 0)
        #expect(result.report.models.count == 2)   // network and TF-IDF baseline
        let acc = Self.accuracy(result.report.models[0])
        #expect(acc >= 0.8, "test accuracy \(acc)")
        // Only the head is in the bundle's weights.
        #expect(result.classifier.stateDict().keys.allSatisfy { $0.hasPrefix("head.") })

        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<TextModelContent>.write(to: bundleURL, name: "t", galenVersion: "test", content: result.content,
                                                weights: ["model.safetensors": result.classifier])
        let model = try TextModel(contentsOf: bundleURL, encoderDirectory: encoderDir)
        #expect(model.content.encoder.name == "tiny-encoder")
        let texts = ["heart chest angina", "femur fracture bone", "fever sepsis viral"]
        let scores = try model.scores(texts)
        #expect(scores.count == 9)
        for i in 0..<3 { #expect(model.head.predictedClass(scores, i, threshold: 0.5) == i) }
        // The same weights give the same scores as the trained classifier.
        let enc = try TextEncoder(directory: encoderDir)
        let direct = try withNoGrad { try result.classifier(enc.embed(enc.tokenize(texts))) }.softmax(axis: 1).scalars
        for (a, b) in zip(scores, direct) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func anotherEncoderIsRefused() throws {
        let (dir, data, encoderDir) = try Self.setUp(perClass: 12)
        var o = Self.options(data, encoderDir)
        o.epochs = 2
        o.baseline = false
        let result = try TextTrainer.train(o)
        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<TextModelContent>.write(to: bundleURL, name: "t", galenVersion: "test", content: result.content,
                                                weights: ["model.safetensors": result.classifier])
        let other = dir.appendingPathComponent("other-encoder")
        try TinyText.writeEncoderFolder(other, seed: 99)
        let e = #expect(throws: TextError.self) { try TextModel(contentsOf: bundleURL, encoderDirectory: other) }
        #expect("\(e!)".contains("not the one this model was trained with"))
        let missing = dir.appendingPathComponent("nowhere")
        let e2 = #expect(throws: TextError.self) { try TextModel(contentsOf: bundleURL, encoderDirectory: missing) }
        #expect("\(e2!)".contains("scripts/fetch_minilm.sh"))
    }

    @Test func fineTuningTrainsTheTopLayerAndItsWeightsGoIntoTheBundle() throws {
        let (dir, data, encoderDir) = try Self.setUp(perClass: 30)
        var o = Self.options(data, encoderDir)
        o.fineTuneLayers = 1
        o.epochs = 15
        let before = try TextEncoder(directory: encoderDir).encoder.layers[1].linear1.weight.scalars
        let result = try TextTrainer.train(o)
        let keys = result.classifier.stateDict().keys
        #expect(keys.contains("encoder.layer.1.linear1.weight") && !keys.contains { $0.hasPrefix("encoder.layer.0.") })
        let after = result.classifier.top[0].linear1.weight.scalars
        #expect(zip(before, after).contains { abs($0 - $1) > 1e-6 }, "the top layer did not change")
        #expect(Self.accuracy(result.report.models[0]) >= 0.8)

        // The bundle carries the fine-tuned layer; a fresh encoder from the folder plus the bundle reproduces the
        // cached-states path of training.
        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<TextModelContent>.write(to: bundleURL, name: "t", galenVersion: "test", content: result.content,
                                                weights: ["model.safetensors": result.classifier])
        let model = try TextModel(contentsOf: bundleURL, encoderDirectory: encoderDir)
        #expect(model.encoder.encoder.layers[1].linear1.weight.scalars == after)
        let texts = ["acute heart angina", "left femur fracture", "fever with sepsis"]
        let viaBundle = try model.scores(texts)
        let fresh = try TextEncoder(directory: encoderDir)
        let ids = try fresh.tokenize(texts)
        let states = try fresh.bottomStates(ids, layers: 1)
        let (x, mask, padding) = TextBatch.states(states)
        let viaCache = try withNoGrad { try result.classifier.logits(states: x, mask: mask, padding: padding) }.softmax(axis: 1).scalars
        for (a, b) in zip(viaBundle, viaCache) { #expect(abs(a - b) < 1e-4) }
    }

    /// d(loss)/d(weights of the trainable top layer) by autodiff against central finite differences (eval mode, so
    /// no dropout), through the top layer, masked mean pooling, L2 normalisation and the head.
    @Test func topLayerGradientsMatchFiniteDifferences() throws {
        let (_, _, encoderDir) = try Self.setUp(perClass: 1)
        let encoder = try TextEncoder(directory: encoderDir)
        let ids = try encoder.tokenize(["acute heart angina chest", "femur fracture", "fever with sepsis and viral pneumonia"])
        let (x, mask, padding) = TextBatch.states(try encoder.bottomStates(ids, layers: 1))
        #expect(padding != nil)
        let classifier = TextClassifier(encoder: encoder.encoder, fineTuneLayers: 1, hidden: [8], dropout: 0, outputs: 3, seed: 5)
        classifier.eval()
        let targets = try Tensor(shape: [3], values: [0, 1, 2])
        func loss() throws -> Tensor { try CrossEntropyLoss()(classifier.logits(states: x, mask: mask, padding: padding), targets) }
        let layer = classifier.top[0]
        for p in [layer.linear1.weight, layer.selfAttn.inProjWeight, layer.norm2.weight!] {
            classifier.zeroGrad()
            try loss().backward()
            let grad = p.grad!.scalars
            for i in stride(from: 0, to: p.count, by: max(1, p.count / 7)) {
                let saved = p.pointer[i]
                let eps: Float = 1e-2
                p.pointer[i] = saved + eps
                let up = Double(try withNoGrad { try loss().item() })
                p.pointer[i] = saved - eps
                let down = Double(try withNoGrad { try loss().item() })
                p.pointer[i] = saved
                let numeric = (up - down) / (2 * Double(eps))
                #expect(abs(numeric - Double(grad[i])) <= 2e-3 + 0.05 * abs(numeric), "element \(i): autodiff \(grad[i]), numeric \(numeric)")
            }
        }
    }

    @Test func optionsAreChecked() throws {
        var o = TextTrainingOptions(dataPath: "x.jsonl", target: "y")
        o.epochs = 0
        #expect(throws: TextError.self) { try o.validate() }
        o = TextTrainingOptions(dataPath: "x.jsonl", target: "y")
        o.encoderDirectory = URL(fileURLWithPath: "/nonexistent-encoder")
        let e = #expect(throws: TextError.self) { try TextTrainer.train(o) }
        #expect("\(e!)".contains("fetch_minilm.sh"))
    }

    @Test func oneClassIsRefused() throws {
        let (dir, _, encoderDir) = try Self.setUp(perClass: 1)
        let url = dir.appendingPathComponent("one.jsonl")
        try TinyText.writeJSONL((0..<10).map { ["text": "heart \($0)", "label": "a"] }, to: url)
        let e = #expect(throws: TextError.self) { try TextTrainer.train(Self.options(url, encoderDir)) }
        #expect("\(e!)".contains("one class"))
    }
}
