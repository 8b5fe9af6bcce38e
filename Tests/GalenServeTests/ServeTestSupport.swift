import Foundation
import GalenBundle
import GalenClinical
import GalenServe
import GalenTabular
import Hummingbird
import HummingbirdTesting
import Logging
import GalenTensor
import Testing

/// Two small bundles trained once per test run (WDBC: binary, numeric inputs; visits: binary with categorical,
/// boolean and date inputs and a patient ID column), and helpers to run a server over them on a loopback port.
enum ServeFixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The models folder (`wdbc/`, `visits/`).
    static let models: Result<URL, any Error> = Result { try makeModels() }

    static func modelsDirectory() throws -> URL { try models.get() }

    static func tempDir(_ tag: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("galen-serve-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func makeModels() throws -> URL {
        let dir = try tempDir("models")
        var wdbc = TabularTrainingOptions(dataPath: repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path, target: "diagnosis")
        wdbc.network.epochs = 5
        wdbc.network.hidden = [16]
        wdbc.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        try write(TabularTrainer.train(wdbc, verbosity: .silent), name: "wdbc", to: dir.appendingPathComponent("wdbc"))

        let csv = dir.appendingPathComponent("visits.csv")
        try visitsCSV().write(to: csv, atomically: true, encoding: .utf8)
        var visits = TabularTrainingOptions(dataPath: csv.path, target: "readmitted")
        visits.groupColumn = "patient_id"
        visits.idColumn = "patient_id"
        visits.network.epochs = 5
        visits.network.hidden = [16]
        visits.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        try write(TabularTrainer.train(visits, verbosity: .silent), name: "visits", to: dir.appendingPathComponent("visits"))
        try FileManager.default.removeItem(at: csv)
        return dir
    }

    /// A folder with a multiclass (`stage`: I/II/III) and a regression (`stay`) model on the same inputs.
    static let otherTasks: Result<URL, any Error> = Result {
        let dir = try tempDir("tasks")
        var rng = SeededGenerator(seed: 3)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var lines = ["x1,x2,group,stage,length_of_stay"]
        for _ in 0..<300 {
            let x1 = unit() * 2 - 1, x2 = unit() * 2 - 1
            let group = unit() < 0.5 ? "a" : "b"
            let stage = x1 + x2 > 0.5 ? "III" : (x1 + x2 > -0.5 ? "II" : "I")
            let stay = 3 + 2 * x1 - x2 + (group == "a" ? 1 : 0) + (unit() - 0.5) * 0.2
            lines.append(String(format: "%.4f,%.4f,%@,%@,%.3f", x1, x2, group, stage, stay))
        }
        let csv = dir.appendingPathComponent("tasks.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        for (target, name) in [("stage", "stage"), ("length_of_stay", "stay")] {
            var o = TabularTrainingOptions(dataPath: csv.path, target: target)
            o.network.epochs = 5
            o.network.hidden = [8]
            o.preprocessing.excludeColumns = [target == "stage" ? "length_of_stay" : "stage"]
            o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
            try write(TabularTrainer.train(o, verbosity: .silent), name: name, to: dir.appendingPathComponent(name))
        }
        try FileManager.default.removeItem(at: csv)
        return dir
    }

    static func write(_ r: TabularTrainingResult, name: String, to url: URL) throws {
        try ModelBundle<TabularModelContent>.write(to: url, name: name, galenVersion: "test", content: r.content,
                                                   weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline])
    }

    /// A visit table: patient IDs, age, sex, smoker (true/false), glucose, visit date, site; readmitted yes/no.
    static func visitsCSV(rows: Int = 240) -> String {
        var rng = SeededGenerator(seed: 7)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var lines = ["patient_id,age,sex,smoker,glucose,visit_date,site,readmitted"]
        for i in 0..<rows {
            let age = 30 + Int(unit() * 60), smoker = unit() < 0.3, glucose = 80 + unit() * 120
            let site = ["north", "south", "east"][Int(unit() * 3)]
            let risk = 0.04 * Double(age - 60) + 0.03 * (glucose - 140) + (smoker ? 1.5 : 0) + (unit() - 0.5) * 1.5
            let sex = unit() < 0.5 ? "female" : "male"
            let month = 1 + Int(unit() * 12)
            lines.append("P\(1000 + i / 2),\(age),\(sex),\(smoker),\(String(format: "%.1f", glucose)),2025-\(String(format: "%02d", month))-15,\(site),\(risk > 0 ? "yes" : "no")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One valid WDBC record (the first row of the data file, without its target and ID).
    static func wdbcRecord() throws -> [String: Any] {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init), row = lines[1].split(separator: ",").map(String.init)
        var record: [String: Any] = [:]
        for (h, v) in zip(header, row) where h != "diagnosis" {
            if let x = Double(v) { record[h] = x } else { record[h] = v }
        }
        return record
    }

    static let visitRecord: [String: Any] = ["patient_id": "Z1", "age": 70, "sex": "female", "smoker": true, "glucose": 150.5,
                                             "visit_date": "2025-03-01", "site": "north"]
}

/// A running test server: its parts, a predict key and an admin key.
struct ServeHarness {
    let server: GalenServer
    let store: SQLiteServeStore
    let predictKey: String
    let adminKey: String

    init(server: GalenServer, store: SQLiteServeStore, predictKey: String, adminKey: String) {
        self.server = server
        self.store = store
        self.predictKey = predictKey
        self.adminKey = adminKey
    }

    init(configuration: ServerConfiguration = ServerConfiguration()) throws {
        let db = try ServeFixture.tempDir("db").appendingPathComponent("galen.sqlite")
        store = try SQLiteServeStore(path: db.path)
        predictKey = try store.createKey(role: .predict, label: "test predict").secret
        adminKey = try store.createKey(role: .admin, label: "test admin").secret
        let registry = try ModelRegistry(directory: try ServeFixture.modelsDirectory())
        server = GalenServer(registry: registry, keys: store, audit: store, configuration: configuration)
    }

    /// Runs `body` against the server listening on a loopback port, through AsyncHTTPClient.
    func run(https: Bool = false, _ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        var logger = Logger(label: "galen.serve.test")
        logger.logLevel = .warning
        let app = try server.makeApplication(logger: logger)
        let predictKey = self.predictKey, adminKey = self.adminKey
        try await app.test(.ahc(https ? .https : .http)) { client in
            try await body(Client(send: { uri, method, headers, body in
                try await client.execute(uri: uri, method: method, headers: headers, body: body)
            }, predictKey: predictKey, adminKey: adminKey))
        }
    }

    /// Calls the server.
    struct Client: Sendable {
        let send: @Sendable (String, HTTPRequest.Method, HTTPFields, ByteBuffer?) async throws -> TestResponse
        let predictKey: String
        let adminKey: String

        /// Sends a request; `key` nil sends no Authorization header; `json` is serialised; `raw` is sent as is.
        func call(_ method: HTTPRequest.Method, _ uri: String, key: String? = nil, json: Any? = nil, raw: Data? = nil,
                  contentType: String? = "application/json") async throws -> Reply {
            var headers = HTTPFields()
            if let key { headers[.authorization] = "Bearer \(key)" }
            var bytes: Data? = raw
            if let json { bytes = try JSONSerialization.data(withJSONObject: json) }
            if bytes != nil, let contentType { headers[.contentType] = contentType }
            let response = try await send(uri, method, headers, bytes.map { ByteBuffer(bytes: $0) })
            return Reply(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }

    /// A response: status, headers, body and the body as JSON.
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPFields
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        /// The error's field and message of a JSON error answer.
        var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
        var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
    }
}

/// Runs `jobs` concurrently with at most `limit` in flight (AsyncHTTPClient's default pool holds 8 connections per
/// host: more requests at once would queue in the client, and on a loaded machine a queued request can outwait the
/// client's connection timeout, which would test the client rather than the server). Returns the results in
/// completion order.
func inFlight(_ jobs: [@Sendable () async throws -> Int], limit: Int = 8) async throws -> [Int] {
    try await withThrowingTaskGroup(of: Int.self) { group in
        var next = 0, results: [Int] = []
        while next < min(limit, jobs.count) { group.addTask(operation: jobs[next]); next += 1 }
        for try await r in group {
            results.append(r)
            if next < jobs.count { group.addTask(operation: jobs[next]); next += 1 }
        }
        return results
    }
}
