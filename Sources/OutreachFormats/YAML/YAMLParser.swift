/// Parses the YAML subset used by campaign files into a `YAMLNode` tree with exact positions.
///
/// The subset is one document of block and flow mappings and sequences, plain, quoted and block
/// scalars, and comments (see SUBSET.md). Scalars are never converted to other types.
///
/// ```swift
/// do {
///     let root = try YAMLParser.parse(text)
/// } catch {
///     print("campaign.yaml:\(error.position.line):\(error.position.column): \(error)")
/// }
/// ```
public enum YAMLParser {
    /// Parses one document.
    ///
    /// A leading byte order mark is skipped, and LF, CRLF and CR line ends are all accepted.
    /// - Parameter text: The whole document.
    /// - Returns: The root node, or `nil` when the input holds nothing but whitespace, comments and
    ///   document markers.
    /// - Throws: The first `YAMLSyntaxError` in the input; parsing stops there.
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? {
        let result = text.utf8.withContiguousStorageIfAvailable { buffer in
            parse(bytes: buffer)
        }
        if let result {
            return try result.get()
        }
        var copy = text
        copy.makeContiguousUTF8()
        let fallback = copy.utf8.withContiguousStorageIfAvailable { buffer in
            parse(bytes: buffer)
        }
        if let fallback {
            return try fallback.get()
        }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            parse(bytes: buffer)
        }.get()
    }

    /// Parses UTF-8 bytes that stay valid for the duration of the call.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<YAMLNode?, YAMLSyntaxError> {
        var parser = YAMLDocumentParser(bytes: bytes)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
