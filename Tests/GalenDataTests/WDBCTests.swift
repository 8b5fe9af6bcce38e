import Foundation
import Testing
@testable import GalenData

/// The shipped WDBC copy (data/wdbc): 569 rows, 30 numeric features and `diagnosis` (malignant / benign).
@Suite struct WDBCTests {
    @Test func readsWithExpectedSchema() throws {
        let t = try CSVReader.read(path: wdbcPath)
        #expect(t.rowCount == 569 && t.columnCount == 31)
        #expect(t.warnings.isEmpty)
        #expect(t.columns.prefix(30).allSatisfy { $0.type == .numeric && $0.missingCount == 0 })
        #expect(t.column(named: "mean radius")!.numbers![0] == 17.99)
        #expect(t.column(named: "worst fractal dimension")!.numbers![0] == 0.1189)
        #expect(t.column(named: "diagnosis")!.type == .categorical)
    }

    @Test func targetAndReport() throws {
        let t = try CSVReader.read(path: wdbcPath)
        let d = try PreparedDataset.prepare(t, target: "diagnosis")
        #expect(d.target.task == .binary)
        #expect(d.target.classes == ["benign", "malignant"])
        #expect(d.target.classCounts == [357, 212])
        #expect(d.droppedDuplicates == 0 && d.droppedMissingTarget == 0)
        let r = try SchemaReport.make(t, target: "diagnosis")
        #expect(r.target?.classBalance.map(\.count) == [357, 212])
        #expect(r.renderText().contains("malignant: 212"))
    }

    @Test func splitAndPipeline() throws {
        let t = try CSVReader.read(path: wdbcPath)
        let d = try PreparedDataset.prepare(t, target: "diagnosis")
        let s = try Splits.trainValidationTest(count: d.table.rowCount, strata: d.classIndices, validation: 0, test: 0.2, seed: 42)
        #expect(s.test.count == 114 && s.train.count == 455)
        #expect(s.test.filter { d.classIndices[$0] == 1 }.count == 42)
        let train = d.table.selecting(rows: s.train)
        let p = try Preprocessor.fit(train, target: "diagnosis")
        #expect(p.featureCount == 30)
        #expect(p.excludedColumns.map(\.name) == ["diagnosis"])
        let xTrain = try p.transform(train)
        let xTest = try p.transform(d.table.selecting(rows: s.test))
        #expect(xTrain.features.shape == [455, 30] && xTest.features.shape == [114, 30])
        #expect(xTrain.warnings.isEmpty && xTest.warnings.isEmpty)
        // Standardised on the training rows only: mean ≈ 0 there, not exactly 0 on the test rows.
        let f = xTrain.features.scalars
        let mean0 = (0..<455).reduce(0.0) { $0 + Double(f[$1 * 30]) } / 455
        #expect(abs(mean0) < 1e-5)
    }
}
