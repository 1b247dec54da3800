#if canImport(Glibc)
import Glibc
#endif

/// Runs a closure on a new host (pthread) thread, for tests that drive
/// several harts or lock holders at the same time; `join` waits for it.
public final class HostThread: @unchecked Sendable {
    private var id = pthread_t()
    private let body: () -> Void

    /// Starts `body` on a new thread at once.
    public init(_ body: @escaping () -> Void) {
        self.body = body
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&id, nil, { arg in
            Unmanaged<HostThread>.fromOpaque(arg!).takeRetainedValue().body()
            return nil
        }, box)
    }

    /// Waits until the thread's closure has returned.
    public func join() { pthread_join(id, nil) }
}
