import XCTest
import TernISA

/// The `--cpu` models' extension sets.
final class CPUModelTests: XCTestCase {
    /// qemu 11's rv64 (`qemu-riscv64 -cpu rv64`, /proc/cpuinfo) lists
    /// rv64imafdch_zic64b_zicbom_zicbop_zicboz_ziccamoa_ziccif_zicclsm_ziccrse_zicntr_zicsr_
    /// zifencei_zihintntl_zihintpause_zihpm_zmmul_za64rs_zaamo_zalrsc_zawrs_zfa_zca_zcd_zba_
    /// zbb_zbc_zbs and privileged S*/Sh* names: the unprivileged extensions Tern knows
    /// must be exactly these.
    func testRv64IsQemusGenericCPU() throws {
        XCTAssertEqual(try CPUConfiguration.parse("rv64").extensions.isaString,
                       "rv64imafdc_zicbom_zicbop_zicboz_zicntr_zicsr_zifencei_zihintntl_zihintpause_zihpm_zawrs_zfa_zca_zcd_zba_zbb_zbc_zbs")
        let withMore = try CPUConfiguration.parse("rv64,zicond=true,zcb=true,zbc=false").extensions
        XCTAssertTrue(withMore.contains(.zicond) && withMore.contains(.zcb) && !withMore.contains(.zbc))
    }

    func testEveryModelIsListedByHelp() {
        for profile in CPUProfile.all {
            XCTAssertTrue(CPUProfile.helpText.contains("\n  \(profile.name) "), profile.name)
            XCTAssertNoThrow(try CPUConfiguration.parse(profile.name))
        }
    }
}
