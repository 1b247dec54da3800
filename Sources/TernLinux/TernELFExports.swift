// The ELF parser lives in TernELF (shared with the bare-metal machine); Linux
// clients see its types (`LoadError`, `ELFFile`) through this module as before.
@_exported import TernELF
