#!/bin/sh
# test/bench/fmax_ice40.sh - Fmax on iCE40 HX8K after place and route:
# small generated designs, 4-bit weights x 4-bit unsigned inputs, one
# dense layer (16 inputs, 4 neurons, 2 lanes, acc_bits 32, relu, 4-bit
# output), in three requantizer forms at simd 1 and simd 8:
#   const  a constant shift (6)
#   shift  a per-channel shift
#   mult   a per-channel 16-bit multiplier and a constant shift
# Each design: Yosys synth_ice40, then nextpnr-ice40 --hx8k (ct256) with
# FMAX_SEEDS (default "1 2 3"); the median is the figure.  Targets: at
# least 100 MHz, and simd 8 at least 90% of simd 1.
#
#   FMAX_FORMS   forms to run (default "const shift mult")
#   FMAX_SEEDS   nextpnr seeds (default "1 2 3")
#
# Exit 77 without yosys or nextpnr-ice40; 0 otherwise (a table, no verdict
# by exit status: measured figures belong to the bench, not to tests).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
QNNGEN=${QNNGEN:-$top_srcdir/qnngen}
PYTHON3=${PYTHON3:-/usr/bin/python3}
YOSYS=${YOSYS:-yosys}
NEXTPNR=${NEXTPNR:-nextpnr-ice40}
for t in "$YOSYS" "$NEXTPNR"; do
    if ! command -v "$t" >/dev/null 2>&1; then
        echo "SKIP: no $t"
        exit 77
    fi
done
forms=${FMAX_FORMS:-const shift mult}
seeds=${FMAX_SEEDS:-1 2 3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qn-fmax.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# net FORM SIMD: writes $tmp/n_FORM_SIMD/net.yaml and its arrays.
net() {
    "$PYTHON3" - "$tmp/n_$1_$2" "$1" "$2" <<'PY'
import os, sys
import numpy as np
d, form, simd = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(d)
rng = np.random.default_rng(1)
IN, OUT = 16, 4
def save(name, a):
    np.savetxt(os.path.join(d, name), a.reshape(1, -1) if a.ndim == 1 else a,
               fmt="%d", delimiter=",")
save("w.csv", rng.integers(-8, 8, (OUT, IN)))
save("b.csv", rng.integers(-100, 100, OUT))
req = "    shift: 6\n"
if form == "shift":
    save("s.csv", rng.integers(3, 9, OUT))
    req = "    shift: s.csv\n"
elif form == "mult":
    save("m.csv", rng.integers(1000, 30000, OUT))
    req = "    shift: 20\n    multiplier: m.csv\n    multiplier_bits: 16\n"
with open(os.path.join(d, "net.yaml"), "w") as f:
    f.write("qnngen: 1\nname: fm\ninput:\n  size: %d\n  bits: 4\n  signed: false\n"
            "layers:\n  - name: fc\n    type: dense\n    out: %d\n    weight: w.csv\n"
            "    weight_bits: 4\n    bias: b.csv\n    bias_bits: 8\n%s"
            "    rounding: half_even\n    activation: relu\n    out_bits: 4\n"
            "    acc_bits: 32\n    lanes: 2\n    simd: %d\n" % (IN, OUT, req, simd))
PY
}

# fmax FORM SIMD: the median over the seeds (MHz), seeds' figures in $tmp/FORM_SIMD.seeds
fmax() {
    d=$tmp/d_$1_$2
    net "$1" "$2"
    "$QNNGEN" generate "$tmp/n_$1_$2/net.yaml" -o "$d" >/dev/null
    (
        cd "$d"
        ulimit -v 6000000
        nice -n 10 "$YOSYS" -q -l yosys.log -p \
            "read_verilog rtl/lib/*.v rtl/*.v; synth_ice40 -top fm_top -json ice.json" \
            >/dev/null 2>&1
    ) || { echo "yosys failed on $1 simd $2" >&2; return 1; }
    for s in $seeds; do
        (
            cd "$d"
            ulimit -v 6000000
            nice -n 10 "$NEXTPNR" --hx8k --package ct256 --json ice.json --seed "$s" \
                --timing-allow-fail -l "pnr_$s.log" >/dev/null 2>&1
        ) || { echo "nextpnr failed on $1 simd $2 seed $s" >&2; return 1; }
        sed -n 's/.*Max frequency for clock .*: \([0-9.]*\) MHz.*/\1/p' "$d/pnr_$s.log" | tail -n 1
    done >"$tmp/$1_$2.seeds"
    sort -n "$tmp/$1_$2.seeds" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "== Fmax on iCE40 HX8K (ct256), yosys synth_ice40 + nextpnr-ice40, median of seeds $seeds"
echo "   4-bit weights x 4-bit inputs, 16 -> 4, 2 lanes, acc_bits 32"
printf '%-6s %10s %10s %8s   %s\n' form "simd 1" "simd 8" "8 / 1" "seeds (simd 1 | simd 8)"
for f in $forms; do
    a=$(fmax "$f" 1)
    b=$(fmax "$f" 8)
    printf '%-6s %10s %10s %8s   %s | %s\n' "$f" "$a" "$b" \
        "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f%%", 100 * b / a }')" \
        "$(tr '\n' ' ' <"$tmp/${f}_1.seeds")" "$(tr '\n' ' ' <"$tmp/${f}_8.seeds")"
done
echo "targets: >= 100 MHz; simd 8 >= 90% of simd 1"
