import Foundation
import OutreachCore
import OutreachFormats
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A worker's journal on this machine's disk: `<database>-outbox/<owner>.journal`, written with `write(2)` and
/// locked with `flock(2)` for as long as the worker's process lives, so a journal nobody holds is one whose worker
/// died. See ``OutboxJournal`` for what goes into it.
///
/// - The worker appends records on its sending loop; ``fold(at:)`` applies the records not yet folded in one
///   transaction that also records, in `outbox_journals`, the number of the last record folded: a record is never
///   applied twice, whoever folds it.
/// - A process claiming notices whose leases expired first folds every journal left without its worker
///   (``SQLiteStore/foldAbandonedJournals(into:)``), in the claim's transaction, then claims: a notice whose "sent" is in
///   such a journal is not sent again.
/// - ``close(at:)`` folds the rest and removes the file; a worker that exits without closing leaves it to the next
///   claim.
final class SQLiteOutboxJournal: OutboxJournal {
    private let store: SQLiteStore
    private let owner: String
    /// The file's name (its row in `outbox_journals`).
    let name: String
    private let path: String
    private let folder: String
    private let descriptor: Int32
    private let state = Mutex(State())

    private struct State {
        var next: Int64 = 1
        var pending: [(number: Int64, record: OutboxJournalRecord)] = []
        var closed = false
    }

    /// Creates the journal, locked, under a temporary name it is then renamed from, so no other process ever
    /// sees it unlocked.
    init(store: SQLiteStore, owner: String, folder: String) throws {
        self.store = store
        self.owner = owner
        name = Self.fileName(owner: owner)
        path = folder + "/" + name
        self.folder = folder
        var attempt = 0
        while true {
            attempt += 1
            if mkdir(folder, 0o755) != 0, errno != EEXIST { throw Self.failure("mkdir", folder) }
            let temporary = folder + "/." + name + ".new"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == ENOENT, attempt < 3 { continue }  // the folder was removed meanwhile
                throw Self.failure("open", temporary)
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0, FileWrites.writeAll(OutboxJournalText.header(owner: owner), to: fd) == 0 else {
                Glibc.close(fd)
                unlink(temporary)
                throw Self.failure("write", temporary)
            }
            if rename(temporary, path) != 0 {
                let code = errno
                Glibc.close(fd)
                unlink(temporary)
                if code == ENOENT, attempt < 3 { continue }
                throw Self.failure("rename", path)
            }
            descriptor = fd
            return
        }
    }

    deinit {
        // Not closed: the file stays, unlocked, for the next claim to fold.
        if !state.withLock({ $0.closed }) { Glibc.close(descriptor) }
    }

    /// The owner's name with every byte outside `[A-Za-z0-9_-]` written as `%XX`.
    static func fileName(owner: String) -> String {
        var bytes: [UInt8] = []
        for byte in owner.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                bytes.append(byte)
            default:
                bytes.append(contentsOf: Array(String(format: "%%%02X", byte).utf8))
            }
        }
        return String(decoding: bytes, as: UTF8.self) + ".journal"
    }

    func append(_ records: [OutboxJournalRecord]) throws {
        guard !records.isEmpty else { return }
        try state.withLock { state in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(records.count * 96)
            var number = state.next
            for record in records {
                OutboxJournalText.append(record, number: number, to: &bytes)
                number += 1
            }
            guard FileWrites.writeAll(bytes, to: descriptor) == 0 else { throw Self.failure("write", path) }
            for record in records {
                state.pending.append((state.next, record))
                state.next += 1
            }
        }
    }

    var unfolded: Int { state.withLock { $0.pending.count } }

    func fold(at now: Date) async throws -> [BotIdentity: Date] {
        let records = state.withLock { $0.pending }
        let pauses = try await store.foldJournal(name: name, owner: owner, records: records, at: now)
        if let last = records.last?.number {
            state.withLock { state in
                let folded = state.pending.prefix { $0.number <= last }.count
                state.pending.removeFirst(folded)
            }
        }
        return pauses
    }

    func close(at now: Date) async throws {
        guard !state.withLock({ $0.closed }) else { return }
        _ = try await fold(at: now)
        state.withLock { $0.closed = true }
        // Folded to the end: the file goes first, then its row (a row left by a crash in between is never read).
        unlink(path)
        Glibc.close(descriptor)
        rmdir(folder)  // when no other worker's journal is in it (a worker creating one meanwhile makes it again)
        try await store.forgetJournal(name: name)
    }


    static func failure(_ call: String, _ path: String) -> StoreError {
        StoreError.database("\(call) \(path): \(String(cString: strerror(errno)))")
    }
}

/// A part of a delivery, for matching a journal's "sent" with its start.
struct JournalPart: Hashable, Sendable {
    var delivery: Int64
    var part: Int
}

extension SQLiteStore {
    public nonisolated func openJournal(owner: String) throws -> (any OutboxJournal)? {
        guard let folder = journalFolder else { return nil }
        return try SQLiteOutboxJournal(store: self, owner: owner, folder: folder)
    }

    /// Applies the journal's records not folded before, in one transaction.
    /// - Returns: The bots paused now.
    func foldJournal(
        name: String, owner: String, records: [(number: Int64, record: OutboxJournalRecord)], at now: Date
    ) throws -> [BotIdentity: Date] {
        let nowMS = Self.milliseconds(now)
        var open = journalAttempts[name] ?? [:]
        let paused = try connection.transaction {
            try applyJournal(name: name, owner: owner, records: records, renewingLeases: true, open: &open)
            let pauses = try connection.statement("SELECT bot, paused_until FROM bot_pauses WHERE paused_until > ?")
            pauses.bind(1, nowMS)
            var paused: [BotIdentity: Date] = [:]
            while try pauses.step() { paused[BotIdentity(rawValue: pauses.text(0))] = Self.date(Int64(pauses.int(1))) }
            return paused
        }
        journalAttempts[name] = open  // only once committed
        return paused
    }

    func forgetJournal(name: String) throws {
        journalAttempts[name] = nil
        let statement = try connection.statement("DELETE FROM outbox_journals WHERE name = ?")
        statement.bind(1, name as String?)
        try statement.run()
    }

    /// Applies, inside the caller's transaction, the records numbered past what `outbox_journals` says was folded,
    /// as `apply` writes a plain start and a finish that ends a delivery as sent, each at its own time; then
    /// records how far the journal is folded. A start renews the lease only for a live worker's journal: a dead
    /// one's leases stay as they are (expired, for the claim folding it).
    ///
    /// A start whose part arrived in the same records is written as both at once: one change of the delivery and
    /// one finished log row. `open` holds the log rows of started attempts whose outcome is still to come, by
    /// delivery and part (rows not in it are looked up).
    private func applyJournal(
        name: String, owner: String, records: [(number: Int64, record: OutboxJournalRecord)], renewingLeases: Bool,
        open: inout [JournalPart: Int64]
    ) throws {
        guard let last = records.last?.number else { return }
        let position = try connection.statement("SELECT folded FROM outbox_journals WHERE name = ?")
        position.bind(1, name as String?)
        let folded = try position.step() ? Int64(position.int(0)) : 0
        position.reset()
        guard last > folded else { return }
        let renew = try connection.statement(
            """
            UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?1),
            lease_expires_at = CASE WHEN ?5 THEN ?2 ELSE lease_expires_at END, updated_at = ?1
            WHERE id = ?3 AND state = 'in_flight' AND lease_owner = ?4
            """)
        let log = try connection.statement(
            "INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at) VALUES (?, ?, ?, ?, ?, ?)")
        let startedAndSent = try connection.statement(
            """
            UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?1), state = 'sent',
            parts_sent = ?2, failures = 0, last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?3
            WHERE id = ?4 AND state = 'in_flight' AND lease_owner = ?5
            """)
        let finishedLog = try connection.statement(
            """
            INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at, finished_at, outcome,
            http_status, message, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let lookup = try connection.statement(
            "SELECT id FROM delivery_log WHERE delivery_id = ? AND part = ? AND outcome IS NULL ORDER BY id DESC LIMIT 1")
        let outcome = try connection.statement(
            """
            UPDATE delivery_log SET finished_at = ?, outcome = ?, http_status = ?, platform_code = NULL, message = ?,
            latency_ms = ? WHERE id = ?
            """)
        let sent = try connection.statement(
            """
            UPDATE outbox SET state = 'sent', parts_sent = ?1, failures = 0, last_error = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?2 WHERE id = ?3 AND state = 'in_flight' AND lease_owner = ?4
            """)
        let sentOutcome = AttemptReport.Outcome.sent.rawValue
        /// A log row's first six columns: delivery, part, part count, target, bot, start.
        func bindStartedAttempt(_ statement: SQLiteStatement, _ id: Int64, _ start: OutboxJournalRecord.Start) {
            statement.bind(1, id)
            statement.bind(2, start.part as Int?)
            statement.bind(3, start.partCount as Int?)
            statement.bind(4, start.target as String?)
            statement.bind(5, start.bot.rawValue as String?)
            statement.bind(6, start.at)
        }
        // The parts that arrived, among these records, by delivery and part.
        var arrivals: [JournalPart: OutboxJournalRecord.Sent] = [:]
        for (number, record) in records where number > folded {
            if case .sent(let arrived) = record { arrivals[JournalPart(delivery: Int64(arrived.delivery.rawValue) ?? 0, part: arrived.part)] = arrived }
        }
        var written = Set<JournalPart>()
        for (number, record) in records where number > folded {
            switch record {
            case .start(let start):
                let id = Int64(start.delivery.rawValue) ?? 0
                let key = JournalPart(delivery: id, part: start.part)
                if let arrived = arrivals[key] {
                    written.insert(key)
                    startedAndSent.reset()
                    startedAndSent.bind(1, start.at)
                    startedAndSent.bind(2, start.part as Int?)
                    startedAndSent.bind(3, arrived.at)
                    startedAndSent.bind(4, id)
                    startedAndSent.bind(5, owner as String?)
                    try startedAndSent.run()
                    guard connection.changes > 0 else { continue }  // no longer this worker's
                    finishedLog.reset()
                    bindStartedAttempt(finishedLog, id, start)
                    finishedLog.bind(7, arrived.at)
                    finishedLog.bind(8, sentOutcome as String?)
                    finishedLog.bind(9, arrived.httpStatus)
                    finishedLog.bind(10, OutboxJournalRecord.sentMessage as String?)
                    finishedLog.bind(11, arrived.latencyMilliseconds)
                    try finishedLog.run()
                    continue
                }
                renew.reset()
                renew.bind(1, start.at)
                renew.bind(2, start.leaseUntil)
                renew.bind(3, id)
                renew.bind(4, owner as String?)
                renew.bind(5, Int64(renewingLeases ? 1 : 0))
                try renew.run()
                guard connection.changes > 0 else { continue }  // no longer this worker's
                log.reset()
                bindStartedAttempt(log, id, start)
                try log.run()
                open[key] = connection.lastInsertRowID
            case .sent(let arrived):
                let id = Int64(arrived.delivery.rawValue) ?? 0
                let key = JournalPart(delivery: id, part: arrived.part)
                guard !written.contains(key) else { continue }  // written with its start
                var attempt = open.removeValue(forKey: key)
                if attempt == nil {
                    lookup.reset()
                    lookup.bind(1, id)
                    lookup.bind(2, arrived.part as Int?)
                    if try lookup.step() { attempt = Int64(lookup.int(0)) }
                    lookup.reset()
                }
                if let attempt {
                    outcome.reset()
                    outcome.bind(1, arrived.at)
                    outcome.bind(2, sentOutcome as String?)
                    outcome.bind(3, arrived.httpStatus)
                    outcome.bind(4, OutboxJournalRecord.sentMessage as String?)
                    outcome.bind(5, arrived.latencyMilliseconds)
                    outcome.bind(6, attempt)
                    try outcome.run()
                }
                sent.reset()
                sent.bind(1, arrived.part as Int?)
                sent.bind(2, arrived.at)
                sent.bind(3, id)
                sent.bind(4, owner as String?)
                try sent.run()
            }
        }
        let mark = try connection.statement(
            "INSERT INTO outbox_journals (name, folded) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET folded = excluded.folded")
        mark.bind(1, name as String?)
        mark.bind(2, last)
        try mark.run()
    }

    /// A journal whose worker died, folded in the caller's transaction: its file is removed once that commits.
    struct AbandonedJournal {
        var name: String
        var path: String
        var descriptor: Int32
    }

    /// Folds, inside the caller's transaction, every journal no live process holds (its worker died).
    /// `folded` gets each journal taken (locked) as it is; ``removeAbandonedJournals(_:)`` removes them once the
    /// transaction commits, ``releaseAbandonedJournals(_:)`` lets them go if it does not.
    func foldAbandonedJournals(into folded: inout [AbandonedJournal]) throws {
        try foldAbandonedJournals(journalPaths(), into: &folded)
    }

    /// The journals in the folder, by name (those still being created, `.<name>.new`, left out).
    private func journalPaths() -> [(name: String, path: String)] {
        guard let folder = journalFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().filter { $0.hasSuffix(".journal") && !$0.hasPrefix(".") }.map { ($0, folder + "/" + $0) }
    }

    private func foldAbandonedJournals(_ journals: [(name: String, path: String)], into folded: inout [AbandonedJournal]) throws {
        for (name, path) in journals {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            // Held: its worker is alive. Unlinked meanwhile: another process folded it.
            var status = stat()
            guard flock(fd, LOCK_EX | LOCK_NB) == 0, fstat(fd, &status) == 0, status.st_nlink > 0 else {
                Glibc.close(fd)
                continue
            }
            folded.append(AbandonedJournal(name: name, path: path, descriptor: fd))
            let bytes = try FileHandle(fileDescriptor: fd, closeOnDealloc: false).readToEnd().map { [UInt8]($0) } ?? []
            if let (owner, records) = OutboxJournalText.read(bytes) {
                var open: [JournalPart: Int64] = [:]
                try applyJournal(name: name, owner: owner, records: records, renewingLeases: false, open: &open)
            }
        }
    }

    /// Folds the journals of workers that died, in a transaction of its own, before the outbox is read: what they
    /// sent shows as sent. No journal costs a look at the folder. A live worker's journal costs a write transaction
    /// that changes nothing: a journal's lock is tried only while the database is held, or a claim in between would
    /// find the journal held and take its dead worker's notices.
    func foldAbandonedJournalsBeforeReading() throws {
        let paths = journalPaths()
        guard !paths.isEmpty else { return }
        var journals: [AbandonedJournal] = []
        do {
            try connection.transaction { try foldAbandonedJournals(paths, into: &journals) }
        } catch {
            releaseAbandonedJournals(journals)
            throw error
        }
        removeAbandonedJournals(journals)
    }

    /// Removes journals folded by a committed transaction: the file, then its row.
    func removeAbandonedJournals(_ journals: [AbandonedJournal]) {
        for journal in journals {
            unlink(journal.path)
            Glibc.close(journal.descriptor)
            try? forgetJournal(name: journal.name)
        }
    }

    /// Lets go of journals whose fold was rolled back: they stay for the next claim.
    func releaseAbandonedJournals(_ journals: [AbandonedJournal]) {
        for journal in journals { Glibc.close(journal.descriptor) }
    }
}
