import Foundation
import GalenTensor
import Testing
@testable import GalenData

@Suite struct PreprocessorTests {
    let training = """
    patient_id,age,sex,smoker,stage,admitted,score,outcome
    P1,50,F,yes,I,2023-01-01,1.0,0
    P2,60,M,no,II,2023-01-03,2.0,1
    P3,,F,no,I,2023-01-05,3.0,0
    P4,70,M,yes,III,,4.0,1
    P5,40,F,,II,2023-01-09,5.0,0
    P6,80,M,no,I,2023-01-11,6.0,1
    P7,55,F,yes,IV,2023-01-13,7.0,0

    """

    @Test func fitDecisions() throws {
        let t = try table(training)
        let p = try Preprocessor.fit(t, target: "outcome")
        #expect(p.excludedColumns.map(\.name) == ["patient_id", "outcome"])
        #expect(p.excludedColumns[0].reason == .idLike)
        #expect(p.inputColumns.map(\.name) == ["age", "sex", "smoker", "stage", "admitted", "score"])
        #expect(p.featureNames == [
            "age", "age [missing]", "sex=F", "sex=M", "smoker", "smoker [missing]",
            "stage=I", "stage=II", "stage [other]", "admitted", "admitted [missing]", "score",
        ])
        let age = p.encodings[0]
        #expect(age.fill == 57.5)          // median of 50, 60, 70, 40, 80, 55
        #expect(age.missingIndicator)
        #expect(p.encodings[5].missingIndicator == false)   // score had no missing values
        #expect(p.encodings[3].otherCategories == ["III", "IV"])
        #expect(p.inputColumns[3].categories == ["I", "II", "III", "IV"])
        #expect(p.warnings.contains { $0.kind == .idLikeColumn && $0.column == "patient_id" })
        #expect(p.log.entries.contains { $0.step == .impute && $0.column == "age" })
    }

    @Test func transformValues() throws {
        let t = try table(training)
        let p = try Preprocessor.fit(t, target: "outcome")
        let r = try p.transform(t)
        #expect(r.features.shape == [7, p.featureCount])
        let f = r.features.scalars
        let w = p.featureCount
        // Standardised numeric columns have mean 0 and population sd 1 on the training rows.
        for j in [0, 11] {
            let col = (0..<7).map { Double(f[$0 * w + j]) }
            let mean = col.reduce(0, +) / 7
            let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7).squareRoot()
            #expect(abs(mean) < 1e-6 && abs(sd - 1) < 1e-5)
        }
        // Row 3 (P3): age imputed with indicator 1.
        #expect(f[2 * w + 1] == 1)
        #expect(f[0 * w + 1] == 0)
        // Sex one-hot; stage IV goes to [other]; smoker yes = 1, missing smoker imputed to most frequent ("no" = 0).
        #expect(f[0 * w + 2] == 1 && f[0 * w + 3] == 0)
        #expect(f[6 * w + 8] == 1 && f[6 * w + 6] == 0 && f[6 * w + 7] == 0)
        #expect(f[0 * w + 4] == 1 && f[4 * w + 4] == 0 && f[4 * w + 5] == 1)
    }

    @Test func codableRoundTripReplaysExactly() throws {
        let t = try table(training)
        let p = try Preprocessor.fit(t, target: "outcome")
        let json = try JSONEncoder().encode(p)
        let q = try JSONDecoder().decode(Preprocessor.self, from: json)
        #expect(q == p)
        #expect(try q.transform(t).features.scalars == p.transform(t).features.scalars)
    }

    @Test func validationOfNewData() throws {
        let p = try Preprocessor.fit(try table(training), target: "outcome")
        // Missing columns: an error naming them all.
        let partial = try table("age,sex,stage\n50,F,I\n")
        let e = dataError { _ = try p.transform(partial) }
        #expect(e == .missingColumns(names: ["smoker", "admitted", "score"], source: "test.csv"))
        // Unseen category → zeros + warning naming row, line and column; text in a numeric column → warning;
        // extra columns ignored.
        let newData = try table("""
        extra,age,sex,smoker,stage,admitted,score
        x,65,F,yes,I,2023-02-01,2
        y,abc,X,no,V,2023-02-02,3

        """, p.readOptions())
        let r = try p.transform(newData)
        let w = p.featureCount
        let f = r.features.scalars
        #expect(f[w + 2] == 0 && f[w + 3] == 0)              // sex X: all zeros
        #expect(f[w + 6] == 0 && f[w + 7] == 0 && f[w + 8] == 0) // stage V: all zeros
        #expect(f[w + 1] == 1)                               // age "abc" → missing → indicator
        let unseen = r.warnings.filter { $0.kind == .unseenCategory }
        #expect(unseen.count == 2)
        #expect(unseen.first?.row == 2 && unseen.first?.line == 3 && unseen.first?.column == "sex")
        #expect(r.warnings.contains { $0.kind == .typeMismatch && $0.column == "age" && $0.row == 2 })
        #expect(!r.warnings.contains { $0.column == "extra" })
        // Strict mode turns the first warning into an error.
        #expect(throws: DataError.self) { _ = try p.transform(newData, strict: true) }
    }

    @Test func columnsTypedDifferentlyAreConverted() throws {
        let p = try Preprocessor.fit(try table(training), target: "outcome")
        // Read without the pipeline's types: "age" becomes text, "smoker" 0/1 numeric.
        let t = try table("age,sex,smoker,stage,admitted,score\nunknown,F,1,I,2023-02-01,2\n45,M,0,II,2023-02-02,3\n")
        let r = try p.transform(t)
        #expect(r.features.shape == [2, p.featureCount])
        #expect(!r.features.hasNonFinite)
        #expect(r.warnings.contains { $0.kind == .typeMismatch && $0.column == "age" && $0.row == 1 })
    }

    @Test func constantHighCardinalityAndUserExclusions() throws {
        var text = "const,notes,site,group,x,y\n"
        for i in 0..<60 { text += "same,free text \(i),S\(i % 3),g\(i / 2),\(i % 7),\(i % 2)\n" }
        let t = try table(text)
        let p = try Preprocessor.fit(t, target: "y", options: PreprocessingOptions(excludeColumns: ["group"]))
        let reasons = Dictionary(uniqueKeysWithValues: p.excludedColumns.map { ($0.name, $0.reason) })
        #expect(reasons["const"] == .constant)
        #expect(reasons["notes"] == .idLike)   // every value different
        #expect(reasons["group"] == .excludedByUser)
        #expect(p.featureNames == ["site=S0", "site=S1", "site=S2", "x"])
        let kept = try Preprocessor.fit(t, target: "y", options: PreprocessingOptions(excludeColumns: ["group"], keepColumns: ["notes"]))
        #expect(kept.inputColumns.contains { $0.name == "notes" })
        #expect(throws: DataError.self) { _ = try Preprocessor.fit(t, options: PreprocessingOptions(excludeColumns: ["nope"])) }
    }

    @Test func idDetection() {
        for name in ["id", "ID", "patient_id", "PatientID", "MRN", "subject id", "Unnamed: 0", "record_uuid", "hadm_id"] {
            #expect(IDColumnDetection.nameLooksLikeID(name), "\(name)")
        }
        for name in ["thyroid", "lipid_panel", "fluid", "idade", "age", "covid_positive", "valid"] {
            #expect(!IDColumnDetection.nameLooksLikeID(name), "\(name)")
        }
        let rowNumber = Column(name: "n", numbers: (1...30).map { Double($0) })
        #expect(IDColumnDetection.reason(for: rowNumber) != nil)
        let big = Column(name: "n", numbers: (0..<30).map { Double(842_302 + ($0 * 7919) % 1000 * 13) })
        #expect(IDColumnDetection.reason(for: big) != nil)
        let age = Column(name: "age", numbers: (0..<30).map { Double(20 + ($0 * 37) % 60) })
        #expect(IDColumnDetection.reason(for: age) == nil)
    }

    @Test func capOnCategories() throws {
        var text = "cat,y\n"
        for i in 0..<200 { text += "c\(i % 40),\(i % 2)\n" }
        let t = try table(text)
        let p = try Preprocessor.fit(t, target: "y", options: PreprocessingOptions(maxCategories: 10))
        #expect(p.featureNames.count == 11)
        #expect(p.featureNames.last == "cat [other]")
        #expect(p.encodings[0].otherCategories.count == 30)
    }

    @Test func noFeaturesIsAnError() throws {
        let t = try table("patient_id,y\n1,a\n2,b\n")
        #expect(throws: DataError.self) { _ = try Preprocessor.fit(t, target: "y") }
    }
}
