# test/rtl/setup.sh - sourced by the RTL generator's tests: strict shell,
# the tools (as `make check` passes them in the environment), and a
# temporary folder removed on exit (kept with RTL_KEEP=1).
set -eu
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${QNNGEN:=$top_builddir/qnngen}"
: "${PYTHON3:=/usr/bin/python3}"
: "${IVERILOG=$(command -v iverilog || true)}"
: "${VERILATOR=$(command -v verilator || true)}"
here=$top_srcdir/test/rtl

if [ ! -x "$QNNGEN" ]; then
    echo "ERROR: no qnngen binary at $QNNGEN"
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qnngen-rtl.XXXXXX")
rtl_clean() {
    if [ "${RTL_KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap rtl_clean EXIT
trap 'exit 1' HUP INT TERM

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# Skips the test (exit 77) unless Icarus Verilog is there.
need_iverilog() {
    if [ -z "$IVERILOG" ] || ! command -v "$IVERILOG" >/dev/null 2>&1; then
        echo "SKIP: no iverilog"
        exit 77
    fi
    VVP=$(dirname "$(command -v "$IVERILOG")")/vvp
}

have_verilator() {
    [ -n "$VERILATOR" ] && command -v "$VERILATOR" >/dev/null 2>&1
}

need_python_numpy() {
    if ! "$PYTHON3" -c 'import numpy, yaml' >/dev/null 2>&1; then
        echo "SKIP: $PYTHON3 lacks numpy or yaml (python3-numpy, python3-yaml)"
        exit 77
    fi
}

# The design folder's make, with the tools found here.
dmake() {
    make --no-print-directory IVERILOG="$IVERILOG" VVP="${VVP:-vvp}" \
        VERILATOR="${VERILATOR:-verilator}" "$@"
}

# Simulates design folder $1 (make sim, extra make arguments after it) and
# checks the summary: every value passed and at least one was checked.
sim_ok() {
    d=$1
    shift
    if ! dmake -C "$d" sim "$@" >"$d/sim/make.log" 2>&1; then
        tail -20 "$d/sim/make.log"
        return 1
    fi
    grep -q '^[1-9][0-9]* passed, 0 failed$' "$d/sim/sim.log"
}

# lint of design folder $1: verilator -Wall when there, iverilog -Wall.
lint_ok() {
    d=$1
    if have_verilator; then
        dmake -C "$d" lint-verilator >"$d/sim/lint.log" 2>&1 ||
            { cat "$d/sim/lint.log"; return 1; }
    fi
    dmake -C "$d" lint-icarus >"$d/sim/lint.log" 2>&1 ||
        { cat "$d/sim/lint.log"; return 1; }
}

# Ends the test: 0 when nothing failed.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures failure(s)"
        exit 1
    fi
    echo "all passed"
    exit 0
}
