#!/bin/sh
# run.sh - runs each libFuzzer harness for FUZZ_SECONDS (`make fuzz`):
#
#   run.sh SRCDIR OUTDIR SECONDS HARNESSES
#
# Each starts from its seed corpus (test/fuzz/corpus/NAME, read only) and the
# regression inputs (test/fuzz/regress/NAME); what it learns goes to
# OUTDIR/corpus/NAME and findings to OUTDIR/findings/NAME/.  Runs nice, and
# with libFuzzer's memory limits (2 GB resident, 2 GB in one malloc) rather
# than `ulimit -v`: AddressSanitizer reserves terabytes of address space for
# its shadow memory and cannot start under an address-space limit.
set -u
srcdir=$1 out=$2 seconds=$3 harnesses=$4
status=0
for h in $harnesses; do
    mkdir -p "$out/corpus/$h" "$out/findings/$h"
    dirs="$out/corpus/$h $srcdir/test/fuzz/corpus/$h"
    [ -d "$srcdir/test/fuzz/regress/$h" ] && dirs="$dirs $srcdir/test/fuzz/regress/$h"
    echo "fuzz_$h: $seconds s"
    ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=10:max_malloc_fill_size=0} \
    QN_FUZZ_ARRAYS="$srcdir/test/diag" nice -n 19 "$out/fuzz_$h" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$out/findings/$h/" \
        $dirs >"$out/fuzz_$h.log" 2>&1 || status=1
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|ERROR|SUMMARY' \
        "$out/fuzz_$h.log" || true
done
exit $status
