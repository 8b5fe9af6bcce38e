import Foundation
import GalenBundle
import GalenClinical
import GalenNN

/// What every kind of `galen train` run writes: the bundle first, then the report and the metrics.
enum TrainOutputs {
    /// `--resamples` as bootstrap options: 95% intervals, seeded.
    ///
    /// - Throws: `CLIError.usage` when fewer than 100 resamples are asked for.
    static func bootstrap(resamples: Int, seed: UInt64) throws -> BootstrapOptions {
        guard resamples >= 100 else { throw CLIError.usage("--resamples must be at least 100, got \(resamples)") }
        return BootstrapOptions(resamples: resamples, confidenceLevel: 0.95, seed: seed)
    }

    /// Creates `outDir` and writes `outDir/bundle` (the model, with `metrics.json` inside; bundle layout
    /// `formatVersion`), then `report.html` and `metrics.json` beside it.
    ///
    /// - Returns: the bundle and report locations, for the summary.
    /// - Throws: file-system and bundle errors (`BundleError`), naming the path.
    @discardableResult
    static func write<Content: Codable>(to outDir: URL, name: String, content: Content, weights: [String: Module],
                                        report: ReportContent, cipher: BundleFileCipher? = nil,
                                        formatVersion: Int = 1) throws -> (bundle: URL, report: URL) {
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let bundleURL = outDir.appendingPathComponent("bundle")
        try ModelBundle<Content>.write(
            to: bundleURL, name: name, galenVersion: GalenVersion.string, content: content, weights: weights,
            files: ["metrics.json": try report.metricsDocument.jsonData()], cipher: cipher,
            formatVersion: formatVersion)
        let reportURL = outDir.appendingPathComponent("report.html")
        try ReportRenderer.write(report, to: reportURL)
        try report.metricsDocument.write(to: outDir.appendingPathComponent("metrics.json"))
        return (bundleURL, reportURL)
    }
}
