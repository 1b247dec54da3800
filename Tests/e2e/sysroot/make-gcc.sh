# make + gcc (cc1, as, collect2, ld: each a riscv64 program execve'd under tern)
# build a three-file C program, which then runs (tern only: qemu-user cannot
# execve riscv64 programs without binfmt_misc).
cp -r "$1" src && cd src || exit 1
/usr/bin/make -s prog && ./prog; echo "make status $?"
/usr/bin/make -s clean; ls
