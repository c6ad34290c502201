#!/bin/sh
# diag.sh - golden tests of diagnostics: every bad input under test/diag/
# gets exactly its expected message (CASE.err), exit status 1, and leaves
# nothing written.  A case runs `qnngen check CASE.yaml`, or the command in
# CASE.args (`run --input X -o out.npy`, say) with CASE.yaml after it, or,
# for a case with no YAML, the whole command line in CASE.cmd (`diff A B`).
# A case with CASE.unreadable has the file named there made unreadable
# first; those run only under test/diag_unreadable.sh (DIAG_UNREADABLE=only),
# since root reads everything.
#
#   QNN_BLESS=1 test/diag.sh   rewrites the .err files from what qnngen says
set -u
: "${QNNGEN:?}" "${top_srcdir:?}"
src="$top_srcdir/test/diag"
work=$(mktemp -d) || exit 99
trap 'chmod -R u+rw "$work"; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
mkdir -p "$work/adir.npy"
cd "$work" || exit 99
only_unreadable=${DIAG_UNREADABLE:-}

passed=0 failed=0
for file in *.yaml *.cmd; do
    case=${file%.*}
    if [ -f "$case.unreadable" ]; then
        [ "$only_unreadable" = only ] || continue
        chmod 000 "$(cat "$case.unreadable")"
    elif [ "$only_unreadable" = only ]; then
        continue
    fi
    if [ "$file" = "$case.cmd" ]; then
        set -- $(cat "$case.cmd")
    elif [ -f "$case.args" ]; then
        set -- $(cat "$case.args")
        cmd=$1; shift
        set -- "$cmd" "$file" "$@"
    else
        set -- check "$file"
    fi
    before=$(ls -A | sort)
    "$QNNGEN" "$@" >"$case.out" 2>"$case.got"
    status=$?
    after=$(ls -A | grep -v -e "^$case\.out\$" -e "^$case\.got\$" | sort)
    if [ "${QNN_BLESS:-}" = 1 ]; then
        cp "$case.got" "$src/$case.err"
    fi
    problem=
    [ "$status" -eq 1 ] || problem="exit status $status, expected 1"
    [ -s "$case.out" ] && problem="$problem; wrote to stdout"
    [ "$before" = "$after" ] || problem="$problem; left files behind"
    if [ ! -f "$case.err" ]; then
        problem="$problem; no golden file $case.err"
    elif ! diff -u "$case.err" "$case.got" >"$case.diff"; then
        problem="$problem; message differs:
$(cat "$case.diff")"
    fi
    if [ -n "$problem" ]; then
        failed=$((failed + 1))
        echo "FAIL $case: $problem"
    else
        passed=$((passed + 1))
    fi
    rm -f "$case.out" "$case.got" "$case.diff"
done
echo "$passed passed, $failed failed"
least=50
[ "$only_unreadable" = only ] && least=1
[ "$failed" -eq 0 ] && [ "$passed" -ge "$least" ]
