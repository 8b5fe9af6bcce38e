import Foundation
import GalenData
import GalenTensor

/// Padded, masked event sequences of cohort members, ready for a sequence network.
///
/// For member n, the events on or before the index day, in date order, keep the latest `maxLength`; step t holds
/// the event's token id (`CodeVocabulary`) and three features: time `log(1 + days before index) / 10`, the
/// event's standardised value (0 when it has none) and `log(1 + days since the patient's first event) / 10` (age,
/// when the history starts with a birth event as OMOP histories do). Sequences are right-padded: steps `lengths[n]..<T` hold the
/// padding id 0 and zero features, and `mask` is 1 on valid steps. A patient with no event before the index
/// gets one step with the "no history" id, so every length is ≥ 1.
public struct EncodedSequences {
    /// Features per step besides the token: time before index, value, time since the first event.
    public static let stepFeatures = 3

    /// Token ids `[N, T]` (Float32 holding integers).
    public let ids: Tensor
    /// Step features `[N, T, stepFeatures]`.
    public let features: Tensor
    /// Valid steps per sequence (1…T).
    public let lengths: [Int]
    /// Events before the index per member, before truncation to `maxLength`.
    public let historyCounts: [Int]

    /// Number of sequences.
    public var count: Int { lengths.count }
    /// Padded length T.
    public var steps: Int { ids.shape[1] }

    /// Encodes `members`' histories.
    /// - Parameter maxLength: the most recent events kept per patient (≥ 1).
    public init(members: [CohortMember], histories: PatientHistories, vocabulary: CodeVocabulary, maxLength: Int) {
        let n = members.count
        var seqs: [ArraySlice<PatientEvent>] = []
        seqs.reserveCapacity(n)
        var firstDays: [Int] = []
        var counts: [Int] = []
        for m in members {
            let all = histories.events[m.patientID] ?? []
            var end = 0
            while end < all.count && all[end].day <= m.indexDay { end += 1 }
            counts.append(end)
            seqs.append(all[max(0, end - maxLength)..<end])
            firstDays.append(all.first?.day ?? m.indexDay)
        }
        let t = max(1, seqs.map { max(1, $0.count) }.max() ?? 1)
        let f = EncodedSequences.stepFeatures
        let ids = Tensor.zeros([n, t]), features = Tensor.zeros([n, t, f])
        let pi = ids.pointer, pf = features.pointer
        var lengths: [Int] = []
        for (i, (m, s)) in zip(members, seqs).enumerated() {
            if s.isEmpty {
                pi[i * t] = Float(CodeVocabulary.emptyHistory)
                lengths.append(1)
                continue
            }
            for (k, e) in s.enumerated() {
                pi[i * t + k] = Float(vocabulary.id(e.code))
                pf[(i * t + k) * f] = Float(log1p(Double(m.indexDay - e.day)) / 10)
                pf[(i * t + k) * f + 1] = vocabulary.scaledValue(e.value, code: e.code)
                pf[(i * t + k) * f + 2] = Float(log1p(Double(max(0, e.day - firstDays[i]))) / 10)
            }
            lengths.append(s.count)
        }
        self.ids = ids
        self.features = features
        self.lengths = lengths
        self.historyCounts = counts
    }

    private init(ids: Tensor, features: Tensor, lengths: [Int], historyCounts: [Int]) {
        self.ids = ids
        self.features = features
        self.lengths = lengths
        self.historyCounts = historyCounts
    }

    /// The sequences at `indices`, padded only to their own longest length.
    /// - Throws: `TensorError` for an index out of range.
    public func batch(_ indices: [Int]) throws -> EncodedSequences {
        let lengths = indices.map { self.lengths[$0] }
        let t = lengths.max() ?? 1
        let ids = try self.ids.gather(axis: 0, indices: indices).slice(axis: 1, 0..<t)
        let features = try self.features.gather(axis: 0, indices: indices).slice(axis: 1, 0..<t)
        return EncodedSequences(ids: ids.copy(), features: features.copy(), lengths: lengths,
                                historyCounts: indices.map { historyCounts[$0] })
    }

    /// `[N, T]` with 1 at padding positions (a transformer's key padding mask).
    public var paddingMask: Tensor {
        let n = count, t = steps
        let m = Tensor.zeros([n, t])
        for i in 0..<n { for k in lengths[i]..<t { m.pointer[i * t + k] = 1 } }
        return m
    }
}
