import Foundation

/// Group commit for the audit trail: concurrent ``AuditStore/append(_:)`` calls share one database commit (one
/// fsync for SQLite, one `COMMIT` for PostgreSQL) instead of paying one each.
///
/// How it works: the first record to arrive while no commit is running starts one at once, holding just that
/// record (no artificial wait, so a lone request pays one commit, as before). Records that arrive while a commit
/// is running queue up; when it finishes, the next commit takes every queued record, at most ``maxBatch`` of them.
/// So a record waits for at most the commit in flight plus its own (and, under extreme load, the batches ahead
/// of it in the queue, each at most ``maxBatch`` records).
///
/// Durability is unchanged: `append` returns only after the commit holding its record has succeeded, so the
/// server answers a request only once its audit record is durable. If a commit fails, every record in it fails
/// (its request is answered 500, no prediction).
public final class AuditGroupCommit: @unchecked Sendable {
    /// Writes one batch in one transaction; returns only once it is durable.
    public typealias Commit = @Sendable ([AuditRecord]) async throws -> Void

    /// Most records in one commit.
    public let maxBatch: Int
    private let commit: Commit
    private let lock = NSLock()
    private var pending: [(record: AuditRecord, done: CheckedContinuation<Void, Error>)] = []
    private var writing = false
    private var batches = 0
    private var committed = 0

    /// A group commit writing through `commit`, at most `maxBatch` records per commit (at least 1).
    public init(maxBatch: Int = 512, commit: @escaping Commit) {
        self.maxBatch = max(1, maxBatch)
        self.commit = commit
    }

    /// Queues `record` and returns once the commit holding it has succeeded.
    /// - Throws: the commit's error when the batch holding the record could not be written.
    public func append(_ record: AuditRecord) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            lock.lock()
            pending.append((record, done))
            let start = !writing
            if start { writing = true }
            lock.unlock()
            if start { Task { await drain() } }
        }
    }

    /// Commits so far and the records they held (for tests and diagnostics).
    public var statistics: (commits: Int, records: Int) {
        lock.withLock { (batches, committed) }
    }

    /// Commits queued records, batch after batch, until the queue is empty.
    private func drain() async {
        while let batch = nextBatch() {
            do {
                try await commit(batch.map(\.record))
                lock.withLock {
                    batches += 1
                    committed += batch.count
                }
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }

    /// Takes up to ``maxBatch`` queued records; nil (and the writer stops) when none are queued.
    private func nextBatch() -> [(record: AuditRecord, done: CheckedContinuation<Void, Error>)]? {
        lock.withLock {
            guard !pending.isEmpty else {
                writing = false
                return nil
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            return batch
        }
    }
}
