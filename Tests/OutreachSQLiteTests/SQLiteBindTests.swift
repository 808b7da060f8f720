import Foundation
import OutreachCore
@testable import OutreachSQLite
import Testing

/// Every bind's result is checked: a failed bind makes the statement throw instead of running with NULL.
struct SQLiteBindTests {
    @Test func aFailedBindIsAnErrorNotANull() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bind-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let connection = try SQLiteConnection(path: path)
        let statement = try connection.statement("SELECT ?1, length(?1), typeof(?1)")
        statement.bind(2 as Int32, "out of range" as String?)
        #expect(throws: StoreError.database("cannot bind parameter 2: column index out of range")) { try statement.step() }
        // After a reset the statement works again, and text keeps every byte.
        statement.reset()
        statement.bind(1 as Int32, "a\u{0}b" as String?)
        #expect(try statement.step())
        #expect(Array(statement.text(0).utf8) == [0x61, 0, 0x62])
        #expect(statement.int(1) == 1)  // SQL length() stops at U+0000; the stored value does not
        #expect(statement.text(2) == "text")
        statement.reset()
        statement.bind(1 as Int32, "" as String?)
        #expect(try statement.step())
        #expect(statement.text(2) == "text")  // an empty text stays text, not NULL
    }
}
