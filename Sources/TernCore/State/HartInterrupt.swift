import CoreGlue

extension Hart {
    /// The hart's budget word. Storing 0 there (a plain aligned store, safe in
    /// a signal handler) makes a running `Machine.run` return
    /// `.budgetExhausted` at the next block boundary; the next `run` resets it.
    public var interruptWord: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(state) + MemoryLayout<TernHart>.offset(of: \TernHart.budget)!)
            .assumingMemoryBound(to: UInt64.self)
    }
}
