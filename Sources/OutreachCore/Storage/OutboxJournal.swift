import Foundation

/// A worker's journal of attempts that need no decision from the store: a local file a worker appends
/// "attempt started" and "sent" to, in order, before and after each send, instead of committing a transaction for
/// each group of them. The store folds the records into the outbox and the delivery log in the background, in large
/// transactions; a journal left by a worker that died is folded by the next process that claims notices, before
/// it claims.
///
/// Only steps the store would write without a decision go to a journal: a start for a bot with no rate budget, not
/// paused and not held back by quiet hours, and a part that arrived and ended its delivery. Everything else (budgets,
/// retries, dead letters, split notices' next parts, outcomes that are not "sent") is written by
/// ``OutboxStore/apply(_:at:)``, after the journal is folded.
///
/// A record is durable once `append` returns, as a SQLite commit is with `synchronous = NORMAL`: it survives the
/// process being killed. So a crash still repeats only sends whose outcome no one had yet: at most the worker's
/// concurrency.
///
/// ```swift
/// if let journal = try store.openJournal(owner: owner) {
///     try journal.append([.start(start)])      // before the send
///     try journal.append([.sent(sent)])        // after it
///     _ = try await journal.fold(at: now)      // in the background
///     try await journal.close(at: now)         // at shutdown: folds the rest and removes the file
/// }
/// ```
public protocol OutboxJournal: AnyObject, Sendable {
    /// Writes records after those written before; they are on disk when it returns.
    func append(_ records: [OutboxJournalRecord]) throws

    /// How many records are written and not yet folded.
    var unfolded: Int { get }

    /// Folds every record written so far into the store, in one transaction.
    /// - Returns: The bots paused now (by any process), until when.
    func fold(at now: Date) async throws -> [BotIdentity: Date]

    /// Folds what is left and removes the journal.
    func close(at now: Date) async throws
}

/// One line of a journal.
public enum OutboxJournalRecord: Hashable, Sendable {
    /// An attempt started (written before the request goes out).
    case start(Start)
    /// The attempt's part arrived and its delivery is sent.
    case sent(Sent)

    public struct Start: Hashable, Sendable {
        public var delivery: OutboxDelivery.ID
        public var part: Int
        public var partCount: Int
        public var target: String
        public var bot: BotIdentity
        /// When the attempt started, in whole milliseconds since 1970.
        public var at: Int64
        /// The lease is renewed to this (milliseconds since 1970).
        public var leaseUntil: Int64

        public init(
            delivery: OutboxDelivery.ID, part: Int, partCount: Int, target: String, bot: BotIdentity, at: Int64, leaseUntil: Int64
        ) {
            self.delivery = delivery
            self.part = part
            self.partCount = partCount
            self.target = target
            self.bot = bot
            self.at = at
            self.leaseUntil = leaseUntil
        }
    }

    public struct Sent: Hashable, Sendable {
        public var delivery: OutboxDelivery.ID
        public var part: Int
        /// When the reply came, in whole milliseconds since 1970.
        public var at: Int64
        public var httpStatus: Int?
        public var latencyMilliseconds: Int?

        public init(delivery: OutboxDelivery.ID, part: Int, at: Int64, httpStatus: Int?, latencyMilliseconds: Int?) {
            self.delivery = delivery
            self.part = part
            self.at = at
            self.httpStatus = httpStatus
            self.latencyMilliseconds = latencyMilliseconds
        }
    }

    /// The log's message for a part that arrived (Chinese line, English line), as the worker writes it.
    public static let sentMessage = DeliveryOutcome.sent.message(.zh) + "\n" + DeliveryOutcome.sent.message(.en)
}

/// The journal's text: a header line naming the worker, then one line per record, numbered from 1. Fields are
/// separated by tabs; a text field has `\`, tab, CR and LF escaped. A line cut short (the machine lost power while
/// writing) ends the journal there.
///
/// ```
/// outreach-outbox-journal 1	host/4242/x1
/// 1	S	17	1	1	1796000000000	1796000300000	城东支行群	wecom:4a1f…
/// 2	F	17	1	1796000000412	200	412
/// ```
public enum OutboxJournalText {
    static let magic = "outreach-outbox-journal 1"

    public static func header(owner: String) -> [UInt8] {
        var bytes = Array(magic.utf8)
        bytes.append(9)
        appendEscaped(owner, to: &bytes)
        bytes.append(10)
        return bytes
    }

    /// Appends one numbered record as a line.
    public static func append(_ record: OutboxJournalRecord, number: Int64, to bytes: inout [UInt8]) {
        func field(_ text: String) {
            bytes.append(9)
            bytes.append(contentsOf: text.utf8)
        }
        bytes.append(contentsOf: String(number).utf8)
        switch record {
        case .start(let start):
            field("S")
            field(start.delivery.rawValue)
            field(String(start.part))
            field(String(start.partCount))
            field(String(start.at))
            field(String(start.leaseUntil))
            bytes.append(9)
            appendEscaped(start.target, to: &bytes)
            bytes.append(9)
            appendEscaped(start.bot.rawValue, to: &bytes)
        case .sent(let sent):
            field("F")
            field(sent.delivery.rawValue)
            field(String(sent.part))
            field(String(sent.at))
            field(sent.httpStatus.map(String.init) ?? "-")
            field(sent.latencyMilliseconds.map(String.init) ?? "-")
        }
        bytes.append(10)
    }

    /// The owner and the records of a journal's bytes, up to the first line that is cut short or unreadable;
    /// nil when the header is not a journal's.
    public static func read(_ bytes: [UInt8]) -> (owner: String, records: [(number: Int64, record: OutboxJournalRecord)])? {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        // The last piece follows the last newline: empty when the file ends with one, else a line cut short.
        lines.removeLast()
        guard let first = lines.first else { return nil }
        let head = first.split(separator: 9, maxSplits: 1, omittingEmptySubsequences: false)
        guard head.count == 2, Array(head[0]) == Array(magic.utf8), let owner = unescaped(head[1]) else { return nil }
        var records: [(Int64, OutboxJournalRecord)] = []
        for line in lines.dropFirst() {
            guard let record = record(line) else { break }
            records.append(record)
        }
        return (owner, records)
    }

    private static func record(_ line: ArraySlice<UInt8>) -> (Int64, OutboxJournalRecord)? {
        let fields = line.split(separator: 9, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count >= 2, let number = Int64(fields[0]) else { return nil }
        switch fields[1] {
        case "S":
            guard fields.count == 9, let part = Int(fields[3]), let count = Int(fields[4]), let at = Int64(fields[5]),
                let lease = Int64(fields[6]), let target = unescaped(ArraySlice(fields[7].utf8)),
                let bot = unescaped(ArraySlice(fields[8].utf8))
            else { return nil }
            return (
                number,
                .start(
                    .init(
                        delivery: OutboxDelivery.ID(fields[2]), part: part, partCount: count, target: target,
                        bot: BotIdentity(rawValue: bot), at: at, leaseUntil: lease))
            )
        case "F":
            guard fields.count == 7, let part = Int(fields[3]), let at = Int64(fields[4]) else { return nil }
            func optional(_ text: String) -> Int?? { text == "-" ? .some(nil) : Int(text).map { .some($0) } }
            guard let status = optional(fields[5]), let latency = optional(fields[6]) else { return nil }
            return (
                number,
                .sent(.init(delivery: OutboxDelivery.ID(fields[2]), part: part, at: at, httpStatus: status, latencyMilliseconds: latency))
            )
        default:
            return nil
        }
    }

    private static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 9: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 10: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 13: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    private static func unescaped(_ field: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case 0x5C: out.append(0x5C)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                default: return nil
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        guard !escaping else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
