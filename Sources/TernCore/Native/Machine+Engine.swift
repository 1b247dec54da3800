extension Machine {
    /// The engine running this machine's guest code.
    public var engine: Engine { nativeTier?.engine ?? .threaded }

    /// Selects the engine. Returns false (and keeps the threaded engine) when
    /// the native tier is unavailable: not an x86-64 host, or no code memory.
    /// Switching drops all native code.
    @discardableResult
    public func setEngine(_ engine: Engine) -> Bool {
        nativeTier?.flush()
        nativeTier = NativeTier(engine: engine)
        return engine == .threaded || nativeTier != nil
    }
}
