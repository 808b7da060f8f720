import Testing
@testable import OutreachFormats

struct XLSXSheetNameSanitizerTests {
    @Test(arguments: [
        ("咸宁分行", "咸宁分行"),
        ("赤壁支行/渠道", "赤壁支行_渠道"),
        ("a:b\\c?d*e[f]g/h", "a_b_c_d_e_f_g_h"),
        ("", "Sheet1"),
        ("   ", "Sheet1"),
        ("\t\n", "Sheet1"),
        ("  前后空格  ", "前后空格"),
        ("'引号'", "引号"),
        ("控制\u{01}字符\u{1F}", "控制字符"),
        (String(repeating: "长", count: 40), String(repeating: "长", count: 31)),
        (String(repeating: "x", count: 31), String(repeating: "x", count: 31)),
        (String(repeating: "x", count: 30) + "📊", String(repeating: "x", count: 30)),
        (String(repeating: "x", count: 29) + "📊", String(repeating: "x", count: 29) + "📊"),
        (String(repeating: "x", count: 30) + " y", String(repeating: "x", count: 30)),
        ("Q3 报表 [草稿]", "Q3 报表 _草稿_"),
    ])
    func sanitize(input: String, expected: String) {
        let result = XLSXSheetNameSanitizer.sanitize(input, position: 0)
        #expect(result == expected)
        #expect(result.utf16.count <= 31)
    }

    @Test(arguments: [
        (["咸宁分行", "赤壁支行/渠道"], ["咸宁分行", "赤壁支行_渠道"]),
        (["Data", "data", "DATA"], ["Data", "data (2)", "DATA (3)"]),
        (["咸宁分行", "咸宁分行", "咸宁分行 (2)"], ["咸宁分行", "咸宁分行 (2)", "咸宁分行 (2) (2)"]),
        (["a/b", "a?b"], ["a_b", "a_b (2)"]),
        (["", "", "Sheet2"], ["Sheet1", "Sheet2", "Sheet2 (2)"]),
        (["History", "历史"], ["History (2)", "历史"]),
        (
            [String(repeating: "长", count: 31), String(repeating: "长", count: 35)],
            [String(repeating: "长", count: 31), String(repeating: "长", count: 27) + " (2)"]
        ),
    ])
    func uniqueNames(input: [String], expected: [String]) {
        let result = XLSXSheetNameSanitizer.uniqueNames(input)
        #expect(result == expected)
        #expect(Set(result.map { $0.lowercased() }).count == result.count)
        #expect(result.allSatisfy { $0.utf16.count <= 31 && !$0.isEmpty })
    }
}
