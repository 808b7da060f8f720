/// Full-width digits, date separators and commas (`２０２７－３－１５`, `１，２００`), as a Chinese input method types them,
/// turned into their ASCII forms; every other character is kept. Counts and dates read both.
public func asciiDigits(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { (0xFF0C...0xFF19).contains($0.value) }) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        // ０–９, － ． ／ between the parts of a date, and ， between thousands.
        case 0xFF0C...0xFF19: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
        default: scalars.append(scalar)
        }
    }
    return String(scalars)
}
