import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenSequence

extension SequenceArchitecture: ExpressibleByArgument {}

/// The options of `galen train` that only patient-history sequences take (`--kind omop`, `--kind events`).
struct SequenceTrainOptions: ParsableArguments {
    @Option(help: "Sequences (OMOP): outcome condition concept id; its descendants in concept_ancestor count too.") var outcomeConcept: Int?
    @Option(help: "Sequences (events): outcome event code(s), comma-separated.") var outcomeCode: String?
    @Option(help: "Sequences: name of the outcome in reports (default: the concept's name or the code).") var outcomeName: String?
    @Option(help: "Sequences: index date (YYYY-MM-DD) for every patient (default for OMOP: 2000-01-01).") var indexDate: String?
    @Option(help: "Sequences: index N days before the end of each patient's observation, instead of --index-date.") var indexBeforeEnd: Int?
    @Option(help: "Sequences: days of observation required before the index (default 365).") var priorDays: Int = 365
    @Option(help: "Sequences: days after the index in which the outcome is looked for (default 365).") var horizonDays: Int = 365
    @Flag(help: "Sequences: keep negatives whose observation ends before the horizon.") var allowShortFollowUp = false
    @Option(help: "Sequences (OMOP): event tables to read, comma-separated (default: condition,drug,procedure,measurement,observation,visit).") var domains: String?
    @Option(help: "Sequences (events): patient ID column.") var patientColumn: String?
    @Option(help: "Sequences (events): date column (YYYY-MM-DD, or a day number).") var timeColumn: String?
    @Option(help: "Sequences (events): event code column.") var eventColumn: String?
    @Option(help: "Sequences (events): numeric feature columns, comma-separated (each value becomes an event).") var featureColumns: String?
    @Option(help: "Sequences (events with --labels): label column of the labels CSV (default label).") var labelColumn: String = "label"
    @Option(help: "Sequences (events with --labels): index date column of the labels CSV (default: each patient's last event).") var indexColumn: String?
    @Option(help: "Sequences: latest events kept per patient (default 128).") var maxEvents: Int = 128
    @Option(help: "Sequences: training patients a code needs to enter the vocabulary (default 5).") var minCodeCount: Int = 5
    @Option(help: "Sequences: recurrent hidden units or transformer width (default 64).") var units: Int = 64
    @Option(help: "Sequences: embedding width per code (default 32).") var embeddingDim: Int = 32
    @Option(help: "Sequences: stacked recurrent or transformer layers (default 1).") var layers: Int = 1

    /// Whether any sequence-only option is set.
    var anySet: Bool {
        outcomeConcept != nil || outcomeCode != nil || outcomeName != nil || indexDate != nil || indexBeforeEnd != nil
            || priorDays != 365 || horizonDays != 365 || allowShortFollowUp || domains != nil || patientColumn != nil
            || timeColumn != nil || eventColumn != nil || featureColumns != nil || labelColumn != "label" || indexColumn != nil
            || maxEvents != 128 || minCodeCount != 5 || units != 64 || embeddingDim != 32 || layers != 1
    }

    /// - Throws: `CLIError.usage` when a sequence-only option is given for tables or images.
    func refuseUnlessSequences() throws {
        if anySet {
            throw CLIError.usage("--outcome-concept, --outcome-code, --index-date, --patient-column and the other sequence options are for --kind omop or --kind events")
        }
    }
}

/// Splits a comma-separated option into trimmed non-empty parts.
func commaList(_ s: String) -> [String] {
    s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension Galen.Train {
    /// `galen train` on patient histories (an OMOP CDM folder or a long-format event CSV): cohort, training of the
    /// sequence network and the bag-of-codes baseline, evaluation, bundle, report.
    func runSequences(kind: DataKind) throws {
        if target != nil || group != nil || idColumn != nil || exclude != nil || cv != 0 || dp || task != nil || positiveClass != nil
            || images.arch != nil && SequenceArchitecture(rawValue: images.arch!) == nil || images.classNames != nil || images.noAugment
            || images.augment != nil || images.schedule != nil || images.threshold != nil
            || images.gallery != nil || images.tta != nil || images.ema != nil || images.ensemble != nil || images.keep != nil || encryptBundle {
            throw CLIError.usage("--target, --task, --group, --id-column, --exclude, --cv, --dp, --class-names, --no-augment, --augment, --schedule, "
                                 + "--threshold, --gallery, --tta, --ema, --ensemble, --keep and "
                                 + "--encrypt-bundle are not for sequences; --arch takes lstm, gru or transformer")
        }
        let s = sequences
        let say: (String) -> Void = { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
        let started = Date()

        // How to read, and the cohort.
        let source: SequenceDataSource
        switch kind {
        case .omop:
            guard OMOPDatabase.handles(data) else { throw CLIError.usage("\(data) is not an OMOP CDM folder (person.csv and observation_period.csv)") }
            if s.patientColumn != nil || s.timeColumn != nil || s.eventColumn != nil || s.featureColumns != nil || images.labels != nil {
                throw CLIError.usage("--patient-column, --time-column, --event-column, --feature-columns and --labels are for --kind events")
            }
            var domains: [OMOPDomain] = OMOPDomain.allCases
            if let d = s.domains {
                domains = try commaList(d).map { name in
                    guard let x = OMOPDomain(rawValue: name) else {
                        throw CLIError.usage("--domains: unknown table '\(name)'; use \(OMOPDomain.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return x
                }
            }
            source = .omop(domains: domains)
        default:
            guard let p = s.patientColumn, let t = s.timeColumn else {
                throw CLIError.usage("--kind events needs --patient-column and --time-column (and --event-column and/or --feature-columns)")
            }
            guard s.eventColumn != nil || s.featureColumns != nil else { throw CLIError.usage("--kind events needs --event-column and/or --feature-columns") }
            if s.domains != nil || s.outcomeConcept != nil { throw CLIError.usage("--domains and --outcome-concept are for --kind omop") }
            source = .events(patientColumn: p, timeColumn: t, eventColumn: s.eventColumn, featureColumns: s.featureColumns.map(commaList) ?? [])
        }
        say("Reading \(data)…")
        let histories = try source.read(path: data)
        say("\(histories.patientIDs.count) patients, \(histories.eventCount) events")

        let definition: CohortDefinition?
        let cohort: Cohort
        if let labels = images.labels {
            if s.outcomeCode != nil || s.indexDate != nil || s.indexBeforeEnd != nil {
                throw CLIError.usage("--labels gives the cohort; leave out --outcome-code, --index-date and --index-before-end")
            }
            definition = nil
            cohort = try CohortLabels.read(path: labels, patientColumn: source.patientColumn!, labelColumn: s.labelColumn,
                                           indexColumn: s.indexColumn, histories: histories)
        } else {
            let rule: IndexRule
            switch (s.indexDate, s.indexBeforeEnd) {
            case (.some, .some): throw CLIError.usage("give --index-date or --index-before-end, not both")
            case let (date?, nil):
                guard let d = EventDate.days(date) else { throw CLIError.usage("--index-date must be YYYY-MM-DD, got '\(date)'") }
                rule = .fixedDay(d)
            case let (nil, days?):
                guard days >= 0 else { throw CLIError.usage("--index-before-end must be ≥ 0") }
                rule = .beforeObservationEnd(days: days)
            case (nil, nil):
                guard kind == .omop else { throw CLIError.usage("--kind events needs --labels, or --outcome-code with --index-date or --index-before-end") }
                rule = .fixedDay(EventDate.days("2000-01-01")!)
            }
            let codes: Set<String>, name: String
            if kind == .omop {
                guard let concept = s.outcomeConcept else { throw CLIError.usage("--kind omop needs --outcome-concept (e.g. 80180 osteoarthritis)") }
                let db = try OMOPDatabase(path: data)
                codes = Set(try db.descendants(of: concept).map { OMOPDomain.condition.code($0) })
                name = try s.outcomeName ?? db.conceptNames()[concept] ?? "concept \(concept)"
            } else {
                guard let c = s.outcomeCode else { throw CLIError.usage("--kind events needs --outcome-code or --labels") }
                codes = Set(commaList(c))
                name = s.outcomeName ?? commaList(c).joined(separator: " or ")
            }
            let d = CohortDefinition(outcomeCodes: codes, outcomeName: name, indexRule: rule, minimumPriorDays: s.priorDays,
                                     horizonDays: s.horizonDays, requireFollowUp: !s.allowShortFollowUp)
            definition = d
            cohort = try d.build(histories)
            let e = cohort.exclusions
            say("Cohort: index \(rule.summary); excluded \(e.notObservedAtIndex) not observed at index, \(e.shortPriorObservation) with < \(s.priorDays) days before, "
                + "\(e.outcomeBeforeIndex) with \(name) before index, \(e.shortFollowUp) with too little follow-up")
        }

        var o = SequenceTrainingOptions()
        if let a = images.arch { o.architecture = SequenceArchitecture(rawValue: a)! }
        o.hidden = s.units
        o.embeddingDimension = s.embeddingDim
        o.layers = s.layers
        o.dropout = dropout ?? 0.1
        o.maxLength = s.maxEvents
        o.minimumCodeCount = s.minCodeCount
        o.learningRate = learningRate ?? o.learningRate
        o.weightDecay = weightDecay ?? o.weightDecay
        o.batchSize = batchSize ?? o.batchSize
        o.epochs = epochs ?? o.epochs
        o.patience = patience ?? o.patience
        o.seed = seed
        o.balanceClasses = !noClassWeights
        o.testFraction = testFraction
        o.validationFraction = validationFraction
        if let t = targetSensitivity { o.thresholdCriterion = .targetSensitivity(t) }
        o.bootstrap = try TrainOutputs.bootstrap(resamples: resamples, seed: seed)

        let stem = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
        let result: SequenceTrainingResult
        do {
            result = try SequenceTrainer.train(histories: histories, cohort: cohort, definition: definition, source: source,
                                               dataName: stem, options: o, log: say)
        } catch let SequenceError.invalidOption(m) {
            throw CLIError.usage(m)
        }

        let outDir = URL(fileURLWithPath: out ?? "runs/" + stem)
        let (bundleURL, reportURL) = try TrainOutputs.write(
            to: outDir, name: name ?? stem, content: result.content, weights: ["model.safetensors": result.network],
            report: result.report)
        if json {
            let summary = Galen.TrainSummary(output: outDir.path, bundle: bundleURL.path, report: reportURL.path, task: "binary",
                                             threshold: result.content.threshold.threshold, crossValidation: [],
                                             metrics: result.report.metricsDocument, differentialPrivacy: nil)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
            return
        }
        let d = result.content.trainingData
        print(String(format: "\nCohort: %d patients, %d with the outcome (%.1f%%); test split %d patients. Run time %.0f s.",
                     d.cohortSize, d.positives, 100 * Double(d.positives) / Double(max(1, d.cohortSize)), d.splitSizes["test"] ?? 0,
                     Date().timeIntervalSince(started)))
        print("Test split, 95% bootstrap intervals:")
        print(MetricsSummary.text(result.report.models))
        print("\n" + result.content.threshold.explanation)
        print("\nBundle:  \(bundleURL.path)\nReport:  \(reportURL.path)")
    }
}

extension Galen.Evaluate {
    /// `galen evaluate` with a sequence bundle: the bundle's cohort rule (or `--labels`) on new event data.
    func runSequences() throws {
        guard !strict, split == nil else { throw CLIError.usage("--strict and --split are not for sequence models") }
        let model = try SequenceModel(contentsOf: URL(fileURLWithPath: bundle))
        let report: ReportContent
        do {
            report = try SequenceEvaluation.evaluate(model: model, path: data, labels: labels,
                                                     bootstrap: BootstrapOptions(resamples: resamples, confidenceLevel: 0.95, seed: seed))
        } catch let SequenceError.invalidOption(m) {
            throw CLIError.usage(m)
        }
        try writeOutputs(report, dataName: URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent)
    }
}

extension Galen.Predict {
    /// `galen predict` with a sequence bundle: one CSV row per patient (ID, index date, events used, probability,
    /// prediction).
    func runSequences() throws {
        if strict || idColumn != nil || split != nil { throw CLIError.usage("--strict, --id-column and --split are not for sequence models") }
        let model = try SequenceModel(contentsOf: URL(fileURLWithPath: bundle))
        let summary = try SequencePrediction.run(model: model, path: data, outputPath: out)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
        } else if let out {
            print("Wrote \(summary.rows) patient predictions to \(out)" + (summary.skipped > 0 ? " (\(summary.skipped) patients without history before the index left out)" : ""))
        }
    }
}

/// Whether the bundle at `path` holds a sequence model (read from its manifest).
func isSequenceBundle(_ path: String) -> Bool {
    SequenceModel.kind(of: URL(fileURLWithPath: path)) == "sequence"
}
