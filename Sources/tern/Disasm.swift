import ArgumentParser
import Foundation
import TernLinux

/// `tern disasm`: objdump-like disassembly of a riscv64 ELF program.
struct Disasm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disasm",  // explicit: the default name is derived by reflection at every start
        abstract: "Disassemble a riscv64 ELF program (its executable sections, or N instructions from ADDR).")

    @Option(help: ArgumentHelp("Start at this address (hex with 0x, or decimal) instead of listing every executable section.", valueName: "ADDR"))
    var start: String?

    @Option(help: ArgumentHelp("Number of instructions to list from --start (default 16).", valueName: "N"))
    var count: Int?

    @Argument(help: "The riscv64 ELF file.")
    var program: String

    func validate() throws {
        if count != nil && start == nil { throw ValidationError("--count needs --start") }
        if let count, count <= 0 { throw ValidationError("--count must be positive, got \(count)") }
        if let start, Self.address(start) == nil { throw ValidationError("--start expects an address such as 0x10078, got '\(start)'") }
    }

    static func address(_ s: String) -> UInt64? {
        s.hasPrefix("0x") || s.hasPrefix("0X") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s)
    }

    func run() throws {
        let listing: ELFDisassembly
        do { listing = try ELFDisassembly(ELFFile(contentsOf: program)) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let lines: [ELFDisassembly.Line]
        if let start, let address = Self.address(start) {
            guard let found = listing.lines(from: address, count: count ?? 16) else {
                FileHandle.standardError.write(Data("tern: \(program): address 0x\(String(address, radix: 16)) is not in an executable section\n".utf8))
                throw ExitCode(1)
            }
            lines = found
        } else {
            lines = listing.all()
        }
        FileHandle.standardOutput.write(Data(("\n\(program):     file format elf64-littleriscv\n" + ELFDisassembly.render(lines)).utf8))
    }
}
