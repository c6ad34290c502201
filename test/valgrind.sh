#!/bin/sh
# valgrind.sh - check, run, generate and diff on the tiny and jet examples,
# and a few bad inputs, under valgrind memcheck: no invalid access, no use of
# uninitialised memory, and no leak of any kind (still-reachable included),
# on success and error paths alike.  Skips (77) without valgrind and in a
# sanitizer build (the two cannot run together).
set -u
: "${QNNGEN:?}" "${top_srcdir:?}"
[ -n "${QN_SANITIZED:-}" ] && { echo "sanitizer build: skipped"; exit 77; }
VALGRIND=${VALGRIND:-valgrind}
command -v "$VALGRIND" >/dev/null 2>&1 || { echo "no valgrind: skipped"; exit 77; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99

passed=0 failed=0
# vg EXPECTED-STATUS ARGS... : qnngen under memcheck; valgrind's own errors
# exit with 99, which no qnngen command uses
vg() {
    want=$1
    shift
    nice -n 10 "$VALGRIND" -q --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=all --errors-for-leak-kinds=all \
        "$QNNGEN" "$@" >out.txt 2>err.txt
    got=$?
    if [ "$got" -eq "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL (status $got, expected $want): qnngen $*"
        cat err.txt
    fi
}

ex=$top_srcdir/examples
diag=$top_srcdir/test/diag
for net in "$ex/tiny/tiny.yaml:$ex/tiny/tiny_x.npy" \
           "$ex/jet/jet_qkeras6.yaml:$ex/jet/jet_x64.npy"; do
    yaml=${net%%:*} x=${net#*:}
    name=$(basename "$yaml" .yaml)
    vg 0 check "$yaml"
    vg 0 run "$yaml" --input "$x" -o "$name.npy" --trace "$name-trace"
    vg 0 diff "$name.txt" "$name-trace/trace.txt"
    vg 0 generate "$yaml" -o "$name-rtl"
    vg 0 generate "$yaml" -o "$name-rtl"      # again: nothing changes
done
# error paths: syntax, a bad array file, many errors at once, a run input
# out of range, results that do not match
for case in syntax_unclosed npz_bad_crc many_errors npy_truncated; do
    vg 1 check "$diag/$case.yaml"
done
vg 1 diff tiny.txt jet_qkeras6.txt

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
