import Foundation

/// A WordPiece vocabulary (`vocab.txt`: one token per line, the 0-based line number is the token's id), with a byte
/// trie for greedy longest-match lookups that allocate nothing.
///
/// Continuation pieces are stored as in BERT's file, with the `##` prefix; the trie walks them from the node that
/// `##` reaches, so one structure serves word-initial and continuation lookups.
public struct WordPieceVocabulary: Sendable {
    /// The tokens in id order.
    public let tokens: [String]
    /// Token → id.
    let ids: [String: Int32]
    /// Trie edges: key `node << 8 | byte` → child node. Node 0 is the root.
    let edges: [Int: Int32]
    /// For each trie node, the id of the token ending there, or -1.
    let terminal: [Int32]
    /// The node that `##` reaches (continuation pieces start here), or -1 when no token starts with `##`.
    let continuationRoot: Int32

    /// Builds a vocabulary from tokens in id order.
    /// - Parameters:
    ///   - tokens: the tokens; an empty string keeps its id but never matches.
    ///   - source: a label for error messages (the file path).
    /// - Throws: `TokenizerError.emptyVocabulary` or `.duplicateToken` (1-based lines).
    public init(tokens: [String], source: String = "vocabulary") throws {
        guard !tokens.isEmpty else { throw TokenizerError.emptyVocabulary(path: source) }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        var edges: [Int: Int32] = [:]
        edges.reserveCapacity(tokens.count * 4)
        var terminal: [Int32] = [-1]
        for (index, token) in tokens.enumerated() where !token.isEmpty {
            if let first = ids[token] {
                throw TokenizerError.duplicateToken(path: source, line: index + 1, firstLine: Int(first) + 1)
            }
            ids[token] = Int32(index)
            var node = 0
            for byte in token.utf8 {
                let key = node << 8 | Int(byte)
                if let child = edges[key] {
                    node = Int(child)
                } else {
                    let child = terminal.count
                    terminal.append(-1)
                    edges[key] = Int32(child)
                    node = child
                }
            }
            terminal[node] = Int32(index)
        }
        var continuation: Int32 = -1
        if let hash = edges[Int(UInt8(ascii: "#"))], let hash2 = edges[Int(hash) << 8 | Int(UInt8(ascii: "#"))] {
            continuation = hash2
        }
        self.tokens = tokens
        self.ids = ids
        self.edges = edges
        self.terminal = terminal
        self.continuationRoot = continuation
    }

    /// Reads `vocab.txt` (UTF-8, one token per line; trailing whitespace on a line is removed, as Hugging Face does).
    /// - Throws: `TokenizerError.cannotRead`, `.invalidUTF8`, `.emptyVocabulary` or `.duplicateToken`, naming the
    ///   file and line.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        var tokens: [String] = []
        var line = 1
        var start = data.startIndex
        let bytes = [UInt8](data)
        var i = 0
        func finish(_ end: Int) throws {
            var e = end
            while e > start, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0D { e -= 1 }
            guard let token = String(validating: bytes[start..<e], as: UTF8.self) else {
                throw TokenizerError.invalidUTF8(path: url.path, line: line)
            }
            tokens.append(token)
        }
        start = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                try finish(i)
                line += 1
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { try finish(bytes.count) }
        try self.init(tokens: tokens, source: url.path)
    }

    /// The number of tokens (ids run from 0 to `count - 1`).
    public var count: Int { tokens.count }

    /// The id of `token`, or nil when it is not in the vocabulary.
    public func id(of token: String) -> Int32? { ids[token] }

    /// The longest token that matches `bytes[start...]` and ends on a character boundary, starting from the root
    /// (word-initial pieces) or from `##` (continuation pieces).
    /// - Returns: the token id and the end offset of the match, or nil when no token matches.
    @inline(__always)
    func longestMatch(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, continuation: Bool) -> (id: Int32, end: Int)? {
        var node = continuation ? Int(continuationRoot) : 0
        if node < 0 { return nil }
        var best: (id: Int32, end: Int)? = nil
        var i = start
        let n = bytes.count
        while i < n {
            guard let child = edges[node << 8 | Int(bytes[i])] else { break }
            node = Int(child)
            i += 1
            // A match may end only where a character ends: at the end, or before a non-continuation byte.
            if terminal[node] >= 0 && (i == n || bytes[i] & 0xC0 != 0x80) {
                best = (terminal[node], i)
            }
        }
        return best
    }
}
