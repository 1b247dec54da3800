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
        guard let elf = try? ELFFile(contentsOf: path) else { return false }
        return BareMetalImage.isBareMetal(elf)
    }

    /// Runs `path` and returns tern's exit status (see `BareMetalOutcome.exitStatus`).
    static func run(_ path: String, maxInstructions: UInt64?, stats: Bool, statsJson: String?,
                    extensions: ExtensionSet = Extension.implemented) -> Int32 {
        let started = DispatchTime.now().uptimeNanoseconds
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            return 70
        }
        machine.extensions = extensions
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
