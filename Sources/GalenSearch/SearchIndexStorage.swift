import Foundation
import GalenBundle
import GalenData
import GalenTensor

extension SearchIndex {
    /// Writes the index as a folder at `folder` (see ``SearchIndex``), atomically: the files are written into a
    /// sibling staging folder, hashed into the manifest, and the folder is renamed into place (an existing index
    /// there is replaced; any other existing file or non-index folder is refused).
    /// - Returns: the manifest as written (with file hashes).
    /// - Throws: `SearchError.writeFailed` naming the path.
    @discardableResult
    public func save(to folder: URL) throws -> SearchIndexManifest {
        let fm = FileManager.default
        let target = folder.standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let isIndex = isDirectory.boolValue
                && fm.fileExists(atPath: target.appendingPathComponent(Self.manifestFile).path)
            let isEmptyFolder = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: target.path))?.isEmpty ?? false)
            guard isIndex || isEmptyFolder else {
                throw SearchError.writeFailed(path: target.path, reason: "it exists and is not a search index folder; choose another --out")
            }
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        func fail(_ error: Error) -> SearchError {
            .writeFailed(path: target.path, reason: "\(error)")
        }
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch { throw fail(error) }
        do {
            var manifest = self.manifest
            var files: [String: String] = [:]
            func write(_ data: Data, _ name: String) throws {
                try data.write(to: staging.appendingPathComponent(name))
                files[name] = FileHash.sha256(data)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var lines = Data()
            for document in documents {
                lines.append(try encoder.encode(document))
                lines.append(0x0A)
            }
            try write(lines, Self.documentsFile)
            try write(BM25File.encode(bm25), Self.bm25File)
            if let dense {
                let url = staging.appendingPathComponent(Self.embeddingsFile)
                try SafeTensors.write(["embeddings": dense.embeddings], metadata: ["encoder": dense.encoder], to: url)
                files[Self.embeddingsFile] = try FileHash.sha256(fileAt: url)
            }
            manifest.files = files
            let pretty = JSONEncoder()
            pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try pretty.encode(manifest).write(to: staging.appendingPathComponent(Self.manifestFile))
            // Swap into place.
            if fm.fileExists(atPath: target.path) {
                let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
                try fm.moveItem(at: target, to: old)
                do { try fm.moveItem(at: staging, to: target) } catch {
                    try? fm.moveItem(at: old, to: target)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
            return manifest
        } catch let error as SearchError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw fail(error)
        }
    }

    /// Reads an index folder written by ``save(to:)``, verifying the manifest's version and every file's SHA-256.
    /// - Throws: `SearchError.missingFile`, `.hashMismatch`, `.corruptFile` or `.unsupportedVersion`, naming the file.
    public static func load(from folder: URL) throws -> SearchIndex {
        let fm = FileManager.default
        let manifestURL = folder.appendingPathComponent(manifestFile)
        guard fm.fileExists(atPath: manifestURL.path) else { throw SearchError.missingFile(path: manifestURL.path) }
        let manifest: SearchIndexManifest
        do {
            manifest = try JSONDecoder().decode(SearchIndexManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw SearchError.corruptFile(path: manifestURL.path, reason: "not a valid index manifest")
        }
        guard manifest.format == SearchIndexManifest.formatName else {
            throw SearchError.corruptFile(path: manifestURL.path, reason: "format is '\(manifest.format)', not \(SearchIndexManifest.formatName)")
        }
        guard manifest.version <= SearchIndexManifest.currentVersion else {
            throw SearchError.unsupportedVersion(path: manifestURL.path, version: manifest.version)
        }
        var required = [documentsFile, bm25File]
        if manifest.encoder != nil { required.append(embeddingsFile) }
        for name in required where manifest.files[name] == nil {
            throw SearchError.corruptFile(path: manifestURL.path, reason: "no hash recorded for \(name)")
        }
        func verified(_ name: String) throws -> Data {
            let url = folder.appendingPathComponent(name)
            guard fm.fileExists(atPath: url.path) else { throw SearchError.missingFile(path: url.path) }
            let data: Data
            do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
                throw SearchError.corruptFile(path: url.path, reason: "cannot be read")
            }
            guard FileHash.sha256(data) == manifest.files[name] else { throw SearchError.hashMismatch(path: url.path) }
            return data
        }
        let documentsURL = folder.appendingPathComponent(documentsFile)
        let documentsData = try verified(documentsFile)
        var documents: [TextDocument] = []
        documents.reserveCapacity(manifest.documentCount)
        let decoder = JSONDecoder()
        var line = 0
        for chunk in documentsData.split(separator: 0x0A, omittingEmptySubsequences: true) {
            line += 1
            do { documents.append(try decoder.decode(TextDocument.self, from: Data(chunk))) } catch {
                throw SearchError.corruptFile(path: documentsURL.path, reason: "line \(line) is not a document")
            }
        }
        let bm25URL = folder.appendingPathComponent(bm25File)
        let bm25 = try BM25File.decode(try verified(bm25File), source: bm25URL.path)
        guard documents.count == manifest.documentCount, bm25.documentCount == documents.count else {
            throw SearchError.corruptFile(path: folder.path, reason: "the manifest (\(manifest.documentCount)), documents (\(documents.count)) and BM25 index (\(bm25.documentCount)) disagree on the document count")
        }
        var dense: DenseIndex? = nil
        if let info = manifest.encoder {
            let url = folder.appendingPathComponent(embeddingsFile)
            let data = try verified(embeddingsFile)
            let tensors: [String: Tensor]
            do { tensors = try SafeTensors.readWithMetadata(bytes: data, source: url.path).tensors } catch {
                throw SearchError.corruptFile(path: url.path, reason: "\(error)")
            }
            guard let matrix = tensors["embeddings"], matrix.shape == [documents.count, info.dimension] else {
                throw SearchError.corruptFile(path: url.path, reason: "no 'embeddings' matrix of shape [\(documents.count), \(info.dimension)]")
            }
            dense = try DenseIndex(embeddings: matrix, encoder: info.identifier)
        }
        return SearchIndex(documents: documents, bm25: bm25, dense: dense, manifest: manifest)
    }
}
