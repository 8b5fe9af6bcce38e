import Foundation
import GalenServe
import Testing

/// HTTPS from a PEM certificate and key (made with the openssl command in a temporary folder).
@Suite struct TLSTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: openssl != nil, "needs the openssl command to make a test certificate"))
    func servesHTTPSWithACertificateAndKey() async throws {
        let dir = try ServeFixture.tempDir("tls")
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.openssl!)
        p.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)

        var config = ServerConfiguration()
        config.tlsCertificatePath = cert
        config.tlsKeyPath = key
        let h = try ServeHarness(configuration: config)
        try await h.run(https: true) { (c: ServeHarness.Client) async throws in
            #expect(try await c.call(.get, "/health").status == 200)
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [try ServeFixture.wdbcRecord()]]).status == 200)
        }

        var onlyCert = ServerConfiguration()
        onlyCert.tlsCertificatePath = cert
        #expect(throws: ServeError.self) { try ServeHarness(configuration: onlyCert).server.makeApplication() }
        var badKey = config
        badKey.tlsKeyPath = cert
        #expect(throws: ServeError.self) { try ServeHarness(configuration: badKey).server.makeApplication() }
    }
}
