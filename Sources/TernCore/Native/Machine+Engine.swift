import JITRuntime

/// How the native tier's code memory keeps W^X (see JITRuntime/CodeMemory.h).
public enum NativeCodeMemory: Sendable {
    /// One memfd mapped twice: a read-write view and a read-execute view.
    case dualMapped
    /// One mapping flipped between read-write and read-execute around writes.
    case mprotect
}

extension Machine {
    /// Default size of the native tier's code arena: 64 MiB.
    public static let defaultCodeMemoryBytes = 64 << 20

    /// The W^X scheme of the native tier's code memory (nil: no native tier).
    public var nativeCodeMemory: NativeCodeMemory? {
        nativeTier.map { $0.codeMode == TernCodeDualMapped ? .dualMapped : .mprotect }
    }

    /// The engine running this machine's guest code.
    public var engine: Engine { nativeTier?.engine ?? .threaded }

    /// Selects the engine. Returns false (and keeps the threaded engine) when
    /// the native tier is unavailable: not an x86-64 host, or no code memory.
    /// Switching drops all native code. `codeMemoryBytes` sizes the native
    /// tier's code arena (when full, all native code is dropped and recompiled).
    /// `codeMemory` forces a W^X scheme (nil: dual-mapped when the host allows);
    /// `.mprotect` keeps code in anonymous memory, where perf looks up perf maps.
    /// Call it before any hart runs.
    @discardableResult
    public func setEngine(_ engine: Engine, codeMemoryBytes: Int = Machine.defaultCodeMemoryBytes,
                          codeMemory: NativeCodeMemory? = nil) -> Bool {
        gate.exclusive {
            cache.lock.withLock {
                nativeTier?.flush()
                cache.bumpGeneration()
            }
        }
        nativeTier = NativeTier(engine: engine, arenaSize: codeMemoryBytes, codeMemory: codeMemory)
        nativeTier?.onCompile = nativeCodeListener
        // In mprotect mode flipping a page to
        // writable stops it being executable: code is written only while no
        // other hart runs (else the block stays threaded for now).
        nativeTier?.whenAlone = { [gate] body in gate.ifAlone(body) }
        return engine == .threaded || nativeTier != nil
    }
}
