import Foundation
import GalenTensor

/// How much `fit` prints.
public enum Verbosity: Sendable {
    /// Nothing.
    case silent
    /// One line per epoch (for logs and pipes).
    case epochs
    /// A live bar with ETA, redrawn in place, plus one line per epoch.
    case progressBar
    /// A bar when standard error is a terminal, else one line per epoch.
    case auto
}

extension Verbosity {
    /// The progress callback this verbosity asks for (nil for `.silent`); `.auto` draws a live bar only
    /// when standard error is a terminal.
    public var progressBar: ProgressBar? {
        switch self {
        case .silent: return nil
        case .epochs: return ProgressBar(live: false)
        case .progressBar: return ProgressBar(live: true)
        case .auto: return ProgressBar(live: isatty(STDERR_FILENO) != 0)
        }
    }
}

/// Prints training progress to standard error: a bar with batch count, ETA and
/// running loss on a terminal, or one plain line per epoch otherwise.
public final class ProgressBar: Callback {
    private let live: Bool
    private var epochStart = Date()
    private var lastDraw = Date.distantPast
    private var runningLoss: Double = 0
    private var seen = 0
    private let write: (String) -> Void

    /// - Parameters:
    ///   - live: draw a bar redrawn in place (true) or only epoch lines (false).
    ///   - write: where text goes (default: standard error).
    public init(live: Bool, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.live = live
        self.write = write
    }

    public func epochWillBegin() {
        epochStart = Date(); runningLoss = 0; seen = 0
    }

    public func batchDidEnd(_ batch: Int, loss: Float, context: TrainingContext) {
        if batch == 0 { epochWillBegin() }
        runningLoss += Double(loss); seen += 1
        guard live else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || batch + 1 == context.batchesPerEpoch else { return }
        lastDraw = now
        let total = context.batchesPerEpoch
        let done = batch + 1
        let width = 24
        let filled = width * done / max(total, 1)
        let bar = String(repeating: "=", count: max(filled - 1, 0)) + (filled > 0 ? ">" : "") + String(repeating: " ", count: width - filled)
        let elapsed = now.timeIntervalSince(epochStart)
        let eta = elapsed / Double(done) * Double(total - done)
        write(String(format: "\r%@ [%@] %d/%d  ETA %@  loss %.4f\u{1B}[K", epochLabel(context), bar, done, total,
                     Self.duration(eta), runningLoss / Double(max(seen, 1))))
    }

    public func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws {
        let seconds = Date().timeIntervalSince(epochStart)
        let figures = logs.keys.filter { $0 != "seconds" && $0 != "lr" }.sorted { a, b in
            (a.hasPrefix("val_") ? 1 : 0, a) < (b.hasPrefix("val_") ? 1 : 0, b)
        }.map { String(format: "%@ %.4f", $0, logs[$0]!) }
        write((live ? "\r" : "") + "\(epochLabel(context)) - \(Self.duration(seconds)) - " + figures.joined(separator: " - ") + (live ? "\u{1B}[K\n" : "\n"))
    }

    private func epochLabel(_ c: TrainingContext) -> String {
        let w = String(c.epochs).count
        let e = String(c.epoch + 1)
        return "Epoch " + String(repeating: " ", count: max(0, w - e.count)) + e + "/\(c.epochs)"
    }

    static func duration(_ s: Double) -> String {
        if s < 1 { return String(format: "%.0fms", s * 1000) }
        if s < 60 { return String(format: "%.1fs", s) }
        return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}
