import CoreGlue

/// One block's native code.
final class NativeBlock {
    let pc: UInt64
    let guestEnd: UInt64
    /// The threaded block compiled (kept alive: the code points at its op records).
    let source: TranslatedBlock
    /// The blocks fused after it (`NativeRegion`), kept alive for the same reason.
    let fused: [TranslatedBlock]
    let code: UnsafeMutablePointer<UInt8>
    let size: Int
    let entry: UnsafeRawPointer
    /// Where chain jumps and the jump table enter (counters already pinned);
    /// the 8 bytes before it hold the block's guest pc.
    let chainEntry: UnsafeMutablePointer<UInt8>
    /// Chain sites (executable addresses) and their guest targets.
    let sites: [(site: UnsafeMutablePointer<UInt8>, target: UInt64)]
    /// Prediction cells its indirect jumps use (released when it is dropped).
    let cells: [UnsafeMutablePointer<UInt>]
    /// Its guest memory accesses: code offset → op and unstored registers.
    let accesses: NativeAccessTable

    init(source: TranslatedBlock, fused: [TranslatedBlock] = [], code: UnsafeMutablePointer<UInt8>, compiled: NativeCode) {
        pc = source.pc
        self.fused = fused
        guestEnd = source.guestEnd
        self.source = source
        self.code = code
        size = compiled.size
        entry = UnsafeRawPointer(code + compiled.entryOffset)
        chainEntry = code + compiled.chainOffset
        sites = compiled.chainSites.map { (code + $0.offset, $0.target) }
        cells = compiled.cells
        accesses = compiled.accesses
    }
}
