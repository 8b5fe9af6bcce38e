import GalenData

/// The rule turning patient histories into a labelled prediction cohort ("will the outcome appear within a year of
/// the index date?"). For each patient with an observation period:
///
/// 1. the index day comes from `indexRule`; the patient is **excluded** when the index day is outside the
///    observation period or fewer than `minimumPriorDays` of observation precede it;
/// 2. the patient is **excluded** when an outcome event (a code in `outcomeCodes`) lies on or before the index day
///    (prevalent cases are not predictions);
/// 3. the **label** is 1 when an outcome event lies in (index, index + `horizonDays`] — an outcome exactly
///    `horizonDays` after the index counts, one a day later does not — else 0;
/// 4. with `requireFollowUp`, a patient labelled 0 whose observation ends before index + `horizonDays` is
///    **excluded** (we cannot know they stayed outcome-free).
///
/// The model's input is every event on or before the index day.
public struct CohortDefinition: Codable, Equatable, Sendable {
    /// Event codes that count as the outcome (e.g. `condition:80180` and its descendants).
    public var outcomeCodes: Set<String>
    /// A readable name of the outcome, for reports.
    public var outcomeName: String
    /// How the index day is chosen.
    public var indexRule: IndexRule
    /// Days of observation required before the index day (default 365).
    public var minimumPriorDays: Int
    /// Days after the index day in which the outcome is looked for (default 365).
    public var horizonDays: Int
    /// Whether negatives must be observed for the whole horizon (default true).
    public var requireFollowUp: Bool

    /// A definition; see the type's documentation for the rule.
    public init(outcomeCodes: Set<String>, outcomeName: String, indexRule: IndexRule, minimumPriorDays: Int = 365,
                horizonDays: Int = 365, requireFollowUp: Bool = true) {
        self.outcomeCodes = outcomeCodes
        self.outcomeName = outcomeName
        self.indexRule = indexRule
        self.minimumPriorDays = minimumPriorDays
        self.horizonDays = horizonDays
        self.requireFollowUp = requireFollowUp
    }

    /// Applies the rule to every patient of `histories`, in `histories.patientIDs` order.
    /// - Throws: `SequenceError.invalidOption` for negative day counts or a per-patient rule (that needs labels,
    ///   see `Cohort.fromLabels`).
    public func build(_ histories: PatientHistories) throws -> Cohort {
        guard minimumPriorDays >= 0, horizonDays >= 1 else {
            throw SequenceError.invalidOption("the prior observation must be ≥ 0 days and the horizon ≥ 1 day (got \(minimumPriorDays), \(horizonDays))")
        }
        guard indexRule != .perPatient else { throw SequenceError.invalidOption("a per-patient index rule needs a labels file") }
        var members: [CohortMember] = []
        var excluded = CohortExclusions()
        for id in histories.patientIDs {
            guard let obs = histories.observation[id], let index = indexRule.indexDay(observation: obs), obs.contains(index) else {
                excluded.notObservedAtIndex += 1
                continue
            }
            guard index - obs.lowerBound >= minimumPriorDays else { excluded.shortPriorObservation += 1; continue }
            let outcomeDays = (histories.events[id] ?? []).filter { outcomeCodes.contains($0.code) }.map(\.day)
            if outcomeDays.contains(where: { $0 <= index }) { excluded.outcomeBeforeIndex += 1; continue }
            let label = outcomeDays.contains { $0 > index && $0 <= index + horizonDays } ? 1 : 0
            if label == 0 && requireFollowUp && obs.upperBound < index + horizonDays { excluded.shortFollowUp += 1; continue }
            members.append(CohortMember(patientID: id, indexDay: index, label: label))
        }
        return Cohort(members: members, exclusions: excluded)
    }
}

/// One patient of a cohort: who, when the prediction is made, and the outcome label (nil when unknown, e.g. for
/// prediction on new data).
public struct CohortMember: Equatable, Sendable {
    /// The patient's ID.
    public var patientID: String
    /// Index day (days since 1970-01-01): events on or before it are the input.
    public var indexDay: Int
    /// 1 when the outcome followed within the horizon, 0 when not, nil when unknown.
    public var label: Int?

    /// A member; `label` nil when unknown.
    public init(patientID: String, indexDay: Int, label: Int?) {
        self.patientID = patientID
        self.indexDay = indexDay
        self.label = label
    }
}

/// How many patients each cohort rule excluded.
public struct CohortExclusions: Codable, Equatable, Sendable {
    /// No observation period, or the index day outside it.
    public var notObservedAtIndex = 0
    /// Fewer than the required days of observation before the index.
    public var shortPriorObservation = 0
    /// The outcome on or before the index day.
    public var outcomeBeforeIndex = 0
    /// Negative, but observation ends before the horizon.
    public var shortFollowUp = 0

    /// No exclusions.
    public init() {}

    /// All exclusions.
    public var total: Int { notObservedAtIndex + shortPriorObservation + outcomeBeforeIndex + shortFollowUp }
}

/// The patients of a cohort with their index days and labels, and what was excluded.
public struct Cohort: Sendable {
    /// Included patients.
    public var members: [CohortMember]
    /// Counts of excluded patients by reason.
    public var exclusions: CohortExclusions

    /// A cohort of `members`.
    public init(members: [CohortMember], exclusions: CohortExclusions = CohortExclusions()) {
        self.members = members
        self.exclusions = exclusions
    }

    /// Labels of the members (nil labels read as 0; use for labelled cohorts only).
    public var labels: [Int] { members.map { $0.label ?? 0 } }

    /// Members with label 1.
    public var positives: Int { members.filter { $0.label == 1 }.count }

    /// Every patient of `histories` with no label, indexed by `indexRule` (or the last event day when the rule
    /// gives none): the cohort `galen predict` scores. No patient is excluded for labels or follow-up; patients
    /// without an observation period or whose observation starts after the index are left out and counted.
    public static func unlabelled(_ histories: PatientHistories, indexRule: IndexRule) -> Cohort {
        var members: [CohortMember] = []
        var excluded = CohortExclusions()
        for id in histories.patientIDs {
            guard let obs = histories.observation[id] else { excluded.notObservedAtIndex += 1; continue }
            let index = indexRule.indexDay(observation: obs) ?? obs.upperBound
            guard obs.lowerBound <= index else { excluded.notObservedAtIndex += 1; continue }
            members.append(CohortMember(patientID: id, indexDay: index, label: nil))
        }
        return Cohort(members: members, exclusions: excluded)
    }
}
