import ArgumentParser
import Foundation
import TernBareMetal
import TernCore
import TernISA
import TernELF

/// `tern run --bare`: a bare-metal program in machine mode, ended through HTIF tohost.
enum BareMetalRun {
    /// Whether `path` is an ELF that defines `tohost` (unreadable files are left
    /// to the Linux loader, which reports them).
    static func definesToHost(_ path: String) -> Bool {
        guard mayBeBareMetal(path), ELFSymbolTable.mayDefine("tohost", inFileAt: path) != false,
              let elf = try? ELFFile(contentsOf: path) else { return false }
        return BareMetalImage.isBareMetal(elf)
    }

    /// Whether `path` could be a bare-metal image, from its ELF header and
    /// program headers alone: a program with an interpreter (PT_INTERP) is a
    /// dynamically linked Linux program, which skips reading the whole file
    /// and its symbol table (cc1 is 67 MB).
    static func mayBeBareMetal(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }  // let the full check report it
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 64)
        guard pread(fd, &header, 64, 0) == 64, header[0...3] == [0x7f, 0x45, 0x4c, 0x46], header[4] == 2, header[5] == 1
        else { return true }
        func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
        func u64(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * $1) } }
        let phoff = u64(header, 32), entrySize = u16(header, 54), count = u16(header, 56)
        guard entrySize >= 4, count > 0, count < 0xffff, phoff < UInt64(Int.max) else { return true }
        var headers = [UInt8](repeating: 0, count: entrySize * count)
        guard pread(fd, &headers, headers.count, off_t(phoff)) == headers.count else { return true }
        let interp = 3  // p_type is 32 bits: PT_RISCV_ATTRIBUTES (0x70000003) is not PT_INTERP
        return !(0..<count).contains { u32(headers, $0 * entrySize) == interp }
    }

    /// Runs `path` and returns tern's exit status (see `BareMetalOutcome.exitStatus`).
    static func run(_ path: String, maxInstructions: UInt64?, stats: Bool, statsJson: String?,
                    extensions: ExtensionSet = Extension.implemented, vlen: Int = 128) -> Int32 {
        let started = DispatchTime.now().uptimeNanoseconds
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            return 70
        }
        machine.extensions = extensions
        machine.vlenb = UInt32(vlen / 8)
        let bareMetal: BareMetalMachine
        do {
            let elf = try ELFFile(contentsOf: path)
            let image = try BareMetalImage.load(elf, into: machine.memory)
            bareMetal = try BareMetalMachine(machine: machine, image: image)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        let outcome = bareMetal.run(maxInstructions: maxInstructions)
        if let message = outcome.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        let report = StatsReport(machine.counters, totalSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        if stats { FileHandle.standardError.write(Data((report.text + "\n").utf8)) }
        if let statsJson {
            do { try StatsOutput.writeJSON(report, to: statsJson) } catch {
                FileHandle.standardError.write(Data("tern: \(error)\n".utf8))
                return 1
            }
        }
        return outcome.exitStatus
    }
}
