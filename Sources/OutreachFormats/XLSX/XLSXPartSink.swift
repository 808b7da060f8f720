/// Receives the parts of a package one at a time, in writing order.
///
/// The workbook writer hands each part over as soon as it is serialized, so a sink
/// that compresses and appends (the ZIP writer) never needs all parts in memory.
protocol XLSXPartSink {
    /// Takes one complete part.
    /// - Parameters:
    ///   - path: The part's path inside the package, without a leading slash.
    ///   - contents: The part's bytes.
    mutating func addPart(path: String, contents: [UInt8]) throws
}
