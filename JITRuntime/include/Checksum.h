// Checksums and page scans for checkpoint images and memory snapshots.
#ifndef TERN_CHECKSUM_H
#define TERN_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `length` bytes,
/// continuing from `crc` (0 to start). Uses SSE4.2's crc32 instruction when
/// the host has it, a table otherwise; both give the same values.
uint32_t tern_crc32c(uint32_t crc, const void *data, size_t length);

/// The table-driven CRC-32C (for tests: the hardware path must agree).
uint32_t tern_crc32c_portable(uint32_t crc, const void *data, size_t length);

/// 1 when all `length` bytes at `data` are zero (`length` a multiple of 8,
/// `data` 8-byte aligned).
int tern_is_zero(const void *data, size_t length);

#endif
