import CoreGlue
import TernISA

/// Where an instruction's `rd` lives and whether the op may be dropped when rd is x0.
enum Destination {
    /// Integer rd, no other effect: dropped when rd is x0.
    case pureX
    /// Integer rd with side effects (memory, flags, CSRs): rd x0 goes to the sink.
    case effectX
    /// Floating-point rd (or no rd): operands copied as they are.
    case other
}
