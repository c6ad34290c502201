#!/bin/sh
# replay.sh - every seed input and every past fuzz finding runs through its
# harness's entry point (test/fuzz/replay_NAME) without a crash; under
# --enable-asan/--enable-ubsan without a sanitizer report too.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
status=0 total=0
for h in npy csv npz results netload; do
    dirs="$top_srcdir/test/fuzz/corpus/$h"
    [ -d "$top_srcdir/test/fuzz/regress/$h" ] &&
        dirs="$dirs $top_srcdir/test/fuzz/regress/$h"
    if out=$("$top_builddir/test/fuzz/replay_$h" $dirs); then
        echo "$h: $out"
        n=${out%% *}
        total=$((total + n))
        [ "$n" -gt 0 ] || { echo "FAIL $h: no inputs"; status=1; }
    else
        echo "FAIL $h: replay exited with status $?"
        status=1
    fi
done
echo "$total inputs replayed"
exit $status
