#if canImport(Glibc)
import Glibc
#endif

/// Tern's own messages on descriptor 2 after the guest ran. The guest owns
/// that descriptor and may have closed it (xz closes stderr before exiting)
/// or replaced it: a failed write is ignored, where `FileHandle.write`
/// traps (a guest's close must not crash tern, nor hide its exit status).
enum StandardError {
    /// Writes `text` whole to descriptor 2, or as much as it takes.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(2, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }
}
