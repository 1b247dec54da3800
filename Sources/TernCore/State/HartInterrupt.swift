import CoreGlue

extension Hart {
    /// The hart's budget word: `Machine.run` stops chaining when the retired
    /// count reaches it. Prefer `requestStop()`, which also records why (a
    /// zero stored here alone is seen only while the hart runs).
    public var interruptWord: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(state) + MemoryLayout<TernHart>.offset(of: \TernHart.budget)!)
            .assumingMemoryBound(to: UInt64.self)
    }

    /// Asks the hart to stop at its next block boundary: `Machine.run` returns
    /// `.budgetExhausted` (now if it runs, else from its next call, before any
    /// guest instruction). Safe from a signal handler running on the hart's
    /// thread (an atomic or and a store) and from other threads.
    public func requestStop() { requestStop(TernStopInterrupt) }

    /// Sets a stop request bit, then zeroes the budget word, so the hart
    /// finds the bit once it sees the zero.
    func requestStop(_ request: TernStopRequest) {
        state.requestStop(request)
    }
}

extension UnsafeMutablePointer where Pointee == TernHart {
    /// See `Hart.requestStop()`. Async-signal-safe.
    @inline(__always) func requestStop(_ request: TernStopRequest) { tern_hart_request_stop(self, request.rawValue) }

    /// Stop requests not yet served (TernStopRequest bits).
    var stopRequests: UInt32 { tern_hart_stop_requests(self) }

    /// Takes `request` out of the pending stop requests; whether it was set.
    func takeStopRequest(_ request: TernStopRequest) -> Bool { tern_hart_take_stop_request(self, request.rawValue) != 0 }
}

extension Hart {
    /// A C function asking the hart whose state (`stateAddress`) it is given
    /// to stop at its next block boundary, as `requestStop()` does.
    /// Async-signal-safe: for host signal handlers.
    public static let stopFunction: @convention(c) (UnsafeMutableRawPointer?) -> Void = { state in
        if let state { tern_hart_request_stop(state.assumingMemoryBound(to: TernHart.self), TernStopInterrupt.rawValue) }
    }

    /// The address of the hart's state, for `stopFunction`.
    public var stateAddress: UnsafeMutableRawPointer { UnsafeMutableRawPointer(state) }
}
