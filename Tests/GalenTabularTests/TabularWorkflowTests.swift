import Foundation
import Testing
import GalenBundle
import GalenClinical
import GalenData
import GalenNN
@testable import GalenTabular

@Suite struct TabularWorkflowTests {
    /// Issue requirement: WDBC, stratified 80/20 split with seed 42, default settings:
    /// test accuracy ≥ 0.97 and ROC AUC ≥ 0.995 (PyTorch seed MLP: 0.956 / 0.994).
    @Test func wdbcDefaultsBeatTheSeedRecipe() throws {
        var o = TabularTrainingOptions(dataPath: TabularTestSupport.wdbc, target: "diagnosis")
        o.bootstrap = BootstrapOptions(resamples: 200, confidenceLevel: 0.95, seed: 42)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        #expect(r.content.target.positiveClass == "malignant")
        #expect(r.testTable.rowCount == 114)
        let net = try #require(r.report.models.first?.evaluation.binary)
        let acc = try #require(net.accuracy.value), auc = try #require(net.rocAUC.value)
        print("WDBC galen train defaults: accuracy \(acc), ROC AUC \(auc)")
        #expect(acc >= 0.97)
        #expect(auc >= 0.995)
        #expect(net.rocAUC.lower! <= auc && auc <= net.rocAUC.upper!)
        let baseline = try #require(r.report.models.last?.evaluation)
        #expect(baseline.isBaseline && baseline.binary?.rocAUC.value != nil)
    }

    @Test func bundleRoundTripGivesTheSamePredictions() throws {
        let dir = try TabularTestSupport.tempDir()
        let csv = dir.appendingPathComponent("visits.csv")
        try TabularTestSupport.visits().write(to: csv, atomically: true, encoding: .utf8)
        var o = TabularTrainingOptions(dataPath: csv.path, target: "readmitted")
        o.groupColumn = "patient_id"
        o.network.epochs = 30
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        #expect(r.content.idColumn == "patient_id")
        #expect(!r.content.preprocessor.inputColumns.contains { $0.name == "patient_id" })
        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<TabularModelContent>.write(to: bundle, name: "visits", galenVersion: "test", content: r.content,
                                                   weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline])
        let model = try TabularModel(contentsOf: bundle)
        let (scores, _) = try model.scores(r.testTable)
        let direct = try r.network.predict(try r.content.preprocessor.transform(r.testTable).features).sigmoid().scalars
        #expect(scores == direct)
        // No patient's rows are split between training and test.
        let testPatients = Set((0..<r.testTable.rowCount).compactMap { r.testTable.column(named: "patient_id")!.text(at: $0) })
        let all = try CSVReader.read(path: csv.path)
        let patients = all.column(named: "patient_id")!
        var rowsPerTestPatient: [String: Int] = [:]
        for i in 0..<all.rowCount { if let p = patients.text(at: i), testPatients.contains(p) { rowsPerTestPatient[p, default: 0] += 1 } }
        let testCounts = Dictionary(grouping: (0..<r.testTable.rowCount).compactMap { r.testTable.column(named: "patient_id")!.text(at: $0) }, by: { $0 }).mapValues(\.count)
        #expect(testCounts == rowsPerTestPatient)
    }

    @Test func predictStreamsCarriesIDsAndWarnsOnUnseenCategories() throws {
        let dir = try TabularTestSupport.tempDir()
        let csv = dir.appendingPathComponent("visits.csv")
        try TabularTestSupport.visits().write(to: csv, atomically: true, encoding: .utf8)
        var o = TabularTrainingOptions(dataPath: csv.path, target: "readmitted")
        o.groupColumn = "patient_id"
        o.network.epochs = 10
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<TabularModelContent>.write(to: bundle, name: "v", galenVersion: "test", content: r.content,
                                                   weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline])
        let model = try TabularModel(contentsOf: bundle)
        let newRows = dir.appendingPathComponent("new.csv")
        try """
        patient_id,age,sex,smoker,glucose,bp_systolic,visit_date,site
        Z1,70,female,true,150.0,130,2025-03-01,north
        Z2,40,male,false,NA,120,2025-04-01,mars
        """.write(to: newRows, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("preds.csv")
        let summary = try TabularPrediction.run(model: model, inputPath: newRows.path, outputPath: out.path, batchRows: 1)
        #expect(summary.rows == 2)
        #expect(summary.warnings.contains { $0.column == "site" })
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "patient_id,probability_yes,prediction")
        #expect(lines[1].hasPrefix("Z1,") && lines[2].hasPrefix("Z2,"))
        // --strict turns the warning into an error and leaves the existing output untouched.
        let before = try Data(contentsOf: out)
        #expect(throws: DataError.self) {
            try TabularPrediction.run(model: model, inputPath: newRows.path, outputPath: out.path, strict: true)
        }
        #expect(try Data(contentsOf: out) == before)
        // A missing column is an error naming it; no output file is created.
        let missing = dir.appendingPathComponent("missing.csv")
        try "patient_id,age\nZ3,50\n".write(to: missing, atomically: true, encoding: .utf8)
        let out2 = dir.appendingPathComponent("preds2.csv")
        do {
            try TabularPrediction.run(model: model, inputPath: missing.path, outputPath: out2.path)
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("glucose")) }
        #expect(!FileManager.default.fileExists(atPath: out2.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func multiclassAndRegressionTasks() throws {
        let dir = try TabularTestSupport.tempDir()
        let csv = dir.appendingPathComponent("mixed.csv")
        try TabularTestSupport.multiclassAndRegression().write(to: csv, atomically: true, encoding: .utf8)
        var o = TabularTrainingOptions(dataPath: csv.path, target: "stage")
        o.preprocessing.excludeColumns = ["length_of_stay"]
        o.network.epochs = 60
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let m = try TabularTrainer.train(o, verbosity: .silent)
        #expect(m.content.target.task == .multiclass)
        #expect(m.content.target.classes == ["I", "II", "III"])
        let acc = try #require(m.report.models[0].evaluation.multiclass?.accuracy.value)
        #expect(acc > 0.8)

        var r = TabularTrainingOptions(dataPath: csv.path, target: "length_of_stay")
        r.preprocessing.excludeColumns = ["stage"]
        r.network.epochs = 60
        r.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let reg = try TabularTrainer.train(r, verbosity: .silent)
        #expect(reg.content.target.task == .regression)
        let r2 = try #require(reg.report.models[0].evaluation.regression?.r2.value)
        let baseR2 = try #require(reg.report.models[1].evaluation.regression?.r2.value)
        #expect(r2 > 0.9 && baseR2 > 0.9)
    }

    @Test func crossValidationReportsMeanAndSpread() throws {
        var o = TabularTrainingOptions(dataPath: TabularTestSupport.wdbc, target: "diagnosis")
        o.crossValidationFolds = 3
        o.network.epochs = 20
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        #expect(r.crossValidation.count == 3)
        #expect(r.crossValidation[0].hasPrefix("ROC AUC 0.9") && r.crossValidation[0].hasSuffix("over 3 folds"))
    }

    @Test func badOptionsAndTargetsGiveClearErrors() throws {
        var o = TabularTrainingOptions(dataPath: TabularTestSupport.wdbc, target: "diagnosis")
        o.testFraction = 1.5
        #expect(throws: TabularError.self) { try TabularTrainer.train(o, verbosity: .silent) }
        let typo = TabularTrainingOptions(dataPath: TabularTestSupport.wdbc, target: "diagnosys")
        do { _ = try TabularTrainer.train(typo, verbosity: .silent); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("diagnosis"))
        }
        let dir = try TabularTestSupport.tempDir()
        let csv = dir.appendingPathComponent("one.csv")
        try "a,b,y\n1,2,yes\n3,4,yes\n5,6,yes\n".write(to: csv, atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try TabularTrainer.train(TabularTrainingOptions(dataPath: csv.path, target: "y"), verbosity: .silent) }
    }
}
