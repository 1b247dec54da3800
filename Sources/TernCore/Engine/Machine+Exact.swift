extension Machine {
    /// The most guest instructions one translated block holds. A run with an
    /// instruction budget checks it at block boundaries, so it can retire up to
    /// this many minus one instructions past the budget.
    public static var maxBlockInstructions: Int { Translator.maxInstructions }

    /// Runs `hart` until it stops (syscall, fault, interrupt request...) or
    /// exactly `count` more instructions have retired (`.budgetExhausted` with
    /// `hart.retired` at the target). Blocks run at full speed up to one block
    /// length before the target; the last instructions run as single-instruction
    /// blocks, so the stop lands on the instruction boundary itself. An
    /// interrupt request returns `.budgetExhausted` earlier (`hart.retired`
    /// tells); call again with the rest.
    public func run(_ hart: Hart, exactInstructions count: UInt64) -> StopReason {
        let target = hart.retired &+ count
        let margin = UInt64(Self.maxBlockInstructions - 1)
        if count > margin {
            let reason = run(hart, maxInstructions: count - margin)
            guard reason == .budgetExhausted, hart.retired >= target - margin else { return reason }
        }
        while hart.retired < target {
            let reason = run(hart, maxInstructions: target - hart.retired, singleStep: true)
            if reason != .budgetExhausted { return reason }
        }
        return .budgetExhausted
    }
}
