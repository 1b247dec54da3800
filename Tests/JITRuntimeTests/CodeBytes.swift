import JITRuntime

/// Hand-assembled x86-64 snippets for the runtime tests (the tests must not
/// depend on the native tier's emitter they are meant to support).
struct CodeBytes {
    var bytes: [UInt8] = []
    /// Executable address the bytes will be written to (for rel32 targets).
    let origin: UnsafePointer<UInt8>

    init(at origin: UnsafePointer<UInt8>) { self.origin = origin }

    var here: UnsafePointer<UInt8> { origin + bytes.count }

    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func imm32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func imm64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }

    /// `jmp rel32` to `target`.
    mutating func jmp(_ target: UnsafePointer<UInt8>) {
        raw([0xe9])
        imm32(Int32(target - (here + 4)))
    }

    /// Pads with nops so the next `jmp rel32`'s displacement is 4-byte aligned;
    /// returns the site of the chain jump it then emits (to the code after it).
    mutating func chainJump() -> Int {
        while UInt(bitPattern: origin + bytes.count + 1) & 3 != 0 { raw([0x90]) }
        let site = bytes.count
        raw([0xe9]); imm32(0)
        return site
    }

    /// `movabs rax, v`.
    mutating func movRAX(_ v: UInt64) { raw([0x48, 0xb8]); imm64(v) }

    /// Writes the bytes to the arena at `origin`.
    func install(in arena: OpaquePointer) -> Bool {
        bytes.withUnsafeBytes { tern_code_write(arena, UnsafeMutablePointer(mutating: origin), $0.baseAddress, $0.count) == 0 }
    }
}
