import Foundation
import GalenData
import GalenNN
import GalenTensor

/// The baseline a sequence model must beat: logistic regression on bag-of-codes counts.
///
/// Features: for each vocabulary token, `log(1 + number of the patient's events with that code on or before the
/// index)` (order and timing ignored; codes outside the vocabulary count towards "unknown"), plus the span of the
/// history, `log(1 + days from the first event to the index) / 10` (age for OMOP histories, which start at birth),
/// all standardised with the training patients' mean and standard deviation. The model is one `Dense(tokens, 1)` trained with Adam and L2
/// weight decay on the same loss (class-weighted when skewed), stopping early on validation loss.
public final class BagOfCodesBaseline {
    /// Per-token training mean and standard deviation of the log counts.
    public private(set) var mean: [Float]
    public private(set) var standardDeviation: [Float]
    /// The linear model.
    public let model: Dense
    /// Epochs trained.
    public private(set) var epochsRun = 0

    /// Log counts and the history span `[N, tokens + 1]` (not yet standardised) of `members`' histories.
    public static func counts(_ members: [CohortMember], histories: PatientHistories, vocabulary: CodeVocabulary) -> Tensor {
        let v = vocabulary.size + 1
        let x = Tensor.zeros([members.count, v])
        let p = x.pointer
        for (i, m) in members.enumerated() {
            var any = false
            for e in histories.events[m.patientID] ?? [] where e.day <= m.indexDay {
                p[i * v + vocabulary.id(e.code)] += 1
                any = true
            }
            if !any { p[i * v + CodeVocabulary.emptyHistory] = 1 }
            for j in 0..<(v - 1) { p[i * v + j] = Float(log1p(Double(p[i * v + j]))) }
            let first = histories.events[m.patientID]?.first?.day ?? m.indexDay
            p[i * v + v - 1] = Float(log1p(Double(max(0, m.indexDay - first))) / 10)
        }
        return x
    }

    /// Fits standardisation on `train` and trains the model.
    /// - Parameters:
    ///   - train / validation: log counts `[N, tokens]` and labels.
    ///   - positiveWeight: the loss weight of positives (1 = unweighted).
    ///   - seed: initial weights and shuffling.
    /// - Throws: `NNError` when training fails.
    public init(train: Tensor, labels: [Int], validation: Tensor, validationLabels: [Int], positiveWeight: Float,
                weightDecay: Float = 1e-2, epochs: Int = 200, patience: Int = 20, seed: UInt64) throws {
        let n = train.shape[0], v = train.shape[1]
        var mean = [Float](repeating: 0, count: v), sd = [Float](repeating: 0, count: v)
        let p = train.pointer
        for i in 0..<n { for j in 0..<v { mean[j] += p[i * v + j] } }
        for j in 0..<v { mean[j] /= Float(max(1, n)) }
        for i in 0..<n { for j in 0..<v { let d = p[i * v + j] - mean[j]; sd[j] += d * d } }
        for j in 0..<v { sd[j] = (sd[j] / Float(max(1, n))).squareRoot(); if sd[j] < 1e-6 { sd[j] = 1 } }
        self.mean = mean
        standardDeviation = sd
        model = Dense(v, 1, seed: seed)
        let x = standardized(train), xv = standardized(validation)
        let y = try Tensor(shape: [n, 1], values: labels.map(Float.init))
        let yv = try Tensor(shape: [validationLabels.count, 1], values: validationLabels.map(Float.init))
        let stop = EarlyStopping(monitor: "val_loss", patience: patience)
        let history = try model.fit(x, y, loss: BCEWithLogitsLoss(posWeight: positiveWeight),
                                    optimizer: AdamW(model.parameters, learningRate: 1e-2, weightDecay: weightDecay),
                                    epochs: epochs, batchSize: 64, validationData: (xv, yv), seed: seed, callbacks: [stop],
                                    verbose: .silent)
        epochsRun = history.epochs.count
    }

    /// Standardised copy of log counts.
    func standardized(_ x: Tensor) -> Tensor {
        let out = x.copy()
        let n = x.shape[0], v = x.shape[1], p = out.pointer
        for i in 0..<n { for j in 0..<v { p[i * v + j] = (p[i * v + j] - mean[j]) / standardDeviation[j] } }
        return out
    }

    /// Outcome probabilities for log counts `[N, tokens]`.
    /// - Throws: `NNError` for a wrong width.
    public func probabilities(_ counts: Tensor) throws -> [Float] {
        try model.predict(standardized(counts)).sigmoid().scalars
    }
}
