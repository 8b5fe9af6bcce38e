import GalenClinical
import GalenData

/// What an ensemble bundle's manifest holds under `content.ensemble`: one record per member network (its weights
/// file and everything needed to replay it) and the ensemble's figures on the validation images. Absent in
/// single-network bundles, which keep their network in `model.safetensors` and its settings at the top level.
public struct ImageEnsembleContent: Codable, Sendable, Equatable {
    /// The members, in scoring order.
    public var members: [ImageEnsembleMember]
    /// The ensemble's figures on the validation images (those its threshold was chosen on).
    public var validation: ImageEnsembleValidation
}

/// One member network of an ensemble bundle.
public struct ImageEnsembleMember: Codable, Sendable, Equatable {
    /// Its weights file in the bundle (`member-1.safetensors`, …), hashed in the manifest like every file.
    public var file: String
    /// The network in `file`.
    public var architecture: ImageArchitecture
    /// Per-channel standardisation fitted on its training images.
    public var normalization: ImageNormalization
    /// Augmentation used in its training.
    public var augmentation: ImageAugmentation
    /// How it was trained (seed, epochs, best epoch, …).
    public var training: ImageTrainingSummary
    /// How it scores an image (`--tta`).
    public var testTimeAugmentation: ImageTestTimeAugmentation
    /// Where it came from: the bundle `galen ensemble` took it from (manifest name and path as given), or nil when
    /// it was trained as part of the ensemble (`galen train --ensemble K`).
    public var source: String?
}

/// An ensemble's figures on the validation images. ROC AUC is the binary ROC AUC, or for multiclass tasks the
/// macro one-vs-rest ROC AUC; accuracy is at the ensemble's threshold (binary) or of the most probable class.
public struct ImageEnsembleValidation: Codable, Sendable, Equatable {
    /// Validation images scored.
    public var images: Int
    /// The ensemble's ROC AUC (nil when undefined, e.g. one class only).
    public var rocAUC: Double?
    /// Binary only: the ensemble's decision threshold (chosen on these images unless fixed).
    public var threshold: Double?
    /// Accuracy at `threshold` (binary) or of the most probable class (multiclass).
    public var accuracy: Double?
    /// Binary only: accuracy at threshold 0.5 (the MedMNIST papers' rule).
    public var accuracyAt05: Double?
    /// Each member's own ROC AUC on the same images, in member order (nil where undefined).
    public var memberROCAUC: [Double?]
}

extension ImageEnsembleMember {
    /// The weights file of member `index` (0-based): `member-1.safetensors`, `member-2.safetensors`, ….
    public static func fileName(_ index: Int) -> String { "member-\(index + 1).safetensors" }
}

extension ImageEnsembleValidation {
    /// The figures of an ensemble from its members' validation scores (`ImageEnsemble.memberScores`).
    /// - Parameters:
    ///   - threshold: the binary decision threshold (nil for multiclass tasks).
    /// - Throws: `ClinicalMetricsError` when scores and labels do not match.
    static func measure(head: ImageTaskHead, memberScores: [[Float]], labels: [Int], threshold: Double?) throws -> ImageEnsembleValidation {
        let mean = ImageEnsemble.mean(memberScores)
        let t = threshold ?? 0.5
        func accuracy(_ scores: [Float], _ t: Double) -> Double {
            let right = labels.indices.filter { head.predictedClass(scores, $0, threshold: t) == labels[$0] }.count
            return labels.isEmpty ? .nan : Double(right) / Double(labels.count)
        }
        return ImageEnsembleValidation(
            images: labels.count, rocAUC: try rocAUC(head: head, scores: mean, labels: labels), threshold: threshold,
            accuracy: labels.isEmpty ? nil : accuracy(mean, t),
            accuracyAt05: head.task == .binary && !labels.isEmpty ? accuracy(mean, 0.5) : nil,
            memberROCAUC: try memberScores.map { try rocAUC(head: head, scores: $0, labels: labels) })
    }

    /// Binary ROC AUC, or the macro one-vs-rest ROC AUC of a multiclass task; nil when undefined.
    static func rocAUC(head: ImageTaskHead, scores: [Float], labels: [Int]) throws -> Double? {
        if head.task == .binary {
            return ROCCurve(try BinaryPredictions(scores: scores, labels: labels))?.area
        }
        let p = try MulticlassPredictions(probabilities: scores, classCount: head.classCount, labels: labels)
        return MulticlassEvaluation(p, bootstrap: nil).macroROCAUC.value
    }

    /// One line for logs and reports, e.g. "validation (78 images): ROC AUC 0.9490, accuracy 0.8846 at threshold
    /// 0.4120, 0.8718 at 0.5; members' ROC AUC 0.9030, 0.9270, 0.9530".
    public var summary: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "undefined" }
        var s = "validation (\(images) images): ROC AUC \(f(rocAUC)), accuracy \(f(accuracy))"
        if let threshold { s += String(format: " at threshold %.4f", threshold) }
        if let accuracyAt05 { s += ", \(f(accuracyAt05)) at 0.5" }
        return s + "; members' ROC AUC " + memberROCAUC.map(f).joined(separator: ", ")
    }
}
