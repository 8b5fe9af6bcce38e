// Scanner-only benchmark: scans every note of a corpus.jsonl REPS times and prints the time (see scan.sh).
import Foundation
// The word lists are read from the GalenPrivacy source folder given in GALEN_PRIVACY_SOURCES.
extension Bundle { static let module = Bundle(path: ProcessInfo.processInfo.environment["GALEN_PRIVACY_SOURCES"]!)! }
let path = CommandLine.arguments[1]
var notes: [String] = []
for line in String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).split(separator: "\n") {
    let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    notes.append(o["text"] as! String)
}
let scanner = PHIScanner()
_ = scanner.scan("warm up Dr. Smith")
let t0 = Date()
var total = 0
let reps = Int(CommandLine.arguments[2])!
for _ in 0..<reps { for n in notes { total += scanner.scan(n).count } }
print(String(format: "%.3f s for %d scans, %d spans", Date().timeIntervalSince(t0), notes.count * reps, total))
