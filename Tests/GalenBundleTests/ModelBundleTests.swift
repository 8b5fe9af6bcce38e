import Foundation
import Testing
import GalenNN
import GalenTensor
@testable import GalenBundle

@Suite struct ModelBundleTests {
    struct Content: Codable, Equatable { var task: String; var threshold: Float }

    func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("galen-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    func model(_ seed: UInt64) -> Sequential { Sequential { Dense(3, 4, seed: seed); ReLU(); Dense(4, 1, seed: seed + 1) } }

    @Test func roundTripRestoresWeightsAndContent() throws {
        let dir = try tempDir().appendingPathComponent("wdbc")
        let m = model(1)
        try ModelBundle<Content>.write(to: dir, name: "wdbc", galenVersion: "test", content: Content(task: "binary", threshold: 0.4),
                                       weights: ["model.safetensors": m], files: ["metrics.json": Data("{}".utf8)])
        let b = try ModelBundle<Content>(contentsOf: dir)
        #expect(b.manifest.content == Content(task: "binary", threshold: 0.4))
        #expect(Set(b.manifest.files.keys) == ["model.safetensors", "metrics.json"])
        let fresh = model(9)
        try b.loadWeights("model.safetensors", into: fresh)
        #expect(fresh.parameters.flatMap(\.scalars) == m.parameters.flatMap(\.scalars))
        // No staging directories are left behind.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)
        #expect(siblings == ["wdbc"])
    }

    @Test func tamperedOrTruncatedBundlesAreRefused() throws {
        let dir = try tempDir().appendingPathComponent("m")
        try ModelBundle<Content>.write(to: dir, name: "m", galenVersion: "t", content: Content(task: "b", threshold: 0.5),
                                       weights: ["model.safetensors": model(1)])
        let file = dir.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: file)
        do { _ = try ModelBundle<Content>(contentsOf: dir); Issue.record("expected an error") } catch let e as BundleError {
            #expect(e.description.contains("model.safetensors") && e.description.contains("modified"))
        }
        try bytes.prefix(10).write(to: file)
        #expect(throws: BundleError.self) { try ModelBundle<Content>(contentsOf: dir) }
        try FileManager.default.removeItem(at: file)
        do { _ = try ModelBundle<Content>(contentsOf: dir); Issue.record("expected an error") } catch let e as BundleError {
            #expect(e.description.contains("missing"))
        }
    }

    @Test func corruptManifestAndNonBundles() throws {
        let dir = try tempDir()
        #expect(throws: BundleError.self) { try ModelBundle<Content>(contentsOf: dir.appendingPathComponent("nope")) }
        #expect(throws: BundleError.self) { try ModelBundle<Content>(contentsOf: dir) }
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("manifest.json"))
        #expect(throws: BundleError.self) { try ModelBundle<Content>(contentsOf: dir) }
        try Data(#"{"format":"galen-model-bundle","formatVersion":99}"#.utf8).write(to: dir.appendingPathComponent("manifest.json"))
        do { _ = try ModelBundle<Content>(contentsOf: dir); Issue.record("expected an error") } catch let e as BundleError {
            #expect(e.description.contains("99"))
        }
    }

    @Test func replacingKeepsOnlyTheNewBundleAndRefusesOtherDirectories() throws {
        let root = try tempDir()
        let dir = root.appendingPathComponent("m")
        try ModelBundle<Content>.write(to: dir, name: "m", galenVersion: "t", content: Content(task: "old", threshold: 0.5),
                                       weights: ["model.safetensors": model(1)], files: ["old.txt": Data("x".utf8)])
        try ModelBundle<Content>.write(to: dir, name: "m", galenVersion: "t", content: Content(task: "new", threshold: 0.5),
                                       weights: ["model.safetensors": model(2)])
        let b = try ModelBundle<Content>(contentsOf: dir)
        #expect(b.manifest.content.task == "new")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("old.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["m"])

        let data = root.appendingPathComponent("patients")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: data.appendingPathComponent("a.csv"))
        #expect(throws: BundleError.self) {
            try ModelBundle<Content>.write(to: data, name: "x", galenVersion: "t", content: Content(task: "b", threshold: 0), weights: [:])
        }
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("a.csv").path))
        #expect(throws: BundleError.self) {
            try ModelBundle<Content>.write(to: root.appendingPathComponent("y"), name: "y", galenVersion: "t",
                                           content: Content(task: "b", threshold: 0), weights: [:], files: ["../escape": Data()])
        }
    }

    @Test func fileHashMatchesKnownVector() throws {
        #expect(FileHash.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
