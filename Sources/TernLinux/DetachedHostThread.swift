import Glibc

/// Host threads that run one closure and end on their own: nobody joins them.
package enum DetachedHostThread {
    /// Runs `body` on a new detached host thread whose stack is `stackSize`
    /// bytes (nil: the system's default). Returns pthread_create's error
    /// number, 0 when the thread started.
    package static func start(stackSize: Int? = nil, _ body: @escaping () -> Void) -> Int32 {
        let raw = Unmanaged.passRetained(DetachedBody(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        var handle = pthread_t()
        let rc = pthread_create(&handle, &attributes, { raw in
            Unmanaged<DetachedBody>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, raw)
        if rc != 0 { Unmanaged<DetachedBody>.fromOpaque(raw).release() }
        return rc
    }
}

/// The closure a detached thread runs, handed over as one retained object.
private final class DetachedBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
