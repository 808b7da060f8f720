import Foundation  // write(2) and errno, from the C library Foundation brings

/// Writing to a file descriptor with `write(2)`.
public enum FileWrites {
    /// Writes every byte of `bytes`, going on after a short write or a call interrupted by a signal.
    /// - Returns: 0, or the error number of the call that failed.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }
}
