import Foundation
import GalenBundle
import GalenClinical
import GalenData
@testable import GalenImaging
import GalenNN
import GalenTensor
import Testing

/// Ensemble image bundles: the mean of the members' probabilities (and of their heat maps), `galen ensemble`'s
/// combination of trained bundles, `--ensemble K` training, and the checks that refuse damaged or mismatched bundles.
@Suite(.serialized) struct ImageEnsembleTests {
    /// Two single-network bundles (seeds 1 and 2) trained on the synthetic archive, written as `galen train` does.
    static func twoBundles(in dir: URL) throws -> (data: URL, bundles: [URL]) {
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var bundles: [URL] = []
        for seed: UInt64 in [1, 2] {
            var o = ImageWorkflowTests.options(data)
            o.epochs = 2
            o.galleryImages = 0
            o.seed = seed
            let r = try ImageTrainer.train(o)
            let url = dir.appendingPathComponent("seed\(seed)")
            try ModelBundle<ImageModelContent>.write(to: url, name: "squares-\(seed)", galenVersion: "test", content: r.content,
                                                     weights: r.weights, formatVersion: r.content.bundleFormatVersion)
            bundles.append(url)
        }
        return (data, bundles)
    }

    static func options() -> ImageEnsembleBuilder.Options {
        var o = ImageEnsembleBuilder.Options()
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        o.galleryImages = 2
        return o
    }

    /// Combines `bundles` and writes the ensemble bundle to `dir/name`.
    static func combine(_ bundles: [URL], data: URL, to url: URL, cipher: BundleFileCipher? = nil) throws -> ImageTrainingResult {
        let models = try bundles.map { ($0.path, try ImageModel(contentsOf: $0, cipher: cipher)) }
        let r = try ImageEnsembleBuilder.combine(models, source: NumpyImageSource(path: data.path), options: options())
        try ModelBundle<ImageModelContent>.write(to: url, name: url.lastPathComponent, galenVersion: "test", content: r.content,
                                                 weights: r.weights, cipher: cipher, formatVersion: r.content.bundleFormatVersion)
        return r
    }

    @Test func ensembleScoresAreTheMeanOfTheMembersScores() throws {
        let dir = try NumpyWriting.tempDir()
        let (data, bundles) = try Self.twoBundles(in: dir)
        let url = dir.appendingPathComponent("ensemble")
        let combined = try Self.combine(bundles, data: data, to: url)

        let members = try bundles.map { try ImageModel(contentsOf: $0) }
        let ensemble = try ImageModel(contentsOf: url)
        #expect(ensemble.members.count == 2 && ensemble.bundle.manifest.formatVersion == 2)
        #expect(Set(ensemble.bundle.manifest.files.keys) == ["member-1.safetensors", "member-2.safetensors"])
        let e = try #require(ensemble.content.ensemble)
        #expect(e.members.map(\.file) == ["member-1.safetensors", "member-2.safetensors"])
        #expect(e.members.map(\.training.seed) == [1, 2])
        #expect(e.members[0].source?.contains("seed1") == true)
        #expect(ensemble.content.modelDescription == "Ensemble of 2 networks (cnn-bn, cnn-bn)")

        // Test and validation scores: the mean of the member bundles' own scores.
        for split in ["test", "val"] {
            let set = try NumpyImageSource(path: data.path).readSet(split: split)
            let a = try members[0].scores(set), b = try members[1].scores(set)
            let s = try ensemble.scores(set)
            #expect(s.count == set.count)
            for i in 0..<set.count { #expect(abs(s[i] - (a[i] + b[i]) / 2) < 1e-6, "\(split) image \(i)") }
            #expect(zip(a, b).contains { abs($0 - $1) > 1e-4 }, "two seeds should score differently")
        }

        // Threshold and figures: from the ensemble's validation scores, members' AUCs from their own.
        let val = try NumpyImageSource(path: data.path).readSet(split: "val")
        let mean = try ensemble.scores(val)
        let expected = ThresholdChoice.select(.youden, on: try BinaryPredictions(scores: mean, labels: val.labels!))
        #expect(ensemble.content.threshold == expected)
        #expect(e.validation.threshold == expected?.threshold && e.validation.images == 16)
        #expect(e.validation.rocAUC == ROCCurve(try BinaryPredictions(scores: mean, labels: val.labels!))?.area)
        for (k, m) in members.enumerated() {
            #expect(e.validation.memberROCAUC[k] == ROCCurve(try BinaryPredictions(scores: try m.scores(val), labels: val.labels!))?.area)
        }
        let right = (0..<16).filter { (mean[$0] >= 0.5 ? 1 : 0) == val.labels![$0] }.count
        #expect(e.validation.accuracyAt05 == Double(right) / 16)
        #expect(combined.content.metrics.split == "validation")
        #expect(combined.report.imageGallery?.tiles.count == 2)

        // Evaluate (report with the ensemble's Grad-CAM) and predict go through the same scores.
        let report = try ImageEvaluation.evaluate(model: ensemble, source: NumpyImageSource(path: data.path),
                                                  bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1), galleryImages: 2)
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        let testAUC = ROCCurve(try BinaryPredictions(scores: try ensemble.scores(test), labels: test.labels!))?.area
        #expect(report.models.first?.evaluation.binary?.rocAUC.value == testAUC)
        #expect(report.models.first?.name == "Ensemble of 2 networks (cnn-bn, cnn-bn)")
        #expect(report.imageGallery?.tiles.count == 2 && report.imageGallery?.explanation.contains("mean of the 2") == true)
        let csv = dir.appendingPathComponent("preds.csv")
        _ = try ImagePrediction.run(model: ensemble, source: NumpyImageSource(path: data.path), outputPath: csv.path)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let s = try ensemble.scores(test)
        for (i, row) in rows.enumerated() { #expect(row.split(separator: ",")[1] == Substring(String(format: "%.6f", s[i]))) }
    }

    @Test func heatMapsAndMulticlassScoresAreMeansOverMembers() throws {
        let head = ImageTaskHead(classCount: 3)
        let norm = ImageNormalization(mean: [0.5], standardDeviation: [0.25])
        let nets = (0..<3).map { seed -> ImageNetwork in
            let n = BatchNormCNN(channels: 1, outputs: 3, seed: UInt64(seed) + 11)
            n.eval()
            return ImageNetwork(network: n, architecture: .cnnBN, normalization: norm, scoring: .none, head: head)
        }
        let ensemble = try ImageEnsemble(members: nets, head: head)
        let x = Tensor.uniform([4, 1, 12, 12], seed: 9)
        let each = try nets.map { try $0.scores(x) }
        let s = try ensemble.scores(x)
        for i in 0..<12 { #expect(abs(s[i] - (each[0][i] + each[1][i] + each[2][i]) / 3) < 1e-6) }
        for n in 0..<4 { #expect(abs(s[(3 * n)..<(3 * n + 3)].reduce(0, +) - 1) < 1e-5) }

        let classes = [0, 1, 2, 1]
        let maps = try ensemble.heatMaps(x, classes: classes)
        let memberMaps = try nets.map { try $0.heatMaps(x, classes: classes) }
        #expect(maps.count == 4 && maps[0].count == 144)
        for i in 0..<4 {
            for p in 0..<144 {
                #expect(abs(maps[i][p] - (memberMaps[0][i][p] + memberMaps[1][i][p] + memberMaps[2][i][p]) / 3) < 1e-6)
            }
            for m in memberMaps { #expect((m[i].max() ?? 0) <= 1 + 1e-6 && (m[i].min() ?? 0) >= 0) }
        }
        // One member: its own scores, bit for bit.
        let one = try ImageEnsemble(members: [nets[1]], head: head)
        #expect(try one.scores(x) == each[1])
        #expect(throws: ImagingError.self) { try ImageEnsemble(members: [], head: head) }
    }

    @Test func combiningOneBundleGivesTheSingleModel() throws {
        let dir = try NumpyWriting.tempDir()
        let (data, bundles) = try Self.twoBundles(in: dir)
        let url = dir.appendingPathComponent("one")
        _ = try Self.combine([bundles[0]], data: data, to: url)
        let single = try ImageModel(contentsOf: bundles[0]), one = try ImageModel(contentsOf: url)
        #expect(single.bundle.manifest.formatVersion == 1 && single.content.ensemble == nil)
        #expect(one.members.count == 1)
        for split in ["val", "test"] {
            let set = try NumpyImageSource(path: data.path).readSet(split: split)
            #expect(try one.scores(set) == single.scores(set))
        }
        // Both thresholds are Youden's J on the same validation scores.
        #expect(one.content.threshold == single.content.threshold)
        // An ensemble given to galen ensemble adds all its members.
        let nested = dir.appendingPathComponent("nested")
        let r = try Self.combine([url, bundles[1]], data: data, to: nested)
        #expect(r.content.ensemble?.members.count == 2)
        #expect(r.content.ensemble?.members[0].source?.contains("member 1") == true)
    }

    @Test func membersOfDifferentArchitecturesCombine() throws {
        let dir = try NumpyWriting.tempDir()
        let (data, bundles) = try Self.twoBundles(in: dir)
        // A ResNet-18 bundle for the same data (its initial weights: training it adds nothing to this test).
        var c = try ImageModel(contentsOf: bundles[1]).content
        c.architecture = .resnet18
        let network = try ImageArchitecture.resnet18.build(channels: 1, height: 12, width: 12, outputs: 1, seed: 3)
        let resnet = dir.appendingPathComponent("resnet")
        try ModelBundle<ImageModelContent>.write(to: resnet, name: "resnet", galenVersion: "test", content: c,
                                                 weights: ["model.safetensors": network])
        let url = dir.appendingPathComponent("mixed")
        let combined = try Self.combine([bundles[0], resnet], data: data, to: url)
        #expect(combined.report.imageGallery?.tiles.count == 2, "Grad-CAM cuts each architecture where it should")
        let model = try ImageModel(contentsOf: url)
        #expect(model.content.modelDescription == "Ensemble of 2 networks (cnn-bn, resnet18)")
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        let a = try ImageModel(contentsOf: bundles[0]).scores(test), b = try ImageModel(contentsOf: resnet).scores(test)
        let s = try model.scores(test)
        for i in 0..<test.count { #expect(abs(s[i] - (a[i] + b[i]) / 2) < 1e-6) }
    }

    @Test func aMissingTruncatedOrTamperedMemberFileFails() throws {
        let dir = try NumpyWriting.tempDir()
        let (data, bundles) = try Self.twoBundles(in: dir)
        let url = dir.appendingPathComponent("ensemble")
        _ = try Self.combine(bundles, data: data, to: url)
        let member = url.appendingPathComponent("member-2.safetensors")
        let original = try Data(contentsOf: member)

        func failure() -> String {
            do { _ = try ImageModel(contentsOf: url); return "" } catch { return "\(error)" }
        }
        try FileManager.default.removeItem(at: member)
        #expect(failure().contains("member-2.safetensors") && failure().contains("missing"))
        try original.prefix(original.count - 100).write(to: member)
        #expect(failure().contains("member-2.safetensors") && failure().contains("modified or truncated"))
        var tampered = original
        tampered[tampered.count / 2] ^= 0x01
        try tampered.write(to: member)
        #expect(failure().contains("member-2.safetensors") && failure().contains("modified or truncated"))
        try original.write(to: member)
        #expect(failure() == "")
    }

    @Test func mismatchedBundlesAreRefusedByNameAndField() throws {
        let dir = try NumpyWriting.tempDir()
        let (data, bundles) = try Self.twoBundles(in: dir)
        let base = try ImageModel(contentsOf: bundles[1])
        func variant(_ name: String, _ change: (inout ImageModelContent) -> Void) throws -> URL {
            var c = base.content
            change(&c)
            let url = dir.appendingPathComponent(name)
            try ModelBundle<ImageModelContent>.write(to: url, name: name, galenVersion: "test", content: c,
                                                     weights: ["model.safetensors": base.members[0].network])
            return url
        }
        func refusal(_ other: URL, data path: URL = data) -> String {
            do {
                let models = try [bundles[0], other].map { ($0.path, try ImageModel(contentsOf: $0)) }
                _ = try ImageEnsembleBuilder.combine(models, source: NumpyImageSource(path: path.path), options: Self.options())
                return ""
            } catch let e as ImagingError { return "\(e)" } catch { return "other error: \(error)" }
        }
        let names = try variant("renamed", { $0.classNames = ["a", "b"] })
        #expect(refusal(names).contains("renamed") && refusal(names).contains("class names"))
        let size = try variant("bigger", { $0.height = 16; $0.width = 16 })
        #expect(refusal(size).contains("bigger") && refusal(size).contains("image size"))
        let other = try variant("otherdata", { $0.trainingData.sha256 = String(repeating: "0", count: 64) })
        #expect(refusal(other).contains("otherdata") && refusal(other).contains("training data"))
        let split = try variant("gsplit", { $0.trainingData.officialSplits = false })
        #expect(refusal(split).contains("gsplit") && refusal(split).contains("official"))
        // --data that is not the members' training data.
        let elsewhere = try NumpyWriting.tempDir()
        var arrays: [String: Data] = [:]
        for (s, n, seed) in [("train", 48, UInt64(7)), ("val", 16, 8), ("test", 16, 9)] {
            let (pixels, labels) = NumpyWriting.squares(n: n, size: 12, seed: seed)
            arrays["\(s)_images"] = NumpyWriting.npy(pixels, shape: [n, 12, 12], dtype: "|u1")
            arrays["\(s)_labels"] = NumpyWriting.npy(labels, shape: [n, 1], dtype: "|u1")
        }
        let wrongData = elsewhere.appendingPathComponent("other.npz")
        try NumpyWriting.npz(arrays, to: wrongData)
        #expect(refusal(bundles[1], data: wrongData).contains("is not the data the members were trained on"))
        #expect(refusal(bundles[1]) == "")
    }

    @Test func ensembleTrainingMatchesSingleRunsSeedBySeed() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.epochs = 1
        o.galleryImages = 2
        o.seed = 5
        o.ensembleMembers = 2
        var lines: [String] = []
        let r = try ImageTrainer.train(o, log: { lines.append($0) })
        #expect(lines.contains { $0.hasPrefix("[member 2/2] epoch") })
        #expect(r.networks.count == 2)
        let e = try #require(r.content.ensemble)
        #expect(e.members.map(\.training.seed) == [5, 6] && e.members.map(\.file) == ["member-1.safetensors", "member-2.safetensors"])
        #expect(Set(r.weights.keys) == ["member-1.safetensors", "member-2.safetensors"])
        #expect(r.report.imageGallery?.tiles.count == 2)

        // Each member is the network a single run with its seed trains, bit for bit.
        var single = o
        single.ensembleMembers = 1
        single.galleryImages = 0
        var singles: [ImageTrainingResult] = []
        for seed: UInt64 in [5, 6] {
            single.seed = seed
            singles.append(try ImageTrainer.train(single))
        }
        for (k, s) in singles.enumerated() {
            let a = r.networks[k].stateDict(), b = s.network.stateDict()
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, t) in a { #expect(t.scalars == b[name]!.scalars, "member \(k + 1): \(name) differs") }
            #expect(e.members[k].training.bestEpoch == s.content.training.bestEpoch)
        }

        // The bundle round trip scores the mean of the two single runs' bundles.
        let url = dir.appendingPathComponent("trained-ensemble")
        try ModelBundle<ImageModelContent>.write(to: url, name: "e", galenVersion: "test", content: r.content, weights: r.weights,
                                                 formatVersion: r.content.bundleFormatVersion)
        let model = try ImageModel(contentsOf: url)
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        var means = [Float](repeating: 0, count: test.count)
        for s in singles {
            let u = dir.appendingPathComponent("single-\(s.content.training.seed)")
            try ModelBundle<ImageModelContent>.write(to: u, name: "s", galenVersion: "test", content: s.content, weights: s.weights)
            let scores = try ImageModel(contentsOf: u).scores(test)
            for i in 0..<test.count { means[i] += scores[i] / 2 }
        }
        let scores = try model.scores(test)
        for i in 0..<test.count { #expect(abs(scores[i] - means[i]) < 1e-6) }
        let testAUC = ROCCurve(try BinaryPredictions(scores: scores, labels: test.labels!))?.area
        #expect(r.report.models.first?.evaluation.binary?.rocAUC.value == testAUC)

        var bad = o
        bad.ensembleMembers = 0
        #expect(throws: ImagingError.self) { try bad.validate() }
    }

    @Test func unsplitMulticlassImagesTrainAnEnsembleOnOneSplit() throws {
        let dir = try NumpyWriting.tempDir()
        let files = try NumpyWriting.unsplitThreeClassSet(in: dir)
        var o = ImageTrainingOptions(dataPath: files.images)
        o.labelsPath = files.labels
        o.epochs = 1
        o.batchSize = 16
        o.galleryImages = 3
        o.seed = 3
        o.ensembleMembers = 3
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try ImageTrainer.train(o)
        let e = try #require(r.content.ensemble)
        #expect(r.content.task == .multiclass && r.content.threshold == nil && e.validation.threshold == nil)
        #expect(e.members.map(\.training.seed) == [3, 4, 5] && e.validation.images == 6 && e.validation.accuracyAt05 == nil)
        #expect(e.validation.memberROCAUC.count == 3 && e.validation.accuracy != nil)
        #expect(r.report.imageGallery?.tiles.count == 3)
        // One split (drawn with --seed) for every member: the first member is the single run with seed 3.
        var single = o
        single.ensembleMembers = 1
        let s = try ImageTrainer.train(single)
        #expect(s.content.trainingData.splitSizes == r.content.trainingData.splitSizes)
        for (k, t) in s.network.stateDict() { #expect(t.scalars == r.networks[0].stateDict()[k]!.scalars, "\(k) differs") }
        // The bundle scores multiclass rows as the mean of the members' softmax rows.
        let url = dir.appendingPathComponent("bundle")
        try ModelBundle<ImageModelContent>.write(to: url, name: "m", galenVersion: "test", content: r.content, weights: r.weights,
                                                 formatVersion: r.content.bundleFormatVersion)
        let model = try ImageModel(contentsOf: url)
        let set = try NumpyImageSource(path: o.dataPath, labelsPath: o.labelsPath).readSet(split: nil)
        let each = try model.memberScores(set)
        let mean = try model.scores(set)
        #expect(mean.count == 60 * 3)
        for i in 0..<mean.count { #expect(abs(mean[i] - (each[0][i] + each[1][i] + each[2][i]) / 3) < 1e-6) }
        #expect(model.outputColumns == ["probability_0", "probability_1", "probability_2", "prediction"])
    }

    @Test func newerLayoutsAreRefusedAndLayoutOneStaysTheSingleNetworkFormat() throws {
        let dir = try NumpyWriting.tempDir()
        let (_, bundles) = try Self.twoBundles(in: dir)
        let manifest = try String(contentsOf: bundles[0].appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"formatVersion\" : 1") && !manifest.contains("\"ensemble\""))
        #expect(throws: BundleError.self) {
            try ModelBundle<ImageModelContent>.write(to: dir.appendingPathComponent("v9"), name: "x", galenVersion: "test",
                                                     content: ImageModel(contentsOf: bundles[0]).content, weights: [:], formatVersion: 9)
        }
    }
}
