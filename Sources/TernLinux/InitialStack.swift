import TernCore

/// Builds the process's initial stack exactly as Linux does for riscv64:
///
///     top - 8:    8 zero bytes
///                 execfn string, then envp strings, then argv strings (argv[0] lowest)
///                 (16-byte alignment) platform string "riscv64"
///                 [program headers, when no segment maps them]
///                 16 random bytes (AT_RANDOM)
///     sp + ...:   auxv pairs, ending with AT_NULL
///                 envp pointers, NULL
///                 argv pointers, NULL
///     sp:         argc                          (sp is 16-byte aligned)
struct InitialStack {
    /// The initial stack pointer.
    var stackPointer: UInt64
    /// The auxiliary vector as written.
    var auxv: [(AuxType, UInt64)]

    static let platform = "riscv64"

    /// Writes argv/envp/auxv below `top` (which must be mapped writable down to
    /// at least `limit`) and returns the stack pointer.
    static func build(memory: GuestMemory, top: UInt64, limit: UInt64, path: String,
                      arguments: [[UInt8]], environment: [[UInt8]], execfn: String,
                      image: LoadedImage, interpreterBase: UInt64, random: [UInt8],
                      identity: AuxVector.Identity, hwcap: UInt64) throws(LoadError) -> InitialStack {
        let tooLong = LoadError(path: path, kind: .argumentsTooLong, message: "argument list too long")
        // Everything is laid out in `buffer`, which covers [top - buffer.count, top).
        var cursor = top - 8
        var chunks: [(UInt64, [UInt8])] = []
        func push(_ bytes: [UInt8]) -> UInt64 {
            cursor -= UInt64(bytes.count)
            chunks.append((cursor, bytes))
            return cursor
        }
        let stringBytes = arguments.reduce(0) { $0 + $1.count + 1 }
            + environment.reduce(0) { $0 + $1.count + 1 } + execfn.utf8.count + 1
        guard stringBytes <= Int(top - limit) / 4 else { throw tooLong }
        let execfnAddress = push(Array(execfn.utf8) + [0])
        var envAddresses: [UInt64] = []
        for e in environment.reversed() { envAddresses.append(push(e + [0])) }
        envAddresses.reverse()
        var argAddresses: [UInt64] = []
        for a in arguments.reversed() { argAddresses.append(push(a + [0])) }
        argAddresses.reverse()
        cursor &= ~15
        let platformAddress = push(Array(platform.utf8) + [0])
        var phdrAddress = image.programHeaderAddress
        if phdrAddress == 0 {
            cursor &= ~7
            phdrAddress = push(image.programHeaderBytes)
        }
        let randomAddress = push(random.count == 16 ? random : [UInt8](repeating: 0, count: 16))

        let auxv = AuxVector.entries(image: image, interpreterBase: interpreterBase,
                                     addresses: .init(programHeaders: phdrAddress, random: randomAddress,
                                                      execfn: execfnAddress, platform: platformAddress),
                                     identity: identity, hwcap: hwcap)
        let words = 1 + arguments.count + 1 + environment.count + 1 + 2 * auxv.count
        let sp = (cursor - UInt64(words * 8)) & ~15
        guard sp > limit else { throw tooLong }
        var table: [UInt64] = [UInt64(arguments.count)]
        table += argAddresses + [0] + envAddresses + [0]
        for (type, value) in auxv { table += [type.rawValue, value] }

        var buffer = [UInt8](repeating: 0, count: Int(top - sp))
        for (i, w) in table.enumerated() {
            for b in 0 ..< 8 { buffer[i * 8 + b] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(b))) }
        }
        for (address, bytes) in chunks {
            let o = Int(address - sp)
            buffer.replaceSubrange(o ..< o + bytes.count, with: bytes)
        }
        do { try memory.write(sp, buffer) } catch {
            throw LoadError(path: path, kind: .mapFailed, message: "cannot write the initial stack: \(error)")
        }
        return InitialStack(stackPointer: sp, auxv: auxv)
    }
}
