import Foundation
import GalenData
import Testing
import ZIPFoundation

/// `galen train / evaluate / predict` on images, end to end on a small slice of the committed BreastMNIST copy.
@Suite(.serialized) struct ImageCLITests {
    static let breast = CLITests.repoRoot.appendingPathComponent("data/breastmnist/breastmnist.npz").path

    /// Writes an `.npz` with the first `n` images of each split of BreastMNIST (uint8, labels [n, 1]).
    static func tinyBreast(in dir: URL, train: Int = 48, other: Int = 24) throws -> URL {
        let arrays = try NumpyArchive.read(path: breast)
        let url = dir.appendingPathComponent("tiny.npz")
        let archive = try Archive(url: url, accessMode: .create)
        for (split, n) in [("train", train), ("val", other), ("test", other)] {
            let images = arrays["\(split)_images"]!, labels = arrays["\(split)_labels"]!
            let pixels = images.values.prefix(n * 28 * 28).map { UInt8($0) }
            let classes = labels.values.prefix(n).map { UInt8($0) }
            for (name, shape, bytes) in [("\(split)_images", "(\(n), 28, 28)", pixels), ("\(split)_labels", "(\(n), 1)", classes)] {
                var header = "{'descr': '|u1', 'fortran_order': False, 'shape': \(shape), }"
                while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
                header += "\n"
                var data = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0, UInt8(header.utf8.count), 0]) + Data(header.utf8)
                data.append(contentsOf: bytes)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(data.count)) { p, s in
                    data.subdata(in: Int(p)..<(Int(p) + s))
                }
            }
        }
        return url
    }

    @Test func trainEvaluatePredictOnImages() throws {
        let dir = try CLITests.tempDir()
        let data = try Self.tinyBreast(in: dir)
        let out = dir.appendingPathComponent("run")
        let train = try CLITests.galen(["train", data.path, "--out", out.path, "--epochs", "2", "--batch-size", "16",
                                        "--resamples", "100", "--gallery", "4", "--class-names", "malignant,benign", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("ROC AUC"))
        for f in ["bundle/manifest.json", "bundle/model.safetensors", "bundle/metrics.json", "report.html", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("bundle/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"kind\" : \"images\"") && manifest.contains("\"architecture\" : \"cnn-bn\""))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Grad-CAM") && html.contains("data:image/png;base64,"))

        let bundle = out.appendingPathComponent("bundle").path
        let evaluate = try CLITests.galen(["evaluate", bundle, data.path, "--out", dir.appendingPathComponent("eval").path,
                                           "--resamples", "100", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("\"rocAUC\""))

        let preds = dir.appendingPathComponent("preds.csv")
        let predict = try CLITests.galen(["predict", bundle, data.path, "--out", preds.path])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: preds, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "index,probability_benign,prediction")
        #expect(lines.count == 25)
    }

    @Test func badImageInputsExitWithCode2AndUsageErrorsWith1() throws {
        let dir = try CLITests.tempDir()
        let corrupt = dir.appendingPathComponent("corrupt.npz")
        try Data("not a zip".utf8).write(to: corrupt)
        let r = try CLITests.galen(["train", corrupt.path, "--out", dir.appendingPathComponent("x").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("corrupt.npz") && r.stderr.contains("not a zip"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))

        let usage = try CLITests.galen(["train", Self.breast, "--target", "label"])
        #expect(usage.status == 1)
        let arch = try CLITests.galen(["train", Self.breast, "--arch", "vgg"])
        #expect(arch.status == 1)
        let tableWithImageOption = try CLITests.galen(["train", "x.csv", "--target", "y", "--arch", "resnet18"])
        #expect(tableWithImageOption.status == 1)

        // An image file given to a tabular bundle, and a CSV given to an image bundle, are data errors.
        let tiny = try Self.tinyBreast(in: dir, train: 20, other: 10)
        let out = dir.appendingPathComponent("run")
        let train = try CLITests.galen(["train", tiny.path, "--out", out.path, "--epochs", "1", "--resamples", "100", "--gallery", "0", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        // An encrypted image bundle needs its key.
        let key = dir.appendingPathComponent("site.key")
        #expect(try CLITests.galen(["keygen", "--out", key.path]).status == 0)
        let sealed = dir.appendingPathComponent("sealed")
        let enc = try CLITests.galen(["train", tiny.path, "--out", sealed.path, "--epochs", "1", "--resamples", "100", "--gallery", "0",
                                      "--quiet", "--encrypt-bundle", "--key-file", key.path])
        #expect(enc.status == 0, "\(enc.stderr)")
        let manifest = try Data(contentsOf: sealed.appendingPathComponent("bundle/manifest.json"))
        #expect(manifest.starts(with: Array("GALENENC".utf8)))
        let noKey = try CLITests.galen(["predict", sealed.appendingPathComponent("bundle").path, tiny.path])
        #expect(noKey.status == 2)
        let withKey = try CLITests.galen(["predict", sealed.appendingPathComponent("bundle").path, tiny.path, "--key-file", key.path,
                                          "--out", dir.appendingPathComponent("sealed.csv").path])
        #expect(withKey.status == 0, "\(withKey.stderr)")

        let csv = dir.appendingPathComponent("rows.csv")
        try "a,b\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        let wrong = try CLITests.galen(["predict", out.appendingPathComponent("bundle").path, csv.path])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("rows.csv"))
    }

    @Test func recipeOptionsReachTheBundleAndContradictionsAreUsageErrors() throws {
        let dir = try CLITests.tempDir()
        let tiny = try Self.tinyBreast(in: dir, train: 20, other: 10)
        let out = dir.appendingPathComponent("strong")
        let train = try CLITests.galen(["train", tiny.path, "--out", out.path, "--epochs", "2", "--resamples", "100", "--gallery", "0",
                                        "--augment", "strong", "--schedule", "step", "--threshold", "0.5", "--tta", "horizontal-flip",
                                        "--ema", "0.9", "--keep", "last", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        let manifest = try Data(contentsOf: out.appendingPathComponent("bundle/manifest.json"))
        let content = try #require((try JSONSerialization.jsonObject(with: manifest) as? [String: Any])?["content"] as? [String: Any])
        #expect((content["training"] as? [String: Any])?["schedule"] as? String == "step")
        #expect(((content["augmentation"] as? [String: Any])?["maxBrightness"] as? Double ?? 0) > 0.09)
        #expect((content["threshold"] as? [String: Any])?["method"] as? String == "fixed")
        #expect(content["testTimeAugmentation"] as? String == "horizontal-flip")
        #expect(abs(((content["training"] as? [String: Any])?["emaDecay"] as? Double ?? 0) - 0.9) < 1e-6)
        #expect((content["training"] as? [String: Any])?["keptWeights"] as? String == "last")
        #expect((content["training"] as? [String: Any])?["epochsRun"] as? Int == 2)

        for args in [["--augment", "strong", "--no-augment"], ["--threshold", "0.5", "--target-sensitivity", "0.9"],
                     ["--threshold", "1.5"], ["--schedule", "linear"], ["--augment", "heavy"], ["--ema", "1.5"], ["--ema", "-0.1"],
                     ["--tta", "rotate"], ["--tta", "horizontal-flip", "--no-augment"], ["--keep", "last", "--patience", "3"],
                     ["--keep", "first"]] {
            let r = try CLITests.galen(["train", tiny.path, "--out", dir.appendingPathComponent("x").path, "--quiet"] + args)
            #expect(r.status == 1, "\(args): \(r.stderr)")
        }
        let tableWithSchedule = try CLITests.galen(["train", "x.csv", "--target", "y", "--schedule", "step"])
        #expect(tableWithSchedule.status == 1)
        let tableWithEMA = try CLITests.galen(["train", "x.csv", "--target", "y", "--ema", "0.99"])
        #expect(tableWithEMA.status == 1)
        let tableWithKeep = try CLITests.galen(["train", "x.csv", "--target", "y", "--keep", "last"])
        #expect(tableWithKeep.status == 1 && tableWithKeep.stderr.contains("--keep"))
    }
}
