import TernReference

/// A reference interpreter for hand-encoded tests: `words` at `code`
/// (read+execute), a read-write page at `data` (zeroed, or `dataBytes`), pc at
/// `code` and the given x registers.
func referenceMachine(_ words: [UInt32], code: UInt64, data: UInt64, dataBytes: [UInt8]? = nil,
                      x: [Int: UInt64] = [:]) -> ReferenceInterpreter {
    let memory = ReferenceMemory()
    var bytes = [UInt8](repeating: 0, count: 4096)
    for (k, w) in words.enumerated() { for b in 0..<4 { bytes[k * 4 + b] = UInt8(truncatingIfNeeded: w >> (8 * b)) } }
    bytes.withUnsafeBytes { memory.mapPage(code / 4096, access: [.read, .execute], contents: $0.baseAddress) }
    if let dataBytes {
        dataBytes.withUnsafeBytes { memory.mapPage(data / 4096, access: [.read, .write], contents: $0.baseAddress) }
    } else {
        memory.mapPage(data / 4096, access: [.read, .write], contents: nil)
    }
    let cpu = ReferenceInterpreter(memory: memory)
    cpu.pc = code
    for (k, v) in x { cpu.x[k] = v }
    return cpu
}
