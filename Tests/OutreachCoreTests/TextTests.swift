import OutreachCore
import Testing

struct TextTests {
    @Test func suggestionsFindNearTypos() {
        #expect(nearest(to: "led-scren", in: ["led-screen", "leaflet", "radio"]) == "led-screen")
        #expect(nearest(to: "tilte", in: ["title", "title_en", "id"]) == "title")
        #expect(nearest(to: "zzz", in: ["title", "id"]) == nil)
        #expect(nearest(to: "confimed", in: ["planned", "confirmed", "done", "cancelled"]) == "confirmed")
    }

    /// A hostile value (a 2 MB cell) gets no suggestion, at once: the edit distance is not computed against
    /// candidates whose length alone rules them out, nor for values over 256 characters.
    @Test func hugeValuesGetNoSuggestion() {
        let huge = String(repeating: "x", count: 2_000_000)
        #expect(nearest(to: huge, in: (0..<20_000).map { "event-\($0)" }) == nil)
        #expect(nearest(to: String(repeating: "a", count: 257), in: [String(repeating: "a", count: 256)]) == nil)
        #expect(nearest(to: String(repeating: "a", count: 255) + "b", in: [String(repeating: "a", count: 256)]) == String(repeating: "a", count: 256))
    }

    /// Messages quote a value up to 500 characters; a longer one by its first 60 characters and its length.
    @Test func longQuotedValuesAreClippedInMessages() {
        let long = String(repeating: "长", count: 600)
        let diagnostic = Diagnostic.reachUnknownEvent(column: "event", value: long, suggestion: nil)
        #expect(diagnostic.message(.en) == "Unknown event '\(String(repeating: "长", count: 60))… (600 characters)' in column 'event'.")
        #expect(diagnostic.message(.zh) == "'event' 列中的活动场次 '\(String(repeating: "长", count: 60))…（共 600 个字符）' 不存在。")
        let fits = String(repeating: "x", count: 500)
        #expect(Diagnostic.reachUnknownEvent(column: "event", value: fits, suggestion: nil).message(.en) == "Unknown event '\(fits)' in column 'event'.")
    }
}
