# program: vector
# compare: qemu
# cpu: rva23u64,vlen=256
# stdout-lines: v1: | csrs:
# Vector registers (org.gnu.gdb.riscv.vector, VLEN 256) and CSRs against qemu 11 -cpu
# rva23u64,vlen=256: info registers vector, element views, the vector CSRs; the v1 bytes
# and the CSRs gdb prints must be what the program printed; writes to v4 and vxrm
# that the program then reads back and prints.
set pagination off
set confirm off
set sysroot /
target remote @TARGET@
break checkpoint
continue
info registers vector
p $v1
p/x $v3.w
p/x $v2.b
p $vl
p/x $vtype
p $vlenb
p $vstart
p $vxrm
p $vxsat
p $vcsr
info registers vl vtype vlenb
printf "csrs: vlenb %d vl %d vtype 0x%x\n", $vlenb, $vl, $vtype
set $i = 0
printf "v1:"
while $i < $vlenb
  printf " %02x", $v1.b[$i]
  set $i = $i + 1
end
printf "\n"
set var $v4.b[0] = 0x42
set var $v4.l[1] = 0x1122334455667788
set var $v4.w[$vlenb / 4 - 1] = 0xdeadbeef
set var $vxrm = 3
p $v4
p $vcsr
continue
