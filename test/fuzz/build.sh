#!/bin/sh
# build.sh - builds the libFuzzer harnesses with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (`make fuzz-build` calls it):
#
#   build.sh SRCDIR BUILDDIR OUTDIR HARNESSES -- LIBRARY-SOURCES...
#
# The library is compiled again (into OUTDIR/obj) with coverage
# instrumentation; the normal build is not touched.  Everything is rebuilt
# when any source or header is newer than the last build.
# Environment: FUZZ_CC (clang), YAML_CFLAGS, YAML_LIBS, ZLIB_LIBS, LIBS.
set -eu
srcdir=$1 builddir=$2 out=$3 harnesses=$4
shift 4
[ "$1" = -- ] && shift
cc=${FUZZ_CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san -std=c11 -include $builddir/config.h
  -I$builddir -I$srcdir/gen -I$srcdir/test/fuzz ${YAML_CFLAGS:-} ${ZLIB_CFLAGS:-}
  -DQN_TEMPLATE_DIR=\"$srcdir/templates\""
mkdir -p "$out/obj"
stamp="$out/obj/.built"
if [ -f "$stamp" ] &&
   [ -z "$(find "$srcdir/gen" "$srcdir/test/fuzz" -newer "$stamp" \
           \( -name '*.c' -o -name '*.h' \) | head -1)" ]; then
    exit 0
fi
objs=
for src in "$@"; do
    case $src in *.c) ;; *) continue ;; esac
    obj="$out/obj/$(basename "$src" .c).o"
    $cc $cflags -fsanitize=fuzzer-no-link -c "$srcdir/$src" -o "$obj"
    objs="$objs $obj"
done
$cc $cflags -fsanitize=fuzzer-no-link -c "$srcdir/test/fuzz/quiet.c" -o "$out/obj/quiet.o"
rm -f "$out/obj/libqnngen-fuzz.a"
ar rc "$out/obj/libqnngen-fuzz.a" $objs "$out/obj/quiet.o"
for h in $harnesses; do
    $cc $cflags -fsanitize=fuzzer "$srcdir/test/fuzz/fuzz_$h.c" \
        "$out/obj/libqnngen-fuzz.a" ${YAML_LIBS:-} ${ZLIB_LIBS:-} ${LIBS:-} \
        -o "$out/fuzz_$h"
done
touch "$stamp"
