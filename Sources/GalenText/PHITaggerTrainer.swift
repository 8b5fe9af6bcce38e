import Foundation
import GalenData
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

/// Fine-tunes a `PHITransformerTagger` on annotated notes (`AnnotatedNote`, the corpus format of
/// `data/deid-corpus`).
///
/// Each note is tokenised with word offsets and cut into half-overlapping windows. A word's label is the type of
/// the gold span covering at least half of its bytes, else O; the label is trained at the word's first piece, in
/// every window holding it (other pieces, `[CLS]` and `[SEP]` are not scored). The embeddings and the lower
/// `layers − fineTuneLayers` encoder layers stay frozen: their output for every window is computed once and cached;
/// each step runs the top layers (dropout on) and the linear head on a batch of windows, with class-weighted
/// cross-entropy (`phiWeight` for every PHI class, 1 for O) and AdamW (head at `learningRate`, encoder layers at
/// `encoderLearningRate`). Window order is shuffled each epoch with `seed`; the same notes, settings and seed give
/// the same weights on one machine.
public struct PHITaggerTrainer: Sendable {
    /// Top encoder layers trained (1 or 2 in practice; 0 trains the head alone).
    public var fineTuneLayers = 1
    /// Tokens per window, `[CLS]` and `[SEP]` included.
    public var windowLength = 128
    /// Passes over the windows.
    public var epochs = 8
    /// Windows per step.
    public var batchSize = 16
    /// AdamW learning rate of the head.
    public var learningRate: Float = 2e-3
    /// AdamW learning rate of the fine-tuned encoder layers.
    public var encoderLearningRate: Float = 1e-4
    /// AdamW weight decay.
    public var weightDecay: Float = 0.01
    /// Loss weight of every PHI class relative to O (recall first).
    public var phiWeight: Float = 2
    /// Seed of the head's initial weights, dropout masks and window order.
    public var seed: UInt64 = 1
    /// Threshold stored in the trained tagger.
    public var threshold: Float = 0.9
    /// Minimum word count stored in the trained tagger.
    public var minimumWords = 8

    /// A trainer with the default settings.
    public init() {}

    /// One training window: token ids with `[CLS]`/`[SEP]`, and (position, class) pairs to score.
    struct Window {
        var ids: [Int]
        var targets: [(position: Int, label: Int)]
    }

    /// The training windows of `notes`.
    /// - Throws: `TextError.invalidOption` for a window length below 3.
    func windows(_ notes: [AnnotatedNote], tokenizer: WordPieceTokenizer) throws -> [Window] {
        var out: [Window] = []
        for note in notes {
            let tokens = tokenizer.tokensWithOffsets(note.text)
            if tokens.isEmpty { continue }
            let labels = PHITaggerTrainer.labels(tokens, spans: note.spans)
            let windows = try TokenWindows(tokenCount: tokens.count, length: windowLength - 2, stride: (windowLength - 2) / 2)
            for w in windows.starts.indices {
                let r = windows.range(w)
                var ids = [Int(tokenizer.clsID)]
                var targets: [(Int, Int)] = []
                for i in r {
                    if tokens[i].isWordStart { targets.append((ids.count, labels[i])) }
                    ids.append(Int(tokens[i].id))
                }
                ids.append(Int(tokenizer.sepID))
                out.append(Window(ids: ids, targets: targets))
            }
        }
        return out
    }

    /// Per token, the class index (0 O, 1 + index in `PHIType.allCases`) of the gold span covering at least half
    /// of its word's bytes.
    static func labels(_ tokens: [WordPieceToken], spans: [AnnotatedNote.Span]) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: PHIType.allCases.enumerated().map { ($0.element.rawValue, $0.offset + 1) })
        let sorted = spans.sorted { $0.start < $1.start }
        return tokens.map { t in
            let length = t.end - t.start
            for s in sorted where s.start < t.end && t.start < s.end {
                let overlap = min(s.end, t.end) - max(s.start, t.start)
                if 2 * overlap >= length { return index[s.type] ?? 0 }
            }
            return 0
        }
    }

    /// Fine-tunes a tagger on `notes` from the base model `base` (whose encoder is changed in place: its top layers
    /// receive the trained weights). `log` gets one line per epoch.
    /// - Throws: `TextError.invalidOption` for settings out of range or notes without a word;
    ///   `NNError.training` when the loss diverges; `BertError` from the encoder.
    public func train(_ notes: [AnnotatedNote], base: TextEncoder, log: (String) -> Void = { _ in }) throws -> PHITransformerTagger {
        let encoder = base.encoder
        guard fineTuneLayers >= 0, fineTuneLayers <= encoder.layers.count else {
            throw TextError.invalidOption("fine-tuned layers must be in 0...\(encoder.layers.count), got \(fineTuneLayers)")
        }
        guard epochs >= 1, batchSize >= 1, windowLength >= 3, windowLength <= encoder.config.maxPositionEmbeddings else {
            throw TextError.invalidOption("epochs and batch size must be ≥ 1 and the window in 3...\(encoder.config.maxPositionEmbeddings)")
        }
        guard phiWeight > 0, phiWeight.isFinite else { throw TextError.invalidOption("the PHI class weight must be positive") }
        let started = Date()
        let windows = try self.windows(notes, tokenizer: base.tokenizer)
        guard !windows.isEmpty else { throw TextError.invalidOption("the training notes hold no word") }
        let lower = encoder.layers.count - fineTuneLayers
        let states = try base.bottomStates(windows.map(\.ids), layers: lower)
        log(String(format: "%d notes → %d windows; lower %d layers cached in %.1f s", notes.count, windows.count, lower,
                   Date().timeIntervalSince(started)))

        var g = SeededGenerator(seed: seed)
        let h = encoder.config.hiddenSize, c = PHITransformerTagger.classNames.count
        let head = Dense(h, c, seed: g.nextSeed())
        let top = Array(encoder.layers.suffix(fineTuneLayers))
        for layer in top { layer.train() }
        head.train()
        var optimizers: [Optimizer] = [AdamW(head.parameters, learningRate: learningRate, weightDecay: weightDecay)]
        let topParameters = top.flatMap(\.parameters)
        if !topParameters.isEmpty {
            optimizers.append(AdamW(topParameters, learningRate: encoderLearningRate, weightDecay: weightDecay))
        }
        let loss = CrossEntropyLoss(weight: [1] + [Float](repeating: phiWeight, count: c - 1))
        var order = Array(windows.indices)
        for epoch in 0..<epochs {
            let epochStart = Date()
            order.shuffle(using: &g)
            var total = 0.0, rows = 0
            for lo in stride(from: 0, to: order.count, by: batchSize) {
                let batch = Array(order[lo..<min(order.count, lo + batchSize)])
                let (x, _, padding) = TextBatch.states(batch.map { states[$0] })
                let t = x.shape[1]
                var picked: [Int] = []
                let targets = Tensor.zeros([batch.map { windows[$0].targets.count }.reduce(0, +)])
                for (r, w) in batch.enumerated() {
                    for (position, label) in windows[w].targets {
                        targets.pointer[picked.count] = Float(label)
                        picked.append(r * t + position)
                    }
                }
                if picked.isEmpty { continue }
                for o in optimizers { o.zeroGrad() }
                var y = x
                for layer in top { y = try layer.forward(y, keyPaddingMask: padding) }
                let logits = try head(y.reshape([batch.count * t, h]).gather(axis: 0, indices: picked))
                let l = try loss(logits, targets)
                let value = try l.item()
                guard value.isFinite else { throw NNError.training("loss became \(value) at epoch \(epoch + 1); lower the learning rate") }
                try l.backward()
                for o in optimizers { o.step() }
                total += Double(value) * Double(picked.count)
                rows += picked.count
            }
            for o in optimizers { o.zeroGrad() }
            log(String(format: "epoch %d/%d  loss %.4f  (%d scored words)  %.1f s", epoch + 1, epochs, total / Double(max(rows, 1)),
                       rows, Date().timeIntervalSince(epochStart)))
        }
        encoder.eval()
        let description = String(format: "%d notes, %d epochs, %d fine-tuned layer(s), window %d, batch %d, lr %g / %g, PHI weight %g, seed %llu",
                                 notes.count, epochs, fineTuneLayers, windowLength, batchSize, learningRate, encoderLearningRate,
                                 phiWeight, seed)
        return try PHITransformerTagger(encoder: encoder, tokenizer: base.tokenizer, head: head, fineTunedLayers: fineTuneLayers,
                                        windowLength: windowLength, threshold: threshold, minimumWords: minimumWords,
                                        baseModelName: base.name, baseModelSHA256: base.sha256, training: description)
    }
}
