import OutreachFormats
import Testing

/// Random and mutated inputs: the parser must either return a tree whose positions are ordered and
/// inside the text, or throw an error positioned inside the text; it must never trap.
struct YAMLRobustnessTests {
    /// A small deterministic generator (SplitMix64), so that failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let fragments = [
        "a", "标题", "1", " ", "  ", "    ", "\n", "\r\n", "\r", "\t", "- ", "-", ": ", ":", "#", " #", "\"", "'",
        "[", "]", "{", "}", ",", "|", ">", "|-", ">+", "|2", "\\", "\\x4", "\\u00e9", "?", "? ", "&a", "*a",
        "!t", "%", "@", "---", "...", "\u{FEFF}", "😀", "k: ", "\n  ", "\n- ", "''", "\"\"",
    ]

    /// The number of lines of `text`, counting CRLF once.
    private func lineCount(_ text: String) -> Int {
        var count = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous != "\r" || scalar == "\r" {
                count += 1
            }
            previous = scalar
        }
        return count
    }

    /// Checks the tree's positions: each node starts no later than it ends, children lie inside
    /// their parent, and siblings come in order.
    private func checkPositions(_ node: YAMLNode, lines: Int, input: String) {
        #expect(node.position <= node.endPosition, "\(input.debugDescription)")
        #expect(node.position.line >= 1 && node.endPosition.line <= lines, "\(input.debugDescription)")
        #expect(node.position.column >= 1, "\(input.debugDescription)")
        var previousEnd = node.position
        func visit(_ child: YAMLNode) {
            #expect(child.position >= previousEnd, "\(input.debugDescription)")
            #expect(child.endPosition <= node.endPosition, "\(input.debugDescription)")
            previousEnd = child.endPosition
            checkPositions(child, lines: lines, input: input)
        }
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            items.forEach(visit)
        case .mapping(let entries):
            for entry in entries {
                visit(entry.key)
                visit(entry.value)
            }
        }
    }

    /// Parses `input` and checks the outcome.
    /// - Returns: Whether the input parsed.
    @discardableResult
    private func check(_ input: String) -> Bool {
        let lines = lineCount(input)
        do {
            if let root = try YAMLParser.parse(input) {
                checkPositions(root, lines: lines, input: input)
            }
            return true
        } catch {
            #expect(error.position.line >= 1 && error.position.line <= lines, "\(input.debugDescription)")
            #expect(error.position.column >= 1, "\(input.debugDescription)")
            #expect(!error.description.isEmpty)
            return false
        }
    }

    @Test("Random fragments never trap and yield consistent positions")
    func randomFragments() {
        var generator = SeededGenerator(state: 2027_0315)
        var parsed = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...30, using: &generator)
            var input = ""
            for _ in 0..<count {
                input += Self.fragments.randomElement(using: &generator) ?? ""
            }
            if check(input) {
                parsed += 1
            }
        }
        // Both outcomes must be well represented for the checks to mean something.
        #expect(parsed > 2_000 && parsed < 18_000, "parsed \(parsed) of 20000")
    }

    @Test("Mutations of a real campaign file never trap and yield consistent positions")
    func mutatedCampaign() throws {
        let base = Array(YAMLCampaignSampleTests.campaign.unicodeScalars)
        var generator = SeededGenerator(state: 315)
        let replacements: [Unicode.Scalar] = [" ", "\n", "\t", ":", "-", "[", "]", "{", "}", "\"", "'", "#", "|", "中"]
        var parsed = 0
        for _ in 0..<1_500 {
            var scalars = base
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<scalars.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0:
                    scalars.remove(at: index)
                case 1:
                    scalars.insert(replacements.randomElement(using: &generator) ?? " ", at: index)
                default:
                    scalars[index] = replacements.randomElement(using: &generator) ?? " "
                }
            }
            var input = ""
            input.unicodeScalars.append(contentsOf: scalars)
            if check(input) {
                parsed += 1
            }
        }
        #expect(parsed > 150 && parsed < 1_350, "parsed \(parsed) of 1500")
    }
}
