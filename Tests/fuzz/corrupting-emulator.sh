#!/usr/bin/env bash
# A deliberately wrong stand-in for `tern run [--stats-json F] ELF`: runs the ELF under
# qemu-riscv64 and, in every fuzz record whose final x10 (a0) is 1, makes it 3.
# Used by self-check.sh to prove that `tern fuzz` reports and minimizes a mismatch.
set -o pipefail
elf=${!#}
"${QEMU:-qemu-riscv64}" "$elf" | perl -e '
    binmode STDIN; binmode STDOUT; local $/; my $d = <STDIN> // "";
    # record: buffer[512] index[8] x0..x31[8 each] ...; x10 starts at 512 + 8 + 80.
    for (my $o = 0; $o + 1040 <= length $d; $o += 1040) {
        my $p = $o + 600;
        substr($d, $p, 8) = pack("Q<", 3) if unpack("Q<", substr($d, $p, 8)) == 1;
    }
    print $d;'
