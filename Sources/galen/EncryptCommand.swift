import ArgumentParser
import Foundation
import GalenPrivacy

extension Galen {
    /// `galen encrypt`: any file into a Galen encrypted file.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt a file (AES-256-GCM in authenticated chunks) for storage at rest.",
            discussion: """
            Streams the file through AES-256-GCM in 64 KiB chunks, so files of any size need little
            memory. Each file gets a random salt and its own key derived with HKDF-SHA256; chunk order
            and the end of the file are authenticated, so any change, truncation or reordering is
            detected on decryption. The output appears only when complete (mode 0600).

            `galen train`, `evaluate` and `predict` read encrypted CSVs directly when given the key.

            Examples:
              galen keygen --out site.key
              galen encrypt patients.csv --out patients.csv.enc --key-file site.key
              GALEN_KEY=$(cat site.key) galen encrypt notes.txt --out notes.txt.enc --json
            """
        )

        @Argument(help: "File to encrypt.") var input: String
        @Option(help: "Encrypted output file (default: INPUT.enc).") var out: String?
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print a JSON summary.") var json = false

        func run() throws {
            let k = try key.require(for: "galen encrypt")
            let output = out ?? input + ".enc"
            guard URL(fileURLWithPath: output).standardized.path != URL(fileURLWithPath: input).standardized.path else {
                throw CLIError.usage("--out must differ from the input file")
            }
            let bytes = try EncryptedFile.encrypt(input: input, output: output, key: k)
            if json {
                print("{\"input\": \(jsonQuoted(input)), \"output\": \(jsonQuoted(output)), \"bytes\": \(bytes)}")
            } else {
                print("Encrypted \(bytes) bytes into \(output)")
            }
        }
    }

    /// `galen decrypt`: a Galen encrypted file back to its plaintext.
    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt a file written by `galen encrypt`, checking that it is complete and unmodified.",
            discussion: """
            Authenticates every chunk and the end of the file. A modified, truncated or reordered file, or
            a wrong key, fails with an error naming the chunk, and nothing is written: the output appears
            only after the whole file has been authenticated, and an existing output is left untouched.

            Examples:
              galen decrypt patients.csv.enc --out patients.csv --key-file site.key
              GALEN_KEY=$(cat site.key) galen decrypt patients.csv.enc --out patients.csv --json
            """
        )

        @Argument(help: "Encrypted file.") var input: String
        @Option(help: "Output file (default: INPUT without .enc).") var out: String?
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print a JSON summary.") var json = false

        func run() throws {
            let output: String
            if let out { output = out } else if input.hasSuffix(".enc") { output = String(input.dropLast(4)) } else {
                throw CLIError.usage("pass --out: the input name does not end in .enc")
            }
            guard URL(fileURLWithPath: output).standardized.path != URL(fileURLWithPath: input).standardized.path else {
                throw CLIError.usage("--out must differ from the input file")
            }
            let k = try key.require(for: "galen decrypt")
            let bytes = try EncryptedFile.decrypt(input: input, output: output, key: k)
            if json {
                print("{\"input\": \(jsonQuoted(input)), \"output\": \(jsonQuoted(output)), \"bytes\": \(bytes)}")
            } else {
                print("Decrypted \(bytes) bytes into \(output)")
            }
        }
    }
}

/// `s` as a JSON string literal.
func jsonQuoted(_ s: String) -> String {
    String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
}
