import Foundation
import GalenData
@testable import GalenServe
import Testing

/// The fast JSON parser and writer give what Foundation's JSONDecoder/JSONEncoder give, or defer to them.
@Suite struct FastJSONTests {
    static func decoded(_ text: String) -> JSONValue? {
        let d = JSONDecoder()
        d.allowsJSON5 = true
        return try? d.decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func parsesPlainJSONAsJSONDecoderDoes() throws {
        let documents = [
            #"{"records": [{"mean radius": 17.99, "age": 63, "smoker": true, "site": "north", "note": null}]}"#,
            #" { "a" : [ 1 , -2 , 3.25 , -0.0 , 1e3 , 1E-3 , 2.5e+2 , 0 , 12345678901234567890 , 0.1 ] , "b" : { } , "c" : [ ] } "#,
            #"{"s": "quote \" backslash \\ slash \/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 é 日本", "t": ""}"#,
            #"[[[[]]], {"x": {"y": {"z": [false, true, null]}}}]"#,
            #""just a string""#, "42", "-7.5e-300", "true", "null",
        ]
        for text in documents {
            let fast = try #require(JSONParser.parse(Data(text.utf8)), "\(text)")
            #expect(fast == Self.decoded(text), "\(text)")
        }
    }

    @Test func readsNumbersToTheSameDouble() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &rng) ? 1 : -1)
            // (Long fixed-point forms are left out: Foundation's JSON5 scanner traps on some of them.)
            for text in [x.description, String(format: "%.17g", x), String(format: "%.6e", x)] where Double(text)?.isFinite == true {
                let reference = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
                #expect(JSONParser.parse(Data(text.utf8)) == reference, "\(text)")
            }
        }
    }

    @Test func acceptsNaNAndInfinityLiterals() throws {
        let value = try #require(JSONParser.parse(Data(#"{"a": NaN, "b": Infinity, "c": -Infinity}"#.utf8)))
        guard case .object(let o) = value, case .number(let a) = o["a"], case .number(let b) = o["b"], case .number(let c) = o["c"] else {
            Issue.record("not an object of numbers"); return
        }
        #expect(a.isNaN && b == .infinity && c == -.infinity)
    }

    /// Anything outside plain JSON is left to JSONDecoder (so JSON5 bodies are still accepted, errors unchanged).
    @Test func leavesEverythingElseToTheFallback() throws {
        let others = [#"{"a": 1,}"#, #"{a: 1}"#, #"{'a': 1}"#, #"{"a": 01}"#, #"{"a": .5}"#, #"{"a": +1}"#, #"{"a": 1.}"#, #"{"a": 0x10}"#,
                      #"{"a": 1e400}"#, #"{"a": 1} x"#, #"{"a": 1 // c"#, "{\"a\": \"tab\there\"}", #"{"a": "\x"}"#, #""\ud800""#,
                      #"{"a": 1, "a": 2}"#, #"{"a" 1}"#, "", "   ", "[1, 2", #"{"a": tru}"#, "-", "nul", "NaNa"]
        for text in others { #expect(JSONParser.parse(Data(text.utf8)) == nil, "\(text)") }
        #expect(JSONParser.parse(Data((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)) == nil)
        // Through JSONBody the JSON5 forms still parse, and malformed text is still a 400.
        #expect(try JSONBody.parse(Data(#"{"a": 1,}"#.utf8), contentType: "application/json") == .object(["a": .number(1)]))
        #expect(throws: APIError.self) { try JSONBody.parse(Data(#"{"a": 1"#.utf8), contentType: "application/json") }
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONResponse.encoder().encode(value), as: UTF8.self)
    }

    static let awkwardIDs: [JSONValue?] = [
        nil, .null, .bool(true), .number(0), .number(-0.0), .number(1), .number(0.1), .number(1e-7), .number(1e21), .number(123456789012),
        .number(-2.5e-5), .number(.nan), .number(.infinity), .number(-.infinity),
        .string("P-001"), .string("a/b \"q\" \\ \u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f} é 日本 😀 \u{2028}"),
        .array([.number(1), .string("x"), .null, .array([])]), .object(["z": .number(1), "a": .object(["b": .bool(false)]), "10": .null, "9": .null, "B": .null]),
    ]

    @Test func writesPredictionsAsJSONEncoderDoes() throws {
        var predictions: [Prediction] = []
        for (i, id) in Self.awkwardIDs.enumerated() {
            predictions.append(Prediction(id: id, label: "M", probabilities: ["M": 0.999877, "B": 0.000123], value: nil))
            predictions.append(Prediction(id: id, label: "class \(i) \"x\"", probabilities: ["b": 0.25, "B": 0.5, "10": 0.125, "9": 0.125, "é": 0, "a/c": 1e-6], value: nil))
            predictions.append(Prediction(id: id, label: nil, probabilities: nil, value: [0, -1.5, 1e16, 3.14159265358979, .nan, 1e-5][i % 6]))
        }
        var w = JSONWriter()
        w.predictions(predictions)
        #expect(String(decoding: w.bytes, as: UTF8.self) == (try Self.encoded(predictions)))
        var empty = JSONWriter()
        empty.predictions([])
        #expect(String(decoding: empty.bytes, as: UTF8.self) == (try Self.encoded([Prediction]())))
        for id in Self.awkwardIDs.compactMap({ $0 }) {
            var one = JSONWriter()
            one.value(id)
            #expect(String(decoding: one.bytes, as: UTF8.self) == (try Self.encoded(id)), "\(id)")
        }
    }

    @Test func writesAnswersAsJSONEncoderDoes() throws {
        let predictions = [Prediction(id: .string("r1"), label: "M", probabilities: ["B": 0.1, "M": 0.9], value: nil)]
        let warning = DataWarning(kind: .unseenCategory, column: "site", row: 2, message: "a value not seen in training")
        for warnings in [[], [warning]] {
            let answer = PredictionService.Answer(model: "wdbc \"x\"", version: "20261123T094512Z-3f2a9c0b1d4e", bundleSHA256: String(repeating: "ab", count: 32),
                                                  requestID: "req/1", predictions: predictions, warnings: warnings)
            #expect(String(decoding: try answer.json(), as: UTF8.self) == (try Self.encoded(answer)))
        }
        let mlflow = PredictionService.MLflowAnswer(predictions: predictions)
        #expect(String(decoding: mlflow.json(), as: UTF8.self) == (try Self.encoded(mlflow)))
    }
}
