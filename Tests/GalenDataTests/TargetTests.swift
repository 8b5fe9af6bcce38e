import Foundation
import Testing
@testable import GalenData

@Suite struct TargetTests {
    func resolve(_ values: [String?], task: TaskKind? = nil, positive: String? = nil) throws -> TargetInfo {
        let typed = try table("y\n" + values.map { $0 ?? "" }.joined(separator: "\n") + "\n")
        return try TargetInfo.resolve(typed, column: "y", task: task, positiveClass: positive)
    }

    @Test func binaryPositiveClassRules() throws {
        #expect(try resolve(["benign", "malignant", "benign"]).positiveClass == "malignant")
        #expect(try resolve(["M", "B", "B"]).positiveClass == "M")
        #expect(try resolve(["0", "1", "0"]).positiveClass == "1")
        #expect(try resolve(["1", "2", "1"]).positiveClass == "2")
        #expect(try resolve(["yes", "no", "no"]).positiveClass == "yes")
        #expect(try resolve(["No disease", "Heart disease", "No disease"]).positiveClass == "Heart disease")
        #expect(try resolve(["alive", "dead", "dead", "dead"]).positiveClass == "dead")
        // No vocabulary: the minority class.
        let r = try resolve(["red", "blue", "blue"])
        #expect(r.positiveClass == "red" && r.positiveClassReason == "the minority class")
        #expect(r.classes == ["blue", "red"] && r.classCounts == [2, 1])
        // Override, case-insensitive; unknown override is an error listing classes.
        #expect(try resolve(["benign", "malignant"], positive: "BENIGN").positiveClass == "benign")
        #expect(throws: DataError.self) { try resolve(["a", "b"], positive: "c") }
    }

    @Test func taskInference() throws {
        #expect(try resolve(["a", "b", "c", "a"]).task == .multiclass)
        #expect(try resolve(["0", "1", "2", "3"]).task == .multiclass)
        #expect(try resolve(["0.5", "1.25", "2", "3"]).task == .regression)
        #expect(try resolve((0..<30).map { String($0) }).task == .regression)
        #expect(try resolve(["1", "2", "3"], task: .regression).task == .regression)
        #expect(throws: DataError.self) { try resolve(["a", "b", "c"], task: .binary) }
        #expect(throws: DataError.self) { try resolve(["a", "b", "c"], task: .regression) }
        let multi = try resolve(["3", "10", "2", "2"])
        #expect(multi.classes == ["2", "3", "10"])   // numeric order
    }

    @Test func tooManyTextClassesLooksLikeAnIdentifier() {
        let e = dataError { _ = try resolve((0..<60).map { "P\($0)" }) }
        guard case .invalidTarget(_, let reason)? = e else { Issue.record("\(String(describing: e))"); return }
        #expect(reason.contains("identifier"))
    }

    @Test func labelsAndMissingTargetRows() throws {
        let t = try table("x,y\n1,yes\n2,no\n3,\n4,yes\n4,yes\n5,NA\n")
        let d = try PreparedDataset.prepare(t, target: "y")
        #expect(d.droppedMissingTarget == 2)
        #expect(d.droppedDuplicates == 1)
        #expect(d.table.rowCount == 3)
        #expect(d.target.task == .binary && d.target.positiveClass == "yes")
        #expect(d.labels == [1, 0, 1])
        #expect(d.classIndices == [1, 0, 1])
        #expect(d.log.entries.contains { $0.step == .dropMissingTarget })
        #expect(d.warnings.contains { $0.kind == .duplicateRows })
        // Rows keep their file row numbers after the drops.
        #expect(d.table.rowNumber(2) == 4)
        // Another file's labels map through the class names.
        let other = Column(name: "y", strings: ["no", "maybe", nil, "yes"])
        #expect(d.target.classIndices(other) == [0, -1, -1, 1])
    }

    @Test func booleanTargetsUseTheTrueValue() throws {
        let t = try table("x,died\n1,Y\n2,N\n3,N\n")
        let info = try TargetInfo.resolve(t, column: "died")
        #expect(info.task == .binary && info.classes == ["N", "Y"] && info.positiveClass == "Y")
    }

    @Test func regressionStrata() throws {
        let t = try table("x,y\n" + (0..<20).map { "\($0),\(Double($0) * 1.5)" }.joined(separator: "\n"))
        let d = try PreparedDataset.prepare(t, target: "y")
        #expect(d.target.task == .regression)
        #expect(d.labels[3] == 4.5)
        let s = d.strata(regressionBins: 4)
        #expect(s == (0..<20).map { $0 / 5 })
    }
}
