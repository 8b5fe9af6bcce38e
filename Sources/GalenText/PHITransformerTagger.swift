import Foundation
import GalenData
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

/// A per-token PHI tagger on MiniLM (all-MiniLM-L6-v2): the pretrained BERT encoder, whose top
/// `fineTunedLayers` layers were fine-tuned for token classification (`PHITaggerTrainer`), and a linear head over
/// the classes O and the 20 `PHIType`s. It is a `PHISpanSource`: `PHIScanner` adds its spans to the rules' (OR).
///
/// A text is cut into WordPiece tokens with their words' byte ranges (`WordPieceTokenizer.tokensWithOffsets`),
/// in half-overlapping windows of `windowLength` tokens (`[CLS]` and `[SEP]` included; `TokenWindows`), all
/// windows of a text in one batch. A word is PHI when the probability of "not O" at its first piece (in the window
/// that sees it with most context) is at least `threshold`; its type is the most probable PHI class. Consecutive
/// PHI words of one type on one line form one span (`spans(words:bytes:)`). Texts with fewer than `minimumWords`
/// whitespace-separated words are left to the rules (short table cells carry too little context to pay for a pass).
///
/// Weight file (safetensors, F16): the top layers' tensors under their `BertEncoder` names
/// (`encoder.layer.5.self_attn.in_proj_weight`, …), `head.weight` `[C, 384]`, `head.bias` `[C]`, and metadata:
/// `format` (`galen-phi-tagger`), `version`, `classes`, `fine_tuned_layers`, `window`, `threshold`,
/// `minimum_words`, `base_model`, `base_model_sha256` (the SHA-256 of the base `model.safetensors`, checked at
/// load so that the weights never meet another encoder), `training`.
public final class PHITransformerTagger: PHISpanSource, @unchecked Sendable {
    /// Class labels by index: 0 is `O` (not PHI), then every `PHIType` in declaration order.
    public static let classNames: [String] = ["O"] + PHIType.allCases.map(\.rawValue)
    /// Value of the `format` metadata entry.
    static let format = "galen-phi-tagger"
    /// Weight file format version.
    static let version = "1"

    /// The encoder (evaluation mode); its top `fineTunedLayers` layers hold the fine-tuned weights.
    public let encoder: BertEncoder
    /// The uncased WordPiece tokenizer of the base model.
    public let tokenizer: WordPieceTokenizer
    /// The linear head: 384 → classes.
    public let head: Dense
    /// Encoder layers fine-tuned (the top ones).
    public let fineTunedLayers: Int
    /// Tokens per window, `[CLS]` and `[SEP]` included.
    public let windowLength: Int
    /// Smallest probability of "not O" that makes a word PHI.
    public var threshold: Float
    /// Texts with fewer whitespace-separated words are not tagged.
    public var minimumWords: Int
    /// SHA-256 (hex) of the base model's `model.safetensors`.
    public let baseModelSHA256: String
    /// Base model folder name (`all-MiniLM-L6-v2`).
    public let baseModelName: String
    /// How the weights were trained (free text from the weight file's metadata).
    public var training: String
    /// The encoder and head are classes with scratch state: one text at a time.
    private let lock = NSLock()

    /// A tagger from its parts (the trainer and the loader build it).
    /// - Throws: `TextError.invalidOption` when the window cannot hold a token, the head does not fit the encoder
    ///   and the classes, or the layer count is out of range.
    public init(encoder: BertEncoder, tokenizer: WordPieceTokenizer, head: Dense, fineTunedLayers: Int,
                windowLength: Int, threshold: Float, minimumWords: Int, baseModelName: String, baseModelSHA256: String,
                training: String = "") throws {
        guard windowLength >= 3, windowLength <= encoder.config.maxPositionEmbeddings else {
            throw TextError.invalidOption("window length must be in 3...\(encoder.config.maxPositionEmbeddings), got \(windowLength)")
        }
        guard head.inputs == encoder.config.hiddenSize, head.outputs == PHITransformerTagger.classNames.count else {
            throw TextError.invalidOption("the head maps \(head.inputs) → \(head.outputs); expected \(encoder.config.hiddenSize) → "
                                          + "\(PHITransformerTagger.classNames.count)")
        }
        guard fineTunedLayers >= 0, fineTunedLayers <= encoder.layers.count else {
            throw TextError.invalidOption("fine-tuned layers must be in 0...\(encoder.layers.count), got \(fineTunedLayers)")
        }
        guard threshold.isFinite, threshold > 0, threshold <= 1 else {
            throw TextError.invalidOption("threshold must be in (0, 1], got \(threshold)")
        }
        encoder.eval()
        head.eval()
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.head = head
        self.fineTunedLayers = fineTunedLayers
        self.windowLength = windowLength
        self.threshold = threshold
        self.minimumWords = max(0, minimumWords)
        self.baseModelName = baseModelName
        self.baseModelSHA256 = baseModelSHA256
        self.training = training
    }

    // MARK: Tagging

    /// The identifiers found in `bytes` (UTF-8). Never traps: an encoder failure (which the windowing rules out)
    /// gives no spans and one line on standard error, without the text.
    public func spans(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        guard PHITransformerTagger.wordCount(bytes) >= minimumWords else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let words = try tagWords(text)
            return PHITransformerTagger.spans(words: words, bytes: bytes)
        } catch {
            FileHandle.standardError.write(Data("warning: the transformer PHI tagger failed on a text (\(error)); rules only there\n".utf8))
            return []
        }
    }

    /// Each word of `text` (its first piece's byte range) with the PHI type the model gives it, or nil for O.
    /// - Throws: `BertError` from the encoder.
    public func tagWords(_ text: String) throws -> [(start: Int, end: Int, type: PHIType?)] {
        let tokens = tokenizer.tokensWithOffsets(text)
        guard !tokens.isEmpty else { return [] }
        let probabilities = try self.probabilities(tokens)
        let c = PHITransformerTagger.classNames.count
        var out: [(start: Int, end: Int, type: PHIType?)] = []
        for (i, t) in tokens.enumerated() where t.isWordStart {
            let row = i * c
            var type: PHIType? = nil
            if 1 - probabilities[row] >= threshold {
                var best = 1
                for k in 2..<c where probabilities[row + k] > probabilities[row + best] { best = k }
                type = PHIType.allCases[best - 1]
            }
            out.append((t.start, t.end, type))
        }
        return out
    }

    /// Class probabilities per token, `tokens.count × classes` row-major, each token taken from the window that
    /// owns it.
    /// - Throws: `BertError` from the encoder.
    func probabilities(_ tokens: [WordPieceToken]) throws -> [Float] {
        let windows = try TokenWindows(tokenCount: tokens.count, length: windowLength - 2, stride: (windowLength - 2) / 2)
        let t = windows.range(0).count + 2
        let n = windows.starts.count
        let ids = Tensor.zeros([n, t])
        for w in 0..<n {
            let r = windows.range(w)
            ids.pointer[w * t] = Float(tokenizer.clsID)
            for (k, i) in r.enumerated() { ids.pointer[w * t + 1 + k] = Float(tokens[i].id) }
            ids.pointer[w * t + t - 1] = Float(tokenizer.sepID)
        }
        let c = PHITransformerTagger.classNames.count
        lock.lock()
        defer { lock.unlock() }
        let probs: Tensor = try withNoGrad {
            let h = try encoder.hiddenStates(inputIDs: ids)
            let logits = try head(h.reshape([n * t, encoder.config.hiddenSize]))
            return try logits.softmax(axis: 1)
        }
        var out = [Float](repeating: 0, count: tokens.count * c)
        for i in tokens.indices {
            let (w, offset) = windows.owner(of: i)
            let row = w * t + 1 + offset
            for k in 0..<c { out[i * c + k] = probs.pointer[row * c + k] }
        }
        return out
    }

    /// Spans from tagged words: consecutive words of one type form one span when only spaces or tabs lie between
    /// them (never across a line break), also across one punctuation word tagged O written without spaces between
    /// two of them (`a.b@x.org`); `,`, `;` and `:` words at a span's ends are dropped, and so are spans of
    /// punctuation alone, of fewer than 3 letters and digits, or of a number of at most 4 digits alone — except an
    /// AGE span that is an age over 89 in digits (`93`, `101`; `PHIScanner.isAgeOver89`): an identifier by itself.
    public static func spans(words: [(start: Int, end: Int, type: PHIType?)], bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        func isPunctuationWord(_ w: (start: Int, end: Int, type: PHIType?)) -> Bool {
            for k in w.start..<w.end {
                let b = bytes[k]
                if b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) { return false }
            }
            return true
        }
        func isSeparator(_ w: (start: Int, end: Int, type: PHIType?)) -> Bool {
            w.end - w.start == 1 && (bytes[w.start] == 0x2C || bytes[w.start] == 0x3B || bytes[w.start] == 0x3A)
        }
        /// Too little to identify anyone: under 3 letters and digits (`IA`, `12`), or a number of at most 4 digits
        /// alone (`842`, `2024`), which the rules take when it belongs to a longer identifier.
        func identifying(start: Int, end: Int) -> Bool {
            var alphanumerics = 0, letters = 0
            for k in start..<end {
                let b = bytes[k]
                if b >= 0x30 && b <= 0x39 { alphanumerics += 1 } else if b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) {
                    alphanumerics += 1
                    letters += 1
                }
            }
            return alphanumerics >= 3 && (letters > 0 || alphanumerics >= 5)
        }
        var out: [PHISpan] = []
        var i = 0
        while i < words.count {
            guard let type = words[i].type else { i += 1; continue }
            var j = i
            while j + 1 < words.count {
                // A punctuation word tagged O inside a token of one type (`a.b@x.org`, `617-555-0199`) joins it.
                if words[j + 1].type == nil, j + 2 < words.count, words[j + 2].type == type, isPunctuationWord(words[j + 1]),
                   words[j].end == words[j + 1].start, words[j + 1].end == words[j + 2].start {
                    j += 2
                    continue
                }
                guard words[j + 1].type == type else { break }
                var gapOK = true
                for k in words[j].end..<max(words[j].end, words[j + 1].start) where bytes[k] != 0x20 && bytes[k] != 0x09 { gapOK = false; break }
                if !gapOK { break }
                j += 1
            }
            var a = i, b = j
            while a <= b, isSeparator(words[a]) { a += 1 }
            while b >= a, isSeparator(words[b]) { b -= 1 }
            if a <= b, (a...b).contains(where: { !isPunctuationWord(words[$0]) }),
               identifying(start: words[a].start, end: words[b].end)
                || type == .age && PHIScanner.isAgeOver89(bytes, words[a].start, words[b].end) {
                out.append(PHISpan(type: type, start: words[a].start, end: words[b].end))
            }
            i = j + 1
        }
        return out
    }

    /// Whitespace-separated words in `bytes`.
    static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var inWord = false
        for b in bytes {
            let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
            if !space, !inWord { n += 1 }
            inWord = !space
        }
        return n
    }
}
