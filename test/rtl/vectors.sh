#!/bin/sh
# test/rtl/vectors.sh - the default number of random test vectors: 8 (and
# layers + 3) for ordinary designs; for a design whose run would be long,
# the fewest that still measure the steady-state interval, layers - b + 2
# with b the last slowest layer (at least 3), and progress lines in the
# testbench, printed on a terminal only.  (That 7 vectors measure magloc's steady state, and 6 do not,
# is in `make bench`'s cycle table and was checked with Verilator.)
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_python_numpy

# net NAME "in:out:lanes:simd ..." INPUT_SIZE: a network of zero weights.
net() {
    "$PYTHON3" - "$tmp" "$@" <<'PY'
import sys, numpy as np
d, name, spec, size = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4])
arrays, layers = {}, []
for i, s in enumerate(spec):
    n_in, n_out, lanes, simd = map(int, s.split(":"))
    arrays["l%d" % i] = np.zeros((n_out, n_in), dtype=np.int8)
    layers.append("  - {name: l%d, type: dense, out: %d, weight: l%d, shift: 0,"
                  " lanes: %d, simd: %d}" % (i, n_out, i, lanes, simd))
np.savez("%s/%s.npz" % (d, name), **arrays)
with open("%s/%s.yaml" % (d, name), "w") as f:
    f.write("qnngen: 1\nname: %s\nweights: %s.npz\n"
            "input: {size: %d, bits: 4, signed: true}\n"
            "defaults: {weight_bits: 4, out_bits: 8}\nlayers:\n%s\n"
            % (name, name, size, "\n".join(layers)))
PY
}

# expect NAME VECTORS PROGRESS: generate, then check the count the summary
# and the testbench give, and whether the testbench prints progress lines.
expect() {
    "$QNNGEN" generate "$tmp/$1.yaml" -o "$tmp/$1" >"$tmp/$1.log" 2>&1 ||
        { cat "$tmp/$1.log"; fail "$1: generate"; return; }
    grep -q "^  $2 test vectors;" "$tmp/$1.log" ||
        fail "$1: expected $2 vectors: $(grep 'test vectors' "$tmp/$1.log")"
    grep -q "localparam integer N_VECTORS    = $2;" "$tmp/$1/tb/$1_tb.v" ||
        fail "$1: testbench N_VECTORS is not $2"
    every=$(sed -n 's/.*PROGRESS_EVERY = \([0-9]*\);.*/\1/p' "$tmp/$1/tb/$1_tb.v")
    if [ "$3" = yes ]; then
        [ "${every:-0}" -gt 0 ] || fail "$1: no progress lines"
    else
        [ "${every:-x}" = 0 ] || fail "$1: progress lines every $every cycles"
    fi
}

# Short runs: 8 vectors, or layers + 3.
net short2 "4:4:2:2 4:3:1:4" 4
expect short2 8 no
net deep "4:4:4:4 4:4:4:4 4:4:4:4 4:4:4:4 4:4:4:4 4:4:4:4 4:4:4:4" 4
expect deep 10 no
# Long runs: the last layer slowest (300000 cycles) -> 3; the first -> 5.
net lastslow "4:4:4:4 4:4:4:4 4:300000:1:1" 4
expect lastslow 3 yes
net firstslow "1000:300:1:1 300:2:2:300 2:2:2:2" 1000
expect firstslow 5 yes
# --vectors still decides.
"$QNNGEN" generate "$tmp/lastslow.yaml" -o "$tmp/asked" --vectors 9 >"$tmp/asked.log" 2>&1 &&
    grep -q '^  9 test vectors;' "$tmp/asked.log" || fail "--vectors 9 not honoured"

# The progress lines themselves: printed when make's output is a terminal
# (`script` gives it one), never off one, never into sim/sim.log. One
# vector of 512 -> 400 at lanes 1, simd 1: 204800 cycles.
need_iverilog
net longrun "512:400:1:1" 512
"$QNNGEN" generate "$tmp/longrun.yaml" -o "$tmp/longrun" --vectors 1 >/dev/null 2>&1 ||
    fail "longrun: generate"
dmake -C "$tmp/longrun" sim >"$tmp/plain.out" 2>&1 || fail "longrun: make sim"
grep -q '^400 passed, 0 failed$' "$tmp/plain.out" || fail "longrun: no summary"
! grep -q '^\[tb\]' "$tmp/plain.out" "$tmp/longrun/sim/sim.log" ||
    fail "longrun: progress lines off a terminal"
if command -v script >/dev/null 2>&1; then
    script -qec "make --no-print-directory -C '$tmp/longrun' sim IVERILOG='$IVERILOG' VVP='$VVP'" \
        /dev/null </dev/null >"$tmp/tty.out" 2>&1 || fail "longrun: make sim on a terminal"
    grep -q '^\[tb\] cycle [0-9]* of about [0-9]*, 0 of 1 vectors out' "$tmp/tty.out" ||
        fail "longrun: no progress lines on a terminal"
    grep -q '^400 passed, 0 failed' "$tmp/tty.out" || fail "longrun: no summary on a terminal"
    ! grep -q '^\[tb\]' "$tmp/longrun/sim/sim.log" || fail "longrun: progress lines in sim.log"
    grep -q '^400 passed, 0 failed$' "$tmp/longrun/sim/sim.log" || fail "longrun: sim.log"
else
    echo "no script(1): the terminal half of the progress check is skipped"
fi

[ "$failures" -eq 0 ] || exit 1
echo "all passed"
