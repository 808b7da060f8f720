import OutreachCore
import Testing

struct TextTests {
    @Test func suggestionsFindNearTypos() {
        #expect(nearest(to: "led-scren", in: ["led-screen", "leaflet", "radio"]) == "led-screen")
        #expect(nearest(to: "tilte", in: ["title", "title_en", "id"]) == "title")
        #expect(nearest(to: "zzz", in: ["title", "id"]) == nil)
        #expect(nearest(to: "confimed", in: ["planned", "confirmed", "done", "cancelled"]) == "confirmed")
    }
}
