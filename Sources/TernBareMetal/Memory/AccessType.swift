/// The kinds of memory access the privileged spec tells apart for permissions
/// and exception causes (an AMO or SC is a store).
public enum AccessType: Sendable, Equatable {
    case fetch, load, store

    /// The page-fault cause of this access (12, 13, 15).
    public var pageFault: ExceptionCause {
        switch self {
        case .fetch: .fetchPageFault
        case .load: .loadPageFault
        case .store: .storePageFault
        }
    }

    /// The access-fault cause of this access (1, 5, 7).
    public var accessFault: ExceptionCause {
        switch self {
        case .fetch: .fetchAccess
        case .load: .loadAccess
        case .store: .storeAccess
        }
    }
}

/// A synchronous exception with its trap value (xtval).
public struct Exception: Error, Sendable, Equatable {
    public var cause: ExceptionCause
    public var tval: UInt64
    public init(_ cause: ExceptionCause, tval: UInt64) {
        self.cause = cause
        self.tval = tval
    }
}
