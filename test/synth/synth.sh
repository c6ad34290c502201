#!/bin/sh
# test/synth/synth.sh - the synthesis targets of a generated design folder.
#   - examples/tiny: make synth (Yosys synth_xilinx), make synth-ice40
#     (synth_ice40 + nextpnr-ice40), make sim-gate (the iCE40 netlist with
#     the testbench: zero mismatches); report.json checked by
#     check_report.py: each lane memory one RAMB18 and one SB_RAM40_4K.
#   - bramnet (make_bramnet.py): lane memories of 1024 x 36 bits and
#     80 x 16 bits: make synth must give two RAMB36 and one RAMB18, as
#     worked out by hand, and qnngen must have expected the same.
# Skips (77) without yosys; the iCE40 part needs nextpnr-ice40 too.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_iverilog
need_python_numpy
: "${YOSYS=$(command -v yosys || true)}"
: "${NEXTPNR_ICE40=$(command -v nextpnr-ice40 || true)}"
if [ -z "$YOSYS" ] || ! command -v "$YOSYS" >/dev/null 2>&1; then
    echo "SKIP: no yosys"
    exit 77
fi
have_nextpnr() {
    [ -n "$NEXTPNR_ICE40" ] && command -v "$NEXTPNR_ICE40" >/dev/null 2>&1
}
# Yosys and nextpnr stay under 6 GB whatever happens.
ulimit -v 6000000 2>/dev/null || true
smake() {
    dmake YOSYS="$YOSYS" NEXTPNR_ICE40="${NEXTPNR_ICE40:-nextpnr-ice40}" \
        QNNGEN="$QNNGEN" "$@"
}
ex=$top_srcdir/examples

# tiny: both flows and the gate-level simulation.
d=$tmp/tiny
if "$QNNGEN" generate "$ex/tiny/tiny.yaml" --input "$ex/tiny/tiny_x.npy" \
        -o "$d" >"$tmp/gen.log" 2>&1; then
    smake -C "$d" synth >"$tmp/synth.log" 2>&1 ||
        { tail -20 "$tmp/synth.log"; fail "tiny: make synth"; }
    if have_nextpnr; then
        smake -C "$d" synth-ice40 >"$tmp/ice40.log" 2>&1 ||
            { tail -20 "$tmp/ice40.log"; fail "tiny: make synth-ice40"; }
        # Each of the four lane memories (9 or 4 words of 12 bits): one
        # RAMB18E1, one SB_RAM40_4K.
        "$PYTHON3" "$here/../synth/check_report.py" "$d" \
            "hid=2x18,out=2x18" ice40=4 || fail "tiny: report"
        grep -q '^Part: iCE40 hx8k' "$d/report.md" || fail "tiny: the part"
        grep -q 'Fmax \*\*[0-9.]* MHz' "$d/report.md" || fail "tiny: Fmax"
        smake -C "$d" sim-gate >"$tmp/gate.log" 2>&1 ||
            { tail -20 "$tmp/gate.log"; fail "tiny: make sim-gate"; }
        grep -q '^18 passed, 0 failed$' "$d/sim/gate.log" ||
            fail "tiny: gate-level simulation: $(cat "$d/sim/gate.log")"
        echo "tiny: $(grep -o 'Fmax \*\*[0-9.]* MHz' "$d/report.md"), gate level: $(head -1 "$d/sim/gate.log")"
    else
        echo "(no nextpnr-ice40: iCE40 flow and sim-gate not run)"
        "$PYTHON3" "$here/../synth/check_report.py" "$d" \
            "hid=2x18,out=2x18" || fail "tiny: report"
    fi
else
    cat "$tmp/gen.log"
    fail "tiny: generate"
fi

# Large lane memories: big's two lanes hold 1024 words of 36 bits each
# (one RAMB36 each; two RAMB18 cannot hold 1024 x 36), small's one lane
# 80 words of 16 bits (one RAMB18).
b=$tmp/bramnet
mkdir -p "$b"
"$PYTHON3" "$here/../synth/make_bramnet.py" "$b"
if "$QNNGEN" generate "$b/bramnet.yaml" -o "$b/d" --vectors 4 \
        >"$tmp/gen.log" 2>&1; then
    smake -C "$b/d" synth >"$tmp/synth.log" 2>&1 ||
        { tail -20 "$tmp/synth.log"; fail "bramnet: make synth"; }
    "$PYTHON3" "$here/../synth/check_report.py" "$b/d" "big=2x36,small=1x18" ||
        fail "bramnet: report"
    # The report must fail a wrong expectation (the checker can fail).
    if "$PYTHON3" "$here/../synth/check_report.py" "$b/d" \
            "big=4x18,small=1x18" >/dev/null 2>&1; then
        fail "check_report.py accepted a wrong BRAM count"
    fi
else
    cat "$tmp/gen.log"
    fail "bramnet: generate"
fi

# qnngen report: nothing synthesized, and a missing folder.
"$QNNGEN" generate "$ex/tiny/tiny.yaml" -o "$tmp/fresh" >/dev/null 2>&1
if "$QNNGEN" report "$tmp/fresh" >"$tmp/rep.log" 2>&1; then
    fail "qnngen report on an unsynthesized design succeeded"
fi
grep -q 'nothing synthesized yet' "$tmp/rep.log" || { cat "$tmp/rep.log"; fail "report: message"; }
[ ! -e "$tmp/fresh/report.md" ] || fail "report.md written on failure"
if "$QNNGEN" report "$tmp/nonexistent" >/dev/null 2>&1; then
    fail "qnngen report on a missing folder"
fi
finish
