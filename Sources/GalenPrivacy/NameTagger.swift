import Foundation

/// A learned per-token tagger for names and places that the rules of `PHIScanner` miss: a linear model (averaged
/// perceptron, trained by `NameTaggerTrainer`) over the hashed `TokenFeatures`, classes O, NAME and LOCATION.
///
/// Tokens are tagged left to right (greedy; the previous token's class is a feature). Only words the rules left
/// alone, without digits and starting with a capital, are looked at; adjacent tokens of one class (also across
/// `.`, `-`, `'`, `,`, `&` and small joining words such as `of`, `de`, `van`) form one span.
///
/// Weights are 16-bit integers with one scale; the file (`name_tagger.bin` in the module's resources) holds only
/// the non-zero rows. Format, little-endian: `GTAG`, format version, feature version, bucket bits, class count,
/// margin (Float32 bits), scale (Float32 bits), row count, rows of (UInt32 bucket, one Int16 per class) in
/// increasing bucket order, and an FNV-1a 64 checksum of everything before it.
public final class NameTagger: Sendable {
    /// Classes: 0 other, 1 NAME, 2 LOCATION.
    static let classes = 3
    /// Current file format version.
    static let formatVersion: UInt32 = 1

    /// log2 of the number of weight rows.
    let bucketBits: Int
    /// Weights, `bucket * classes + class`.
    let weights: [Int16]
    /// Value of one weight unit.
    let scale: Float
    /// A token is NAME or LOCATION only when that class's score exceeds the O score by more than this.
    public let margin: Float

    /// A tagger from quantised weights.
    init(bucketBits: Int, weights: [Int16], scale: Float, margin: Float) {
        self.bucketBits = bucketBits
        self.weights = weights
        self.scale = scale
        self.margin = margin
    }

    /// A tagger from real-valued weights (`bucket * 3 + class`), rounded to 16-bit integers with one scale.
    convenience init(bucketBits: Int, realWeights w: [Float], margin: Float) {
        var maxAbs: Float = 0
        for x in w { maxAbs = max(maxAbs, abs(x)) }
        let scale = maxAbs > 0 ? maxAbs / 32767 : 1
        var q = [Int16](repeating: 0, count: w.count)
        for k in w.indices { q[k] = Int16((w[k] / scale).rounded()) }
        self.init(bucketBits: bucketBits, weights: q, scale: scale, margin: margin)
    }

    /// Number of weight rows with a non-zero weight.
    public var nonZeroRows: Int {
        var n = 0
        for r in 0..<(weights.count / NameTagger.classes) where weights[r * 3] != 0 || weights[r * 3 + 1] != 0 || weights[r * 3 + 2] != 0 { n += 1 }
        return n
    }

    /// The class (0 other, 1 NAME, 2 LOCATION) of a token with the given feature hashes.
    func classify(_ features: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var s0: Int32 = 0, s1: Int32 = 0, s2: Int32 = 0
        weights.withUnsafeBufferPointer { w in
            for h in features {
                let r = TokenFeatures.bucket(h, bits: bucketBits) * 3
                s0 &+= Int32(w[r]); s1 &+= Int32(w[r + 1]); s2 &+= Int32(w[r + 2])
            }
        }
        let best = s2 > s1 ? 2 : 1
        let top = best == 2 ? s2 : s1
        return Float(top - s0) * scale > margin ? best : 0
    }

    /// Per token, the class given by the rules (1 NAME, 2 LOCATION) or by the tagger (unclaimed candidates), else 0.
    func classes(of f: TokenFeatures) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: f.info.count)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: TokenFeatures.count) { buf in
            for i in f.info.indices {
                if f.isCandidate(i) {
                    f.features(i, previousClass: i > 0 ? Int(out[i - 1]) : 0, into: buf)
                    out[i] = UInt8(classify(buf))
                } else {
                    out[i] = NameTagger.ruleClass(f.info[i].rule)
                }
            }
        }
        return out
    }

    /// The spans of the tokens the tagger itself tagged (not those the rules found), leaving out the tokens for
    /// which `excluded` is true (eponyms such as `Graves disease`).
    func spans(bytes b: UnsafeBufferPointer<UInt8>, tokens t: [TextToken], features f: TokenFeatures,
               excluded: (Int) -> Bool = { _ in false }) -> [PHISpan] {
        let cls = classes(of: f)
        var tagged = [UInt8](repeating: 0, count: t.count)
        for i in t.indices where f.isCandidate(i) && cls[i] != 0 && !excluded(i) { tagged[i] = cls[i] }
        return NameTagger.join(tagged, bytes: b, tokens: t)
    }

    /// The class a rule span of type code `rule` (see `TokenFeatures.Info.rule`) stands for.
    @inline(__always) static func ruleClass(_ rule: UInt8) -> UInt8 {
        rule == 1 ? 1 : rule == 2 ? 2 : 0  // PHIType.allCases starts with .name, .location
    }

    /// Lower-case words that may sit inside a name or place between two tagged words.
    static let joiningWords: Set<String> = ["of", "at", "de", "la", "le", "del", "della", "da", "do", "dos", "das", "van",
                                            "der", "den", "von", "the", "and", "on", "du", "di", "y", "e", "bin", "ibn", "al", "el"]

    /// Joins tagged tokens (`cls`: 0 none, 1 NAME, 2 LOCATION) into spans: a run of one class, also across up to
    /// two joining tokens (`.`, `-`, `'`, `,`, `&`, `joiningWords`) on one line; an initial takes its dot.
    static func join(_ cls: [UInt8], bytes b: UnsafeBufferPointer<UInt8>, tokens t: [TextToken]) -> [PHISpan] {
        func joiner(_ k: Int) -> Bool {
            if !t[k].isWord {
                let c = b[t[k].start]
                return c == 0x2E || c == 0x2D || c == 0x27 || c == 0x2C || c == 0x26
            }
            guard t[k].length <= 5, t[k].digits == 0, !t[k].capitalised else { return false }
            return joiningWords.contains(String(decoding: UnsafeBufferPointer(rebasing: b[t[k].start..<t[k].end]), as: UTF8.self))
        }
        func withDot(_ k: Int) -> Int {
            t[k].length == 1 && k + 1 < t.count && !t[k + 1].spaceBefore && !t[k + 1].isWord && b[t[k + 1].start] == 0x2E ? k + 1 : k
        }
        var out: [PHISpan] = []
        var i = 0
        while i < t.count {
            let c = cls[i]
            guard c != 0 else { i += 1; continue }
            var last = withDot(i)
            while true {
                var j = last + 1
                while j < t.count, j - last <= 2, !t[j].lineBefore, cls[j] == 0, joiner(j) { j += 1 }
                guard j < t.count, !t[j].lineBefore, cls[j] == c else { break }
                last = withDot(j)
            }
            out.append(PHISpan(type: c == 1 ? .name : .location, start: t[i].start, end: t[last].end))
            i = last + 1
        }
        return out
    }

    // MARK: - File

    /// The file's bytes (see the type's description). The same tagger always gives the same bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("GTAG".utf8))
        u32(NameTagger.formatVersion)
        u32(TokenFeatures.version)
        u32(UInt32(bucketBits))
        u32(UInt32(NameTagger.classes))
        u32(margin.bitPattern)
        u32(scale.bitPattern)
        u32(UInt32(nonZeroRows))
        for r in 0..<(weights.count / 3) where weights[r * 3] != 0 || weights[r * 3 + 1] != 0 || weights[r * 3 + 2] != 0 {
            u32(UInt32(r))
            for c in 0..<3 { withUnsafeBytes(of: UInt16(bitPattern: weights[r * 3 + c]).littleEndian) { out.append(contentsOf: $0) } }
        }
        let sum = NameTagger.checksum(out[...])
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the file atomically (temporary file renamed over `path`).
    /// - Throws: `PrivacyError.cannotWrite` when the folder is missing or not writable.
    public func write(to path: String) throws {
        let file = try AtomicOutputFile(path: path)
        try file.write(encoded())
        try file.commit()
    }

    /// Reads a tagger from a file written by `write(to:)`.
    /// - Throws: `PrivacyError.invalidTagger` naming the file when it is missing, truncated, corrupt (checksum), of
    ///   another format or feature version, or malformed.
    public static func load(path: String) throws -> NameTagger {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PrivacyError.invalidTagger(tagger: .name, path: path, reason: "the file cannot be read")
        }
        return try NameTagger(bytes: [UInt8](data), source: path)
    }

    /// Reads a tagger from the bytes of a file; `source` names it in errors.
    /// - Throws: `PrivacyError.invalidTagger` as for `load(path:)`.
    public convenience init(bytes: [UInt8], source: String) throws {
        func fail(_ reason: String) -> PrivacyError { .invalidTagger(tagger: .name, path: source, reason: reason) }
        let header = 32, rowSize = 4 + 2 * NameTagger.classes
        guard bytes.count >= header + 8 else { throw fail("truncated: \(bytes.count) bytes, shorter than the header") }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        guard bytes[0..<4].elementsEqual("GTAG".utf8) else { throw fail("not a name-tagger weight file (bad magic)") }
        guard u32(4) == NameTagger.formatVersion else { throw fail("format version \(u32(4)), expected \(NameTagger.formatVersion)") }
        guard u32(8) == TokenFeatures.version else {
            throw fail("made for feature version \(u32(8)), this build uses \(TokenFeatures.version); retrain it")
        }
        let bits = Int(u32(12))
        guard (8...24).contains(bits) else { throw fail("bucket bits \(bits) outside 8...24") }
        guard u32(16) == UInt32(NameTagger.classes) else { throw fail("\(u32(16)) classes, expected \(NameTagger.classes)") }
        let margin = Float(bitPattern: u32(20)), scale = Float(bitPattern: u32(24))
        guard margin.isFinite, scale.isFinite, scale > 0 else { throw fail("margin or scale is not a finite number") }
        let rows = Int(u32(28))
        guard bytes.count == header + rows * rowSize + 8 else {
            throw fail("truncated or padded: \(bytes.count) bytes, expected \(header + rows * rowSize + 8) for \(rows) rows")
        }
        var stored: UInt64 = 0
        for k in 0..<8 { stored |= UInt64(bytes[bytes.count - 8 + k]) << (8 * UInt64(k)) }
        guard stored == NameTagger.checksum(bytes[0..<(bytes.count - 8)]) else { throw fail("checksum mismatch (corrupt file)") }
        var w = [Int16](repeating: 0, count: (1 << bits) * NameTagger.classes)
        var previous = -1
        for r in 0..<rows {
            let at = header + r * rowSize
            let bucket = Int(u32(at))
            guard bucket < 1 << bits, bucket > previous else { throw fail("row \(r): bucket out of range or out of order") }
            previous = bucket
            for c in 0..<NameTagger.classes {
                w[bucket * 3 + c] = Int16(bitPattern: UInt16(bytes[at + 4 + 2 * c]) | UInt16(bytes[at + 5 + 2 * c]) << 8)
            }
        }
        self.init(bucketBits: bits, weights: w, scale: scale, margin: margin)
    }

    /// FNV-1a 64 over `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in bytes { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        return h
    }

    /// Name of the shipped weight file in the module's resources.
    public static let resourceName = "name_tagger"

    /// The shipped tagger, loaded once, or the error that loading it gave.
    public static let bundled: Result<NameTagger, PrivacyError> = {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "bin", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: resourceName, withExtension: "bin") else {
            return .failure(.invalidTagger(tagger: .name, path: "Resources/\(resourceName).bin", reason: "missing from the module's resources"))
        }
        do { return .success(try load(path: url.path)) } catch let e as PrivacyError { return .failure(e) } catch {
            return .failure(.invalidTagger(tagger: .name, path: url.path, reason: "\(error)"))
        }
    }()
}
