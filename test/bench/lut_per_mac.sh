#!/bin/sh
# test/bench/lut_per_mac.sh - LUT per MAC of one lane (qn_mac_lane): the
# slope of its LUT count against simd under Yosys `synth_xilinx -nodsp`,
# for 4-bit signed weights x 4-bit unsigned inputs (mac: auto and mac: lut)
# and binary weights x 1-bit inputs.  FINN's cost model (Vivado) gives
# about 44 and 6.6 LUT per MAC for the same two cases; ours come from
# Yosys, so they compare the order of magnitude, not the last LUT.
#
#   LPM_SIMD   simd values (default "1 2 4 8 16 32 64")
#   LPM_QUICK=1  two points (simd 1 and 4) and a pass/fail against the
#              FINN figures: the check test/rtl/lut_slope.sh runs
#
# The accumulator width is fixed per case (16 bits, 12 for binary), wide
# enough for every simd here, so only the products and the adder tree grow
# with simd.  Exit 77 without yosys; 1 when LPM_QUICK and a slope is over.
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
YOSYS=${YOSYS:-yosys}
if ! command -v "$YOSYS" >/dev/null 2>&1; then
    echo "SKIP: no yosys"
    exit 77
fi
simds=${LPM_SIMD:-1 2 4 8 16 32 64}
[ "${LPM_QUICK:-0}" = 1 ] && simds="1 4"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qn-lpm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
lane=$top_srcdir/templates/qn_mac_lane.v

# luts SIMD W_BITS X_BITS ACC_BITS MAC_STYLE: LUTs of one lane.
luts() {
    log=$tmp/s$1_w$2_x$3_m$5.txt
    (
        ulimit -v 6000000
        nice -n 10 "$YOSYS" -q -p "read_verilog $lane;
            chparam -set SIMD $1 -set W_BITS $2 -set X_BITS $3 -set X_SIGNED 0 \
                    -set ACC_BITS $4 -set MAC_STYLE $5 qn_mac_lane;
            synth_xilinx -nodsp -top qn_mac_lane; tee -q -o $log stat" >/dev/null 2>&1
    ) || { echo "yosys failed: simd $1 w $2 x $3 style $5" >&2; exit 1; }
    awk '$1 ~ /^LUT[1-6]$/ { n += $2 } END { print n + 0 }' "$log"
}

#        name                     W X ACC STYLE FINN
cases="w4a4_auto 4 4 16 0 44
w4a4_lut 4 4 16 2 44
w1a1 1 1 12 0 6.6"

printf '%-6s' simd >"$tmp/table"
echo "$cases" | while read -r name w x acc st finn; do printf ' %10s' "$name"; done >>"$tmp/table"
echo >>"$tmp/table"
for s in $simds; do
    printf '%-6s' "$s"
    echo "$cases" | while read -r name w x acc st finn; do
        n=$(luts "$s" "$w" "$x" "$acc" "$st")
        echo "$s $n" >>"$tmp/$name.pts"
        printf ' %10s' "$n"
    done
    echo
done >>"$tmp/table"

echo "== LUT per MAC: one qn_mac_lane, yosys synth_xilinx -nodsp ($("$YOSYS" -V | cut -d' ' -f1-2))"
cat "$tmp/table"
echo
printf '%-10s %10s %10s %s\n' case slope end-to-end "FINN (Vivado cost model)"
status=0
for name in w4a4_auto w4a4_lut w1a1; do
    finn=$(echo "$cases" | awk -v n="$name" '$1 == n { print $6 }')
    # Least-squares slope of LUTs against simd, and (last - first) / (simd span).
    awk -v n="$name" -v f="$finn" '
        { x[NR] = $1; y[NR] = $2; sx += $1; sy += $2 }
        END {
            mx = sx / NR; my = sy / NR
            for (i = 1; i <= NR; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
            slope = sxy / sxx; ends = (y[NR] - y[1]) / (x[NR] - x[1])
            printf "%-10s %10.1f %10.1f <= %s: %s\n", n, slope, ends, f, (slope <= f ? "yes" : "NO")
            exit (slope <= f ? 0 : 1)
        }' "$tmp/$name.pts" || status=1
done
[ "${LPM_QUICK:-0}" = 1 ] && exit $status
exit 0
