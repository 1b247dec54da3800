import JITRuntime
import TernCore

/// One argument or result kind of a host function, as the guest declares it.
public enum HostCallType: Equatable, Sendable {
    case int32, int64, float, double
    /// A guest buffer (two argument slots: address, byte length) checked to be
    /// readable and writable; the host receives a pointer into guest memory.
    /// `minimumBytes` is the size the host function touches.
    case buffer(minimumBytes: UInt64)
    /// A NUL-terminated guest string; the host receives a checked copy.
    case string
    /// No value (results only).
    case void

    /// The signature letter the guest writes ('i', 'l', 'f', 'd', 'p', 's', 'v').
    public var letter: Character {
        switch self {
        case .int32: "i"
        case .int64: "l"
        case .float: "f"
        case .double: "d"
        case .buffer: "p"
        case .string: "s"
        case .void: "v"
        }
    }
}

/// A host function the guest may call, with its true C signature.
public struct HostFunction: Sendable {
    /// The name guests call it by.
    public let name: String
    /// Result type.
    public let result: HostCallType
    /// Argument types, in order.
    public let arguments: [HostCallType]
    /// Host address of the function.
    let address: UInt

    /// The signature string the guest must pass: result letter, then one
    /// letter per argument (e.g. "ddd" for `double hypot(double, double)`).
    public var signature: String { String(result.letter) + String(arguments.map(\.letter)) }
}

/// The host functions guests may call through the Tern host-call `ecall`.
///
/// Security stance: a guest can only reach functions registered here (an
/// allow-list), never an arbitrary `dlsym` name, and only with the signature
/// they were registered with: a call whose declared signature differs is
/// refused with -EINVAL, because calling a C function through the wrong type is
/// undefined behaviour on the host. Pointer arguments are guest buffers checked
/// against guest memory (with the size the function touches) or copied strings;
/// pointer results are not supported, so no host address ever reaches the
/// guest. Only register functions that do not retain their pointer arguments.
/// The default set is pure libm math plus `strlen`.
public final class HostCallRegistry: @unchecked Sendable {
    private var functions: [String: (HostFunction, OpaquePointer)] = [:]
    private let lock = Lock()

    /// The process-wide registry, preloaded with `HostCallRegistry.libmDefaults`.
    public static let shared: HostCallRegistry = {
        let r = HostCallRegistry()
        for (name, result, arguments) in libmDefaults {
            r.register(name: name, library: name == "strlen" ? nil : "libm.so.6", result: result, arguments: arguments)
        }
        return r
    }()

    /// The default allow-list: (name, result, arguments).
    public static let libmDefaults: [(String, HostCallType, [HostCallType])] = {
        let unary = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "exp2", "log",
                     "log2", "log10", "sqrt", "cbrt", "floor", "ceil", "trunc", "round", "fabs", "erf", "tgamma"]
        let binary = ["pow", "hypot", "atan2", "fmod", "fmin", "fmax", "copysign", "remainder"]
        var list: [(String, HostCallType, [HostCallType])] = []
        list += unary.map { ($0, .double, [.double]) }
        list += binary.map { ($0, .double, [.double, .double]) }
        list += ["sinf", "cosf", "sqrtf", "expf", "logf"].map { ($0, .float, [.float]) }
        list += ["powf", "hypotf", "atan2f"].map { ($0, .float, [.float, .float]) }
        list += [("ldexp", .double, [.double, .int32]),
                 ("frexp", .double, [.double, .buffer(minimumBytes: 4)]),
                 ("modf", .double, [.double, .buffer(minimumBytes: 8)]),
                 ("strlen", .int64, [.string])]
        return list
    }()

    /// An empty registry (embedders: `shared` already holds the defaults).
    public init() {}

    /// Registers `name` resolved from `library` (nil: the process's global
    /// scope). Returns false when the symbol is missing or libffi refuses the signature.
    @discardableResult
    public func register(name: String, library: String?, result: HostCallType, arguments: [HostCallType]) -> Bool {
        guard let fn = tern_hostcall_resolve(library, name) else { return false }
        return register(name: name, address: fn, result: result, arguments: arguments)
    }

    /// Registers a host function by address (embedders: their own C functions).
    @discardableResult
    public func register(name: String, address: UnsafeRawPointer, result: HostCallType, arguments: [HostCallType]) -> Bool {
        let function = HostFunction(name: name, result: result, arguments: arguments, address: UInt(bitPattern: address))
        let hostLetters = String(arguments.map { $0 == .string ? "p" : $0.letter })
        guard arguments.count <= Int(TERN_HOSTCALL_MAX_ARGS), !arguments.contains(.void),
              let cif = tern_hostcall_prepare(UnsafeMutableRawPointer(mutating: address),
                                              CChar(result.letter.asciiValue!), hostLetters) else { return false }
        lock.withLock {
            if let old = functions[name] { tern_hostcall_destroy(old.1) }
            functions[name] = (function, cif)
        }
        return true
    }

    /// The registered function `name` and its prepared call.
    func lookup(_ name: String) -> (HostFunction, OpaquePointer)? { lock.withLock { functions[name] } }

    /// Names currently registered.
    public var names: [String] { lock.withLock { functions.keys.sorted() } }
}
