import Foundation
import GalenTensor
import Testing
@testable import GalenData

@Suite struct SplitsTests {
    let strata: [Int] = (0..<100).map { $0 < 30 ? 1 : 0 }

    @Test func stratifiedSplitProportionsAndDeterminism() throws {
        let s = try Splits.trainValidationTest(count: 100, strata: strata, validation: 0.1, test: 0.2, seed: 42)
        #expect(s.test.count == 20 && s.validation.count == 10 && s.train.count == 70)
        #expect(s.test.filter { strata[$0] == 1 }.count == 6)
        #expect(s.validation.filter { strata[$0] == 1 }.count == 3)
        #expect(Set(s.train + s.validation + s.test) == Set(0..<100))
        #expect(s.train == s.train.sorted())
        let again = try Splits.trainValidationTest(count: 100, strata: strata, validation: 0.1, test: 0.2, seed: 42)
        #expect(again == s)
        let other = try Splits.trainValidationTest(count: 100, strata: strata, validation: 0.1, test: 0.2, seed: 43)
        #expect(other != s)
    }

    @Test func fixedSplitForSeed42() throws {
        // Pins the shuffle so that a change in the algorithm (which would change every reported figure) is noticed.
        let s = try Splits.trainValidationTest(count: 10, strata: nil, validation: 0, test: 0.3, seed: 42)
        #expect(s.test.count == 3)
        let t = try Splits.trainValidationTest(count: 10, strata: nil, validation: 0, test: 0.3, seed: 42)
        #expect(s == t)
        #expect(s.test == [1, 4, 9] && s.train == [0, 2, 3, 5, 6, 7, 8])
        var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42)
        var a = Array(0..<50), b = Array(0..<50)
        Splits.shuffle(&a, &g1)
        Splits.shuffle(&b, &g2)
        #expect(a == b && a != Array(0..<50) && a.sorted() == Array(0..<50))
    }

    @Test func badFractions() {
        #expect(throws: DataError.self) { _ = try Splits.trainValidationTest(count: 10, validation: 0.5, test: 0.5, seed: 1) }
        #expect(throws: DataError.self) { _ = try Splits.trainValidationTest(count: 10, validation: -0.1, test: 0.2, seed: 1) }
        #expect(throws: DataError.self) { _ = try Splits.trainValidationTest(count: 2, validation: 0.3, test: 0.3, seed: 1) }
    }

    @Test func stratifiedKFold() throws {
        let folds = try Splits.kFold(count: 100, k: 5, strata: strata, seed: 7)
        #expect(folds.count == 5)
        var seen = [Int](repeating: 0, count: 100)
        for f in folds {
            #expect(f.validation.count == 20)
            #expect(f.validation.filter { strata[$0] == 1 }.count == 6)
            #expect(Set(f.train).isDisjoint(with: f.validation) && f.train.count + f.validation.count == 100)
            for r in f.validation { seen[r] += 1 }
        }
        #expect(seen.allSatisfy { $0 == 1 })
        #expect(try Splits.kFold(count: 100, k: 5, strata: strata, seed: 7) == folds)
        #expect(throws: DataError.self) { _ = try Splits.kFold(count: 3, k: 5, seed: 1) }
        #expect(throws: DataError.self) { _ = try Splits.kFold(count: 30, k: 1, seed: 1) }
    }

    @Test func groupedSplitKeepsPatientsTogether() throws {
        // 40 patients with 1–4 rows each; label by patient.
        let t = try table("patient_id,visit,y\n" + (0..<40).flatMap { p in
            (0..<(1 + p % 4)).map { v in "P\(p),\(v),\(p % 3 == 0 ? "sick" : "well")" }
        }.joined(separator: "\n"))
        let groups = Splits.groupIDs(t.column(named: "patient_id")!)
        let labels = TargetInfoHelpers.classIndices(t)
        let s = try Splits.grouped(groups: groups, strata: labels, validation: 0.1, test: 0.2, seed: 42)
        func patients(_ rows: [Int]) -> Set<Int> { Set(rows.map { groups[$0] }) }
        #expect(patients(s.train).isDisjoint(with: patients(s.test)))
        #expect(patients(s.train).isDisjoint(with: patients(s.validation)))
        #expect(patients(s.validation).isDisjoint(with: patients(s.test)))
        #expect(s.train.count + s.validation.count + s.test.count == t.rowCount)
        let share = Double(s.test.count) / Double(t.rowCount)
        #expect(share > 0.1 && share < 0.3)
        #expect(s.test.contains { labels[$0] == 1 } && s.test.contains { labels[$0] == 0 })
        #expect(try Splits.grouped(groups: groups, strata: labels, validation: 0.1, test: 0.2, seed: 42) == s)

        let folds = try Splits.groupKFold(groups: groups, k: 5, strata: labels, seed: 3)
        var seen = Set<Int>()
        for f in folds {
            #expect(patients(f.train).isDisjoint(with: patients(f.validation)))
            #expect(seen.isDisjoint(with: f.validation))
            seen.formUnion(f.validation)
            #expect(f.validation.count > 10 && f.validation.count < 40)
        }
        #expect(seen.count == t.rowCount)
        #expect(throws: DataError.self) { _ = try Splits.groupKFold(groups: [0, 0, 1], k: 3, seed: 1) }
    }

    @Test func missingGroupValuesAreSingletons() {
        let ids = Splits.groupIDs(Column(name: "g", strings: ["a", nil, "a", nil, "b"]))
        #expect(ids[0] == ids[2] && ids[1] != ids[3] && Set(ids).count == 4)
    }

    @Test func quantileBins() {
        #expect(Splits.quantileBins([5, 1, 3, .nan, 2, 4], bins: 5) == [4, 0, 2, 5, 1, 3])
    }
}

/// Small helpers for split tests.
enum TargetInfoHelpers {
    static func classIndices(_ t: Table) -> [Int] {
        let info = try! TargetInfo.resolve(t, column: "y")
        return info.classIndices(t.column(named: "y")!)
    }
}
