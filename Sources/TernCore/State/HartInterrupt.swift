import CoreGlue

extension Hart {
    /// The hart's budget word. Storing 0 there (a plain aligned store, safe in
    /// a signal handler) stops chaining, and the dispatcher then returns
    /// `.budgetExhausted` from `Machine.run` (outside exec tracing, where the
    /// budget is 0 by design); the next `run` resets it.
    public var interruptWord: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(state) + MemoryLayout<TernHart>.offset(of: \TernHart.budget)!)
            .assumingMemoryBound(to: UInt64.self)
    }
}
