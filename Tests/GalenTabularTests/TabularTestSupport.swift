import Foundation
import GalenTensor
@testable import GalenTabular

/// Paths and small synthetic clinical tables for the workflow tests.
enum TabularTestSupport {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let wdbc = repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path

    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("galen-tabular-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// A messy visit table: repeated patient IDs, missing values ("NA", empty), a categorical with a rare level,
    /// a boolean, a date, text labels ("yes"/"no") driven by age, glucose and smoking.
    static func visits(rows: Int = 400, seed: UInt64 = 1) -> String {
        var g = SplitMix(seed)
        var lines = ["patient_id,age,sex,smoker,glucose,bp_systolic,visit_date,site,readmitted"]
        for i in 0..<rows {
            let patient = i / 3  // three visits per patient
            let age = 30 + Int(g.unit() * 60)
            let smoker = g.unit() < 0.3
            let glucose = 80 + g.unit() * 120
            let bp = 100 + g.unit() * 60
            let site = ["north", "south", "east"][Int(g.unit() * 3)] + (g.unit() < 0.01 ? "-annex" : "")
            let risk = 0.04 * Double(age - 60) + 0.03 * (glucose - 140) + (smoker ? 1.5 : 0) + (g.unit() - 0.5) * 1.5
            let label = risk > 0 ? "yes" : "no"
            let glucoseText = g.unit() < 0.1 ? "NA" : String(format: "%.1f", glucose)
            let bpText = g.unit() < 0.05 ? "" : String(format: "%.0f", bp)
            let sex = g.unit() < 0.5 ? "female" : "male"
            let month = 1 + Int(g.unit() * 12)
            lines.append("P\(1000 + patient),\(age),\(sex),\(smoker),\(glucoseText),\(bpText),2025-\(String(format: "%02d", month))-15,\(site),\(label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Three-class and numeric targets from the same features.
    static func multiclassAndRegression(rows: Int = 300, seed: UInt64 = 2) -> String {
        var g = SplitMix(seed)
        var lines = ["x1,x2,group,stage,length_of_stay"]
        for _ in 0..<rows {
            let x1 = g.unit() * 2 - 1, x2 = g.unit() * 2 - 1
            let group = g.unit() < 0.5 ? "a" : "b"
            let stage = x1 + x2 > 0.5 ? "III" : (x1 + x2 > -0.5 ? "II" : "I")
            let stay = 3 + 2 * x1 - x2 + (group == "a" ? 1 : 0) + (g.unit() - 0.5) * 0.2
            lines.append(String(format: "%.4f,%.4f,%@,%@,%.3f", x1, x2, group, stage, stay))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Uniform doubles in [0, 1) from the project's seeded generator.
    struct SplitMix {
        var generator: SeededGenerator
        init(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }
        mutating func unit() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
    }
}
