// CSV reading benchmark (not a test): generates a CSV of ROWS rows × COLS numeric columns (default 1,000,000 × 20)
// once, then times `CSVReader.read` (whole file into typed columns) and `CSVBatchReader` (streaming in batches).
//
//   swift run -c release galen-csv-bench [rows] [cols] [path] [--mixed] [--stream-only]
//
// --stream-only times only the streaming reader (to measure its memory, e.g. with /usr/bin/time -v).
// --json prints only the bench/run.sh lines ({"name", "unit", "value"}) for `make bench BENCH=csv`.
// --mixed also times a clinical-style file (numeric with missing values, categorical, boolean, date, IDs) through
// read, schema report, target preparation, split, preprocessing fit and transform.
// The file is written to /tmp/galen-csv-bench-<rows>x<cols>.csv unless a path is given, and reused when present.
import Foundation
import GalenData
import GalenTensor

let args = CommandLine.arguments
let positional = Array(args.dropFirst().filter { !$0.hasPrefix("--") })
let rows = positional.count > 0 ? Int(positional[0]) ?? 1_000_000 : 1_000_000
let cols = positional.count > 1 ? Int(positional[1]) ?? 20 : 20
let path = positional.count > 2 ? positional[2] : "/tmp/galen-csv-bench-\(rows)x\(cols).csv"

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

if !FileManager.default.fileExists(atPath: path) {
    let t0 = now()
    var rng = SeededGenerator(seed: 42)
    guard let out = fopen(path + ".tmp", "w") else { fatalError("cannot write \(path)") }
    var header = (0..<cols).map { "feature_\($0)" }.joined(separator: ",")
    header += "\n"
    fputs(header, out)
    var line = ""
    line.reserveCapacity(cols * 16)
    for _ in 0..<rows {
        line.removeAll(keepingCapacity: true)
        for c in 0..<cols {
            if c > 0 { line += "," }
            // Mixed magnitudes and precisions, like lab values: 12.3456, 0.004512, 1534.2, -3.75
            let u = rng.nextUnitFloat()
            switch c % 4 {
            case 0: line += String(format: "%.4f", Double(u) * 30)
            case 1: line += String(format: "%.6f", Double(u) * 0.01)
            case 2: line += String(format: "%.1f", Double(u) * 2500)
            default: line += String(format: "%.2f", Double(rng.nextNormal()) * 5)
            }
        }
        line += "\n"
        fputs(line, out)
    }
    fclose(out)
    rename(path + ".tmp", path)
    print(String(format: "generated %@ in %.1f s", path, now() - t0))
}

let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let jsonLines = args.contains("--json")
func say(_ s: String) { if !jsonLines { print(s) } }
say("file: \(path), \(size / 1_000_000) MB, \(rows) rows × \(cols) columns")

let streamOnly = args.contains("--stream-only")
var best = Double.infinity
for run in 1...3 where !streamOnly {
    let t0 = now()
    let table = try CSVReader.read(path: path)
    let dt = now() - t0
    best = min(best, dt)
    precondition(table.rowCount == rows && table.columnCount == cols)
    precondition(table.columns.allSatisfy { $0.type == .numeric })
    say(String(format: "CSVReader.read run %d: %.3f s (%.0f MB/s)", run, dt, Double(size) / 1e6 / dt))
}
if !streamOnly { say(String(format: "best whole-file read: %.3f s for %d rows × %d columns", best, rows, cols)) }

let t1 = now()
let reader = try CSVBatchReader(path: path)
var streamed = 0
while let batch = try reader.next(maxRows: 65_536) { streamed += batch.rowCount }
precondition(streamed == rows)
let streamSeconds = now() - t1
say(String(format: "CSVBatchReader (65,536-row batches): %.3f s", streamSeconds))
if jsonLines {
    print("{\"name\": \"csv read \(rows)x\(cols) numeric (whole file, best of 3)\", \"unit\": \"rows/s\", \"value\": \(Double(rows) / best)}")
    print("{\"name\": \"csv read \(rows)x\(cols) numeric (streamed batches)\", \"unit\": \"rows/s\", \"value\": \(Double(rows) / streamSeconds)}")
}

// A mixed clinical-style file: numeric with missing values, categorical, boolean, date and an ID column,
// timed through read, schema report, preprocessing fit and transform.
if args.contains("--mixed") || ProcessInfo.processInfo.environment["GALEN_BENCH_MIXED"] != nil {
    let mixedPath = "/tmp/galen-csv-bench-mixed-\(rows).csv"
    if !FileManager.default.fileExists(atPath: mixedPath) {
        var rng = SeededGenerator(seed: 7)
        guard let out = fopen(mixedPath + ".tmp", "w") else { fatalError("cannot write \(mixedPath)") }
        fputs("patient_id,age,sex,smoker,admitted,bmi,stage,glucose,cholesterol,site,outcome\n", out)
        let stages = ["I", "II", "III", "IV"], sites = ["north", "south", "east", "west", "central"]
        for i in 0..<rows {
            let age = 20 + Int(rng.next() % 70)
            let bmi = rng.next() % 20 == 0 ? "NA" : String(format: "%.1f", 18 + Double(rng.nextUnitFloat()) * 20)
            let day = 1 + Int(rng.next() % 28), month = 1 + Int(rng.next() % 12)
            let line = "P\(i / 3),\(age),\(rng.next() % 2 == 0 ? "F" : "M"),\(rng.next() % 3 == 0 ? "yes" : "no"),"
                + String(format: "2023-%02d-%02d", month, day) + ",\(bmi),\(stages[Int(rng.next() % 4)]),"
                + String(format: "%.2f,%.1f", 4 + Double(rng.nextUnitFloat()) * 6, 150 + Double(rng.nextNormal()) * 30)
                + ",\(sites[Int(rng.next() % 5)]),\(rng.next() % 4 == 0 ? "disease" : "healthy")\n"
            fputs(line, out)
        }
        fclose(out)
        rename(mixedPath + ".tmp", mixedPath)
    }
    var t0 = now()
    let table = try CSVReader.read(path: mixedPath)
    print(String(format: "mixed: read %d rows × %d columns in %.3f s (%@)", table.rowCount, table.columnCount, now() - t0,
                 table.columns.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: " ")))
    t0 = now()
    _ = try SchemaReport.make(table, target: "outcome")
    print(String(format: "mixed: schema report %.3f s", now() - t0))
    t0 = now()
    let prepared = try PreparedDataset.prepare(table, target: "outcome")
    print(String(format: "mixed: prepare (target, duplicates) %.3f s", now() - t0))
    t0 = now()
    let split = try Splits.trainValidationTest(count: prepared.table.rowCount, strata: prepared.classIndices,
                                               validation: 0.1, test: 0.2, seed: 42)
    print(String(format: "mixed: stratified split %.3f s", now() - t0))
    t0 = now()
    let train = prepared.table.selecting(rows: split.train)
    let pipeline = try Preprocessor.fit(train, target: "outcome")
    print(String(format: "mixed: fit %.3f s (%d features)", now() - t0, pipeline.featureCount))
    t0 = now()
    let x = try pipeline.transform(prepared.table)
    print(String(format: "mixed: transform %.3f s -> %@", now() - t0, x.features.shape.description))
}
