#!/bin/sh
# readers.sh - the array readers against files numpy and zipfile wrote.
#
# test/readers_make.py writes the files, their expected dumps and a
# manifest; test/unit_readers reads each file and its output is compared
# with the expectation (bit for bit, floats included).  Corrupt files must
# give their error and exit 1: a crash (status > 1) fails the test.
# Skips (77) without python3 and numpy.
set -eu

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
: "${PYTHON3:=/usr/bin/python3}"
unit="$top_builddir/test/unit_readers"

if [ ! -x "$PYTHON3" ] && ! command -v "$PYTHON3" >/dev/null 2>&1; then
  echo "readers.sh: skipped: no python3 ($PYTHON3)"
  exit 77
fi
if ! "$PYTHON3" -c 'import numpy' >/dev/null 2>&1; then
  echo "readers.sh: skipped: $PYTHON3 has no numpy"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qnngen-readers.XXXXXX")
clean() { rm -rf "$tmp"; }
trap clean EXIT

"$PYTHON3" "$top_srcdir/test/readers_make.py" "$tmp"

tab=$(printf '\t')
pass=0
fail=0
while IFS="$tab" read -r kind what mode file member; do
  status=0
  if [ -n "$member" ]; then
    "$unit" "$mode" "$tmp/$file" "$member" >"$tmp/out" 2>&1 || status=$?
  else
    "$unit" "$mode" "$tmp/$file" >"$tmp/out" 2>&1 || status=$?
  fi
  case $kind in
  ok)
    if [ "$status" -eq 0 ] && cmp -s "$tmp/out" "$tmp/$what.expect"; then
      pass=$((pass + 1))
    else
      echo "FAIL: $mode $file $member (exit $status)"
      diff "$tmp/$what.expect" "$tmp/out" | head -n 10 || true
      fail=$((fail + 1))
    fi ;;
  fail)
    if [ "$status" -eq 1 ] && grep -qF -e "$what" "$tmp/out"; then
      pass=$((pass + 1))
    else
      echo "FAIL: $mode $file $member (exit $status): want \"$what\", got:"
      head -n 5 "$tmp/out"
      fail=$((fail + 1))
    fi ;;
  fuzz)
    if [ "$status" -eq 0 ]; then
      pass=$((pass + 1))
    else
      echo "FAIL: fuzz $file (exit $status)"
      head -n 5 "$tmp/out"
      fail=$((fail + 1))
    fi ;;
  *)
    echo "readers.sh: bad manifest line: $kind"
    exit 99 ;;
  esac
done <"$tmp/manifest"

# qn_npy_write_i64: numpy must load the files and write the same bytes.
mkdir "$tmp/written"
if "$unit" write-i64 "$tmp/written" &&
   "$PYTHON3" "$top_srcdir/test/readers_make.py" --check-written "$tmp/written"; then
  pass=$((pass + 1))
else
  echo "FAIL: qn_npy_write_i64 output differs from np.save"
  fail=$((fail + 1))
fi

echo "readers.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
