import ArgumentParser
import Foundation
import GalenServe

extension Galen {
    /// `galen keys`: API keys for `galen serve`.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke API keys for galen serve.",
            discussion: """
            Keys are stored as SHA-256 hashes in the server's database (--audit-db: a SQLite file, or a
            postgres:// URL shared by several servers); a new key is printed once and cannot be shown again. Role predict may list, describe and call models; role admin may also
            read the audit trail (GET /v1/audit).

            Examples:
              galen keys create --role predict --label "ward dashboard"
              galen keys list
              galen keys revoke 3
              galen keys create --role predict --audit-db postgres://galen@db.example:5432/galen
            """,
            subcommands: [Create.self, List.self, Revoke.self]
        )

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a key and print it (once).",
                discussion: """
                Examples:
                  galen keys create --role predict
                  galen keys create --role admin --label "audit review" --json
                """)
            @Option(help: "predict or admin.") var role: APIKeyRole
            @Option(help: "Who or what uses the key.") var label: String = ""
            @OptionGroup var database: AuditDatabaseOption
            @Flag(help: "Print {id, role, label, key} as JSON.") var json = false

            func run() throws {
                let role = self.role, label = self.label
                let (key, secret) = try database.withStore { try await $0.createKey(role: role, label: label) }
                if json {
                    let out: [String: Any] = ["id": key.id, "role": key.role.rawValue, "label": key.label, "key": secret]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    FileHandle.standardError.write(Data("created key \(key.id) (role \(key.role.rawValue)); it is shown only now:\n".utf8))
                    print(secret)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List keys (never their secrets).",
                discussion: """
                Examples:
                  galen keys list
                  galen keys list --json
                """)
            @OptionGroup var database: AuditDatabaseOption
            @Flag(help: "Print JSON.") var json = false

            func run() throws {
                let keys = try database.withStore { try await $0.keys() }
                if json {
                    let e = JSONEncoder()
                    e.outputFormatting = [.sortedKeys]
                    print(String(decoding: try e.encode(keys), as: UTF8.self))
                    return
                }
                print("id\trole\tcreated\trevoked\tlabel")
                for k in keys { print("\(k.id)\t\(k.role.rawValue)\t\(k.createdAt)\t\(k.revokedAt ?? "-")\t\(k.label)") }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke a key; a running server refuses it from the next request.",
                discussion: """
                Examples:
                  galen keys revoke 3
                """)
            @Argument(help: "The key's id (see galen keys list).") var id: Int64
            @OptionGroup var database: AuditDatabaseOption

            func run() throws {
                let id = self.id
                try database.withStore { try await $0.revokeKey(id: id) }
                FileHandle.standardError.write(Data("revoked key \(id)\n".utf8))
            }
        }
    }
}

extension APIKeyRole: ExpressibleByArgument {}
