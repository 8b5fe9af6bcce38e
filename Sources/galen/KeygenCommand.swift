import ArgumentParser
import Foundation
import GalenPrivacy

extension Galen {
    /// `galen keygen`: a new random encryption key in a file only its owner can read.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a random 256-bit encryption key file (mode 0600).",
            discussion: """
            Writes 32 random bytes from the system's secure generator as base64 text. Keep the key apart
            from the data it protects: whoever has both can read the data, and without the key the data
            cannot be recovered. The same text works in the GALEN_KEY environment variable.

            Examples:
              galen keygen --out ~/.galen/site.key
              GALEN_KEY=$(cat ~/.galen/site.key) galen decrypt data.csv.enc --out data.csv
            """
        )

        @Option(help: "Key file to create.") var out: String
        @Flag(help: "Replace an existing key file (data encrypted with the old key can then no longer be read with it).")
        var force = false
        @Flag(help: "Print a JSON summary.") var json = false

        func run() throws {
            if FileManager.default.fileExists(atPath: out) && !force {
                throw CLIError.usage("\(out) exists; refusing to replace a key (use --force if you are sure)")
            }
            let url = URL(fileURLWithPath: out)
            let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
            let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw CLIError.data("cannot create \(out): \(String(cString: strerror(errno)))") }
            let text = Array(EncryptionKey.generate().keyFileText.utf8)
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            close(fd)
            guard written == text.count, synced, rename(temp, out) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temp)
                throw CLIError.data("cannot write \(out): \(reason)")
            }
            if json {
                print("{\"keyFile\": \"\(out)\", \"bits\": 256, \"mode\": \"0600\"}")
            } else {
                print("Wrote a 256-bit key to \(out) (readable by you only). Keep it apart from the data it protects.")
            }
        }
    }
}
