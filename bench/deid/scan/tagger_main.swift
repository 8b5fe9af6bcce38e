// Scanner-only benchmark of the name tagger (see tagger.sh): scans every text of a JSON-lines file REPS times,
// with the rules alone (MODE = rules) or with rules and the shipped tagger (MODE = tagger), and prints the time.
import Foundation
// The word lists and weights are read from the GalenPrivacy source folder given in GALEN_PRIVACY_SOURCES.
extension Bundle { static let module = Bundle(path: ProcessInfo.processInfo.environment["GALEN_PRIVACY_SOURCES"]!)! }
let path = CommandLine.arguments[1]
var notes: [String] = []
for line in String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).split(separator: "\n") {
    let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    notes.append(o["text"] as! String)
}
let reps = Int(CommandLine.arguments[2])!
let withTagger = CommandLine.arguments[3] == "tagger"
let scanner = withTagger ? PHIScanner(tagger: try! NameTagger.bundled.get()) : PHIScanner(tagger: nil)
_ = scanner.scan("warm up Dr. Smith in Boston")
let t0 = Date()
var total = 0
for _ in 0..<reps { for n in notes { total += scanner.scan(n).count } }
print("\(withTagger ? "tagger" : "rules"): " + String(format: "%.3f s for %d scans, %d spans", Date().timeIntervalSince(t0),
                                                          notes.count * reps, total))
