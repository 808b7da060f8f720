import CFuzzer
import Foundation

// One binary holds every target (one link instead of ten); `OUTREACH_FUZZ_TARGET` picks one and the
// arguments are libFuzzer's. `scripts/fuzz.sh` sets both.

FuzzTargets.prepare()
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })

/// Called for every input. Also defined under libFuzzer's name, which its (unused) `main` refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.selected(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
