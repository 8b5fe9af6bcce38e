import Foundation
import GalenData
@testable import GalenPrivacy
import Testing

/// Helpers shared by the encryption tests (namespaced so other test files of this target cannot clash).
enum EncryptionTestSupport {
    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Deterministic pseudo-random bytes.
    static func bytes(_ n: Int, seed: UInt64 = 1) -> Data {
        var s = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = Data(count: n)
        for i in 0..<n {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            out[i] = UInt8(truncatingIfNeeded: s)
        }
        return out
    }

    static let key = try! EncryptionKey(secret: Data(repeating: 7, count: 32))
    static let otherKey = try! EncryptionKey(secret: Data(repeating: 8, count: 32))
}

private func bytes(_ n: Int, seed: UInt64 = 1) -> Data { EncryptionTestSupport.bytes(n, seed: seed) }
private let testKey = EncryptionTestSupport.key
private let otherKey = EncryptionTestSupport.otherKey
private let chunk = 64
private let header = EncryptedFileHeader.size
private let sealedChunk = chunk + EncryptedFileHeader.tagSize

/// Expects `body` to throw an `EncryptionError` matching `check`.
private func expectEncryptionError(_ body: () throws -> Void, _ check: (EncryptionError) -> Bool,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("no error thrown", sourceLocation: sourceLocation)
    } catch let e as EncryptionError {
        #expect(check(e), "unexpected error: \(e)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct EncryptedFileFormatTests {
    @Test(arguments: [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk, 5 * chunk + 17])
    func roundTripInMemory(size: Int) throws {
        let plain = bytes(size, seed: UInt64(size + 1))
        let sealed = try EncryptedFile.seal(plain, key: testKey, chunkSize: chunk)
        #expect(sealed.count == header + (size / chunk + 1) * EncryptedFileHeader.tagSize + size)
        #expect(EncryptedFile.isEncrypted(sealed))
        #expect(try EncryptedFile.open(sealed, name: "m", key: testKey) == plain)
    }

    @Test(arguments: [0, 1, chunk - 1, chunk, chunk + 1, 7 * chunk + 3])
    func roundTripFiles(size: Int) throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = bytes(size, seed: 3)
        let p = dir.appendingPathComponent("p.csv").path, e = dir.appendingPathComponent("p.csv.enc").path
        let d = dir.appendingPathComponent("d.csv").path
        try plain.write(to: URL(fileURLWithPath: p))
        #expect(try EncryptedFile.encrypt(input: p, output: e, key: testKey, chunkSize: chunk) == size)
        #expect(EncryptedFile.isEncrypted(path: e))
        #expect(!EncryptedFile.isEncrypted(path: p))
        #expect(try EncryptedFile.decrypt(input: e, output: d, key: testKey) == size)
        #expect(try Data(contentsOf: URL(fileURLWithPath: d)) == plain)
        // Only the outputs: no temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["d.csv", "p.csv", "p.csv.enc"])
    }

    @Test func streamingReaderReturnsBytesInAnySlices() throws {
        let plain = bytes(10 * chunk + 5)
        let reader = try EncryptedFileReader(data: try EncryptedFile.seal(plain, key: testKey, chunkSize: chunk),
                                             name: "m", key: testKey)
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 23)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, count: 23) }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        #expect(out == plain)
    }

    @Test func sameInputEncryptsDifferentlyEachTime() throws {
        let plain = bytes(100)
        #expect(try EncryptedFile.seal(plain, key: testKey) != EncryptedFile.seal(plain, key: testKey))
    }

    @Test func everyByteFlipIsDetected() throws {
        let sealed = try EncryptedFile.seal(bytes(3 * chunk + 10), key: testKey, chunkSize: chunk)
        for i in 0..<sealed.count {
            var bad = sealed
            bad[i] ^= 0x01
            expectEncryptionError({ _ = try EncryptedFile.open(bad, name: "x.enc", key: testKey) }) { e in
                switch e {
                case .notEncrypted, .unsupportedVersion, .corruptHeader, .wrongKey: return i < header
                case let .authenticationFailed(_, c): return i >= header && c == (i - header) / sealedChunk
                default: return false
                }
            }
        }
    }

    @Test func truncationAnywhereIsDetected() throws {
        let sealed = try EncryptedFile.seal(bytes(4 * chunk + 9), key: testKey, chunkSize: chunk)
        for length in 0..<sealed.count {
            expectEncryptionError({ _ = try EncryptedFile.open(sealed.prefix(length), name: "x.enc", key: testKey) }) { e in
                switch e {
                case .notEncrypted, .corruptHeader: return length < header
                case .truncated, .authenticationFailed: return length >= header
                default: return false
                }
            }
        }
    }

    @Test func truncationAtChunkBoundaryNamesTheMissingChunk() throws {
        let sealed = try EncryptedFile.seal(bytes(4 * chunk), key: testKey, chunkSize: chunk)
        for k in 0...4 {
            expectEncryptionError({
                _ = try EncryptedFile.open(sealed.prefix(header + k * sealedChunk), name: "x.enc", key: testKey)
            }) { $0 == .truncated(path: "x.enc", chunk: k) }
        }
    }

    @Test func swappedDuplicatedOrDroppedChunksAreDetected() throws {
        let sealed = try EncryptedFile.seal(bytes(3 * chunk + 1), key: testKey, chunkSize: chunk)
        func piece(_ i: Int) -> Data { sealed.subdata(in: (header + i * sealedChunk)..<min(sealed.count, header + (i + 1) * sealedChunk)) }
        let head = sealed.prefix(header)
        let variants: [Data] = [
            head + piece(1) + piece(0) + piece(2) + piece(3),  // swapped
            head + piece(0) + piece(0) + piece(1) + piece(2) + piece(3),  // duplicated
            head + piece(0) + piece(2) + piece(3),  // dropped a middle chunk
            head + piece(0) + piece(1) + piece(2),  // dropped the final chunk
        ]
        for v in variants {
            expectEncryptionError({ _ = try EncryptedFile.open(v, name: "x.enc", key: testKey) }) {
                if case .authenticationFailed = $0 { return true }
                if case .truncated = $0 { return true }
                return false
            }
        }
    }

    @Test func appendedGarbageIsDetected() throws {
        for size in [0, 10, chunk] {
            let sealed = try EncryptedFile.seal(bytes(size), key: testKey, chunkSize: chunk)
            for extra in [1, 16, sealedChunk] {
                expectEncryptionError({ _ = try EncryptedFile.open(sealed + bytes(extra, seed: 9), name: "x.enc", key: testKey) }) {
                    if case .authenticationFailed = $0 { return true }
                    return false
                }
            }
        }
    }

    @Test func chunksFromAnotherFileWithTheSameKeyAreRejected() throws {
        let a = try EncryptedFile.seal(bytes(2 * chunk + 3, seed: 1), key: testKey, chunkSize: chunk)
        let b = try EncryptedFile.seal(bytes(2 * chunk + 3, seed: 2), key: testKey, chunkSize: chunk)
        let spliced = a.prefix(header + sealedChunk) + b.suffix(from: header + sealedChunk)
        expectEncryptionError({ _ = try EncryptedFile.open(spliced, name: "x.enc", key: testKey) }) {
            $0 == .authenticationFailed(path: "x.enc", chunk: 1)
        }
    }

    @Test func wrongKeyIsReportedAsSuch() throws {
        let sealed = try EncryptedFile.seal(bytes(100), key: testKey, chunkSize: chunk)
        expectEncryptionError({ _ = try EncryptedFile.open(sealed, name: "x.enc", key: otherKey) }) { $0 == .wrongKey(path: "x.enc") }
    }

    @Test func plaintextIsNotEncrypted() throws {
        expectEncryptionError({ _ = try EncryptedFile.open(Data("a,b\n1,2\n".utf8), name: "x.csv", key: testKey) }) {
            $0 == .notEncrypted(path: "x.csv")
        }
    }

    @Test func forgedHugeChunkSizeIsRefusedBeforeAllocating() throws {
        var sealed = try EncryptedFile.seal(bytes(10), key: testKey, chunkSize: chunk)
        sealed.replaceSubrange(12..<16, with: [0xFF, 0xFF, 0xFF, 0xFF])
        expectEncryptionError({ _ = try EncryptedFile.open(sealed, name: "x.enc", key: testKey) }) {
            if case .corruptHeader = $0 { return true }
            return false
        }
    }

    @Test func errorMessagesNameFileAndChunk() {
        let m = EncryptionError.authenticationFailed(path: "data.csv.enc", chunk: 3).description
        #expect(m.contains("data.csv.enc") && m.contains("chunk 3") && m.contains("modified, truncated, or the key is wrong"))
    }
}

@Suite struct EncryptedFileOutputTests {
    @Test func failedDecryptionWritesNothingAndKeepsExistingOutput() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p").path, e = dir.appendingPathComponent("p.enc").path
        let out = dir.appendingPathComponent("out").path
        try bytes(10 * chunk).write(to: URL(fileURLWithPath: p))
        try EncryptedFile.encrypt(input: p, output: e, key: testKey, chunkSize: chunk)
        var sealed = try Data(contentsOf: URL(fileURLWithPath: e))
        sealed[sealed.count - 3] ^= 0x40  // last chunk: earlier chunks decrypt fine first
        try sealed.write(to: URL(fileURLWithPath: e))
        // No output at all.
        expectEncryptionError({ try EncryptedFile.decrypt(input: e, output: out, key: testKey) }) {
            $0 == .authenticationFailed(path: e, chunk: 10)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        // An existing output is left as it was.
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out))
        expectEncryptionError({ try EncryptedFile.decrypt(input: e, output: out, key: otherKey) }) { $0 == .wrongKey(path: e) }
        expectEncryptionError({ try EncryptedFile.decrypt(input: e, output: out, key: testKey) }) {
            if case .authenticationFailed = $0 { return true }
            return false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out", "p", "p.enc"])
    }

    @Test func missingInputIsAnIOError() {
        expectEncryptionError({ try EncryptedFile.decrypt(input: "/nonexistent/x.enc", output: "/tmp/never", key: testKey) }) {
            if case .io = $0 { return true }
            return false
        }
        expectEncryptionError({ try EncryptedFile.encrypt(input: "/nonexistent/x", output: "/tmp/never", key: testKey) }) {
            if case .io = $0 { return true }
            return false
        }
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let w = try EncryptedFileWriter(path: dir.appendingPathComponent("x.enc").path, key: testKey, chunkSize: chunk)
            try w.write(bytes(1000))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// 64 MiB through the streaming API with 64 KiB chunks: the reader and writer hold one chunk at a time
    /// (their buffers are sized from the header, not the file), and the plaintext is compared by digest.
    @Test func largeFileStreamsInChunks() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = dir.appendingPathComponent("big.enc").path
        let writer = try EncryptedFileWriter(path: e, key: testKey)
        let block = bytes(1 << 20)
        for _ in 0..<64 { try writer.write(block) }
        try writer.finish()
        let reader = try EncryptedFileReader(path: e, key: testKey)
        var total = 0, chunks = 0, largest = 0
        while let c = try reader.nextChunk() {
            total += c.count; chunks += 1; largest = max(largest, c.count)
            if chunks == 18 { #expect(c == block.subdata(in: (1 << 16)..<(2 << 16))) }  // chunk 17 = 2nd 64 KiB of a block
        }
        #expect(total == 64 << 20)
        #expect(largest == EncryptedFileHeader.defaultChunkSize)
        #expect(chunks == 1025)  // 1024 full chunks + the empty final chunk
    }
}

@Suite struct EncryptionKeyTests {
    @Test func keyFileFormats() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = bytes(32, seed: 5)
        let sealed = try EncryptedFile.seal(bytes(50), key: try EncryptionKey(secret: raw))
        let hex = raw.map { String(format: "%02x", $0) }.joined()
        for (i, contents) in [raw, Data((hex + "\n").utf8), Data((raw.base64EncodedString() + "\n").utf8)].enumerated() {
            let path = dir.appendingPathComponent("k\(i)").path
            try contents.write(to: URL(fileURLWithPath: path))
            #expect(try EncryptedFile.open(sealed, name: "m", key: EncryptionKey(contentsOfFile: path)) == bytes(50))
        }
    }

    @Test func generatedKeyRoundTripsThroughItsText() throws {
        let key = EncryptionKey.generate()
        let again = try #require(try EncryptionKey(environment: "K", variables: ["K": key.keyFileText]))
        #expect(try EncryptedFile.open(EncryptedFile.seal(bytes(10), key: key), name: "m", key: again) == bytes(10))
    }

    @Test func missingShortOrEmptyKeysAreRefused() throws {
        expectEncryptionError({ _ = try EncryptionKey(contentsOfFile: "/nonexistent/key") }) {
            $0 == .keyFileUnreadable(path: "/nonexistent/key", reason: "no such file")
        }
        expectEncryptionError({ _ = try EncryptionKey(environment: "GALEN_KEY", variables: ["GALEN_KEY": ""]) }) {
            $0 == .keyTooShort(source: "environment variable GALEN_KEY", bytes: 0)
        }
        expectEncryptionError({ _ = try EncryptionKey(secret: Data("short".utf8)) }) {
            if case .keyTooShort = $0 { return true }
            return false
        }
        #expect(try EncryptionKey(environment: "GALEN_KEY", variables: [:]) == nil)
    }
}
