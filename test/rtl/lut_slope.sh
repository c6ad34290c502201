#!/bin/sh
# test/rtl/lut_slope.sh - the quick form of `make bench`'s LUT-per-MAC
# sweep: one lane's LUT count at simd 1 and 4 under Yosys synth_xilinx
# -nodsp must grow by no more than FINN's figures per MAC (44 for 4-bit
# weights x 4-bit inputs, 6.6 for binary x 1-bit).  Skips without yosys.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
export top_srcdir
LPM_QUICK=1 exec sh "$top_srcdir/test/bench/lut_per_mac.sh"
