import OutreachCore
import Testing

/// Which files of an import are target files: a top-level `targets:` key, found without parsing.
struct TargetFileTests {
    @Test(arguments: [
        ("year: 2027\ntargets:\n  - branch: xn-xianan\n", true),
        ("targets:\n  - branch: xn-xianan\n", true),
        ("\u{FEFF}targets: []\n", true),
        ("# 考核目标\r\nyear: 2027\r\ntargets:\r\n", true),
        ("id: 2027-315\ntitle: 3·15\nevents:\n  - id: a\n", false),
        ("id: 2027-315\nnotes: |\n  targets: 人次\n", false),
        ("id: 2027-315\n# targets: later\n", false),
        ("", false),
    ])
    func recognisesTargetFiles(text: String, expected: Bool) {
        #expect(TargetFileDecoder.isTargetsFile(Array(text.utf8)) == expected)
    }
}
