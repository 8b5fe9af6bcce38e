import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenImaging
import GalenNN
import GalenTensor
import Testing

@Suite(.serialized) struct ImageWorkflowTests {
    /// A MedMNIST-format archive of synthetic 12×12 two-class images (train 48, val 16, test 16).
    static func syntheticArchive(in dir: URL) throws -> URL {
        var arrays: [String: Data] = [:]
        for (split, n, seed) in [("train", 48, UInt64(1)), ("val", 16, 2), ("test", 16, 3)] {
            let (pixels, labels) = NumpyWriting.squares(n: n, size: 12, seed: seed)
            arrays["\(split)_images"] = NumpyWriting.npy(pixels, shape: [n, 12, 12], dtype: "|u1")
            arrays["\(split)_labels"] = NumpyWriting.npy(labels, shape: [n, 1], dtype: "|u1")
        }
        let url = dir.appendingPathComponent("squares.npz")
        try NumpyWriting.npz(arrays, to: url)
        return url
    }

    static func options(_ path: URL) -> ImageTrainingOptions {
        var o = ImageTrainingOptions(dataPath: path.path)
        o.epochs = 4
        o.batchSize = 16
        o.learningRate = 3e-3
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        o.galleryImages = 4
        o.classNames = ["lower right", "upper left"]
        o.adaptToSmallData = false  // these tests pin the standard recipe; ImageRecipeTests cover the small-data one
        return o
    }

    @Test func trainsEvaluatesSavesAndReloads() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try Self.syntheticArchive(in: dir)
        let result = try ImageTrainer.train(Self.options(data))
        let c = result.content
        #expect(c.kind == "images" && c.task == .binary && c.classNames == ["lower right", "upper left"])
        #expect((c.channels, c.height, c.width) == (1, 12, 12))
        #expect(c.trainingData.officialSplits && c.trainingData.splitSizes == ["train": 48, "validation": 16, "test": 16])
        #expect(c.threshold != nil && c.threshold!.method == .youden)
        let auc = try #require(result.report.models.first?.evaluation.binary?.rocAUC.value)
        #expect(auc > 0.9, "the squares are easy: test AUC \(auc)")
        #expect(result.report.models.first?.evaluation.binary?.rocAUC.lower != nil)
        #expect(result.report.imageGallery?.tiles.count == 4)

        let html = ReportRenderer.html(result.report)
        #expect(html.contains("Example test images") && html.contains("data:image/png;base64,") && html.contains("Grad-CAM"))

        // Bundle round trip: the same scores from the reloaded model.
        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<ImageModelContent>.write(to: bundleURL, name: "squares", galenVersion: "test", content: c,
                                                 weights: ["model.safetensors": result.network])
        let model = try ImageModel(contentsOf: bundleURL)
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        let x = test.images.copy()
        try c.normalization.apply(to: x)
        let direct = try result.network(x).sigmoid().scalars
        let reloaded = try model.scores(test)
        for (a, b) in zip(direct, reloaded) { #expect(abs(a - b) < 1e-6) }
        #expect(model.outputColumns == ["probability_upper left", "prediction"])

        // Evaluate and predict through the library.
        let report = try ImageEvaluation.evaluate(model: model, source: NumpyImageSource(path: data.path),
                                                  bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1), galleryImages: 2)
        #expect(report.models.first?.evaluation.binary?.rocAUC.value == auc)
        let csv = dir.appendingPathComponent("preds.csv")
        let summary = try ImagePrediction.run(model: model, source: NumpyImageSource(path: data.path), outputPath: csv.path)
        #expect(summary.rows == 16)
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "index,probability_upper left,prediction" && lines.count == 17)

        // Images of another size do not fit the model.
        let big = try ImageSet(images: Tensor.zeros([1, 1, 14, 14]), labels: nil, source: "big")
        #expect(throws: ImagingError.self) { try model.scores(big) }
        // A tampered bundle is refused.
        let weights = bundleURL.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: weights)
        #expect(throws: BundleError.self) { try ImageModel(contentsOf: bundleURL) }
    }

    @Test func sameSeedGivesTheSameModel() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try Self.syntheticArchive(in: dir)
        var o = Self.options(data)
        o.epochs = 1
        o.galleryImages = 0
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let a = try ImageTrainer.train(o), b = try ImageTrainer.train(o)
        let sa = a.network.stateDict(), sb = b.network.stateDict()
        #expect(sa.keys.sorted() == sb.keys.sorted())
        for (k, t) in sa { #expect(t.scalars == sb[k]!.scalars, "\(k) differs") }
    }

    @Test func unsplitImagesGetAStratifiedSplitAndMulticlassWorks() throws {
        let dir = try NumpyWriting.tempDir()
        // Three classes: square upper-left (1), lower-right (0), or none (2).
        let files = try NumpyWriting.unsplitThreeClassSet(in: dir)
        var o = ImageTrainingOptions(dataPath: files.images)
        o.labelsPath = files.labels
        o.epochs = 2
        o.batchSize = 16
        o.galleryImages = 3
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try ImageTrainer.train(o)
        #expect(r.content.task == .multiclass && r.content.classNames == ["0", "1", "2"])
        #expect(!r.content.trainingData.officialSplits)
        #expect(r.content.trainingData.splitSizes == ["train": 42, "validation": 6, "test": 12])
        #expect(r.report.models.first?.evaluation.multiclass != nil)
        #expect(r.content.threshold == nil)
    }

    @Test func badOptionsAndUnsuitableDataAreTypedErrors() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try Self.syntheticArchive(in: dir)
        var o = Self.options(data)
        o.epochs = 0
        #expect(throws: ImagingError.invalidOption("--epochs must be > 0, got 0")) { try ImageTrainer.train(o) }
        o = Self.options(data)
        o.classNames = ["just one"]
        #expect(throws: ImagingError.self) { try ImageTrainer.train(o) }
        o = Self.options(data)
        o.architecture = .cnnSmall   // 28×28 only
        #expect(throws: ImagingError.self) { try ImageTrainer.train(o) }

        // One class only.
        let (pixels, _) = NumpyWriting.squares(n: 10, size: 8, seed: 1)
        try NumpyWriting.npy(pixels, shape: [10, 8, 8], dtype: "|u1").write(to: dir.appendingPathComponent("x.npy"))
        try NumpyWriting.npy([Double](repeating: 1, count: 10), shape: [10], dtype: "<i8").write(to: dir.appendingPathComponent("y.npy"))
        var one = ImageTrainingOptions(dataPath: dir.appendingPathComponent("x.npy").path)
        one.labelsPath = dir.appendingPathComponent("y.npy").path
        #expect(throws: (any Error).self) { try ImageTrainer.train(one) }
    }

    @Test func aTabularBundleIsNotAnImageModel() throws {
        struct Tabular: Codable { var kind = "tabular"; var target = "y" }
        let dir = try NumpyWriting.tempDir()
        let url = dir.appendingPathComponent("bundle")
        try ModelBundle<Tabular>.write(to: url, name: "t", galenVersion: "test", content: Tabular(),
                                       weights: ["model.safetensors": Dense(2, 1, seed: 1)])
        #expect(throws: ImagingError.incompatibleBundle("\(url.path) holds a 'tabular' model, not an image model")) {
            try ImageModel(contentsOf: url)
        }
        #expect(ImageModel.kind(of: url) == "tabular")
    }

    @Test func normalisationIsFittedPerChannel() throws {
        let x = try Tensor(shape: [2, 2, 1, 2], values: [0, 1, 10, 10, 1, 0, 20, 20])
        let norm = ImageNormalization.fit(x)
        #expect(norm.mean == [0.5, 15])
        #expect(abs(norm.standardDeviation[0] - 0.5) < 1e-6 && abs(norm.standardDeviation[1] - 5) < 1e-5)
        try norm.apply(to: x)
        #expect(x.scalars.map { ($0 * 1000).rounded() / 1000 } == [-1, 1, -1, -1, 1, -1, 1, 1])
        #expect(throws: ImagingError.self) { try norm.apply(to: Tensor.zeros([1, 3, 1, 1])) }
    }
}
