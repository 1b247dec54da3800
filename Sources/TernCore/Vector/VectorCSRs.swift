import CoreGlue

/// The V extension's CSRs of a hart (vlenb aside, which the CPU model fixes).
public struct VectorCSRs: Sendable, Equatable {
    public var vl: UInt64
    public var vtype: UInt64
    public var vstart: UInt64
    /// Fixed-point rounding mode (2 bits) and saturation flag (1 bit).
    public var vxrm: UInt64, vxsat: UInt64

    public init(vl: UInt64, vtype: UInt64, vstart: UInt64, vxrm: UInt64, vxsat: UInt64) {
        self.vl = vl; self.vtype = vtype; self.vstart = vstart; self.vxrm = vxrm; self.vxsat = vxsat
    }
}

extension Hart {
    /// vl, vtype, vstart, vxrm and vxsat (for checkers and debuggers).
    public var vectorCSRs: VectorCSRs {
        get {
            let s = state.pointee
            return VectorCSRs(vl: s.vl, vtype: s.vtype, vstart: s.vstart, vxrm: UInt64(s.vxrm), vxsat: UInt64(s.vxsat))
        }
        set {
            state.pointee.vl = newValue.vl
            state.pointee.vtype = newValue.vtype
            state.pointee.vstart = newValue.vstart
            state.pointee.vxrm = UInt32(newValue.vxrm & 3)
            state.pointee.vxsat = UInt32(newValue.vxsat & 1)
        }
    }
}
