import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenImaging
import Testing

/// The workflow on a folder of PNG files per class (`root/<class>/*.png`, decoded by libpng).
@Suite(.serialized) struct PNGFolderWorkflowTests {
    /// Writes the synthetic squares as grey PNGs under `root/lower right/` and `root/upper left/`.
    static func folder(in dir: URL, n: Int, seed: UInt64, classes: [String] = ["lower right", "upper left"]) throws -> URL {
        let root = dir.appendingPathComponent("pngs-\(seed)")
        let (pixels, labels) = NumpyWriting.squares(n: n, size: 12, seed: seed)
        for (i, label) in labels.enumerated() {
            let folder = root.appendingPathComponent(classes[Int(label)])
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let png = try PNGEncoder.encode(pixels[(i * 144)..<((i + 1) * 144)].map { UInt8($0) }, width: 12, height: 12, channels: 1)
            try png.write(to: folder.appendingPathComponent(String(format: "img%03d.png", i)))
        }
        return root
    }

    @Test func trainsOnClassFoldersThenEvaluatesAndPredictsByClassName() throws {
        let dir = try NumpyWriting.tempDir()
        let root = try Self.folder(in: dir, n: 96, seed: 11)
        var o = ImageWorkflowTests.options(root)
        o.classNames = nil  // taken from the folder names
        let result = try ImageTrainer.train(o)
        let c = result.content
        #expect(c.classNames == ["lower right", "upper left"])
        #expect(!c.trainingData.officialSplits)  // a stratified split was made
        let auc = try #require(result.report.models.first?.evaluation.binary?.rocAUC.value)
        #expect(auc > 0.9, "the squares are easy: test AUC \(auc)")

        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<ImageModelContent>.write(to: bundle, name: "squares", galenVersion: "test", content: c,
                                                 weights: ["model.safetensors": result.network])
        let model = try ImageModel(contentsOf: bundle)
        // New images in class folders: labels are matched to the model's classes by folder name.
        let fresh = try Self.folder(in: dir, n: 24, seed: 12)
        let report = try ImageEvaluation.evaluate(model: model, source: PNGFolderSource(path: fresh.path, modelClassNames: c.classNames),
                                                  bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1), galleryImages: 0)
        #expect((report.models.first?.evaluation.binary?.rocAUC.value ?? 0) > 0.9)
        let csv = dir.appendingPathComponent("preds.csv")
        let summary = try ImagePrediction.run(model: model, source: PNGFolderSource(path: fresh.path, modelClassNames: c.classNames),
                                              outputPath: csv.path)
        #expect(summary.rows == 24)

        // A class folder the model does not know is named in the error.
        let odd = try Self.folder(in: dir, n: 8, seed: 13, classes: ["lower right", "sideways"])
        #expect {
            try PNGFolderSource(path: odd.path, modelClassNames: c.classNames).readSet(split: nil)
        } throws: { "\($0)".contains("sideways") }
        // Labels and class names come from the folders; giving them too is refused.
        var named = ImageWorkflowTests.options(root)
        named.classNames = ["a", "b"]
        #expect(throws: ImagingError.self) { try ImageTrainer.train(named) }
        // A folder without class folders is a clear data error.
        #expect(throws: DataError.self) { try PNGFolderSource(path: fresh.appendingPathComponent("upper left").path).read() }
        // A folder has no official splits.
        #expect(throws: DataError.self) { try PNGFolderSource(path: fresh.path).readSet(split: "test") }
    }
}
