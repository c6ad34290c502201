#!/bin/sh
# test/rtl/outtree.sh - how `generate` updates a design folder: identical
# input changes nothing (timestamps kept); a weights-only change (fixed
# acc_bits and shifts) rewrites only memory and expected-result files (and
# the records qnngen.params and qnngen.manifest) and says which layer's
# weights changed; a weight change that grows a proven accumulator rewrites
# that layer's RTL and says why, with the width worked out by hand;
# files no longer generated are removed, build products kept; a failed
# write, a bad input or a stale manifest never leaves a half-written tree.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"

# A private copy of the golden network with acc_bits fixed.
net=$tmp/net
mkdir -p "$net"
cp "$here"/golden/*.csv "$net/"
sed 's/^layers:/defaults:\n  acc_bits: 16\nlayers:/' "$here/golden/small.yaml" >"$net/net.yaml"
d=$tmp/out/design

gen() {
    "$QNNGEN" generate "$net/net.yaml" -o "$d" --vectors 4 "$@" >"$tmp/gen.log" 2>&1
}
backdate() {
    find "$d" -type f -exec touch -d 2000-01-01T00:00:00 {} +
}
changed_files() {
    (cd "$d" && find . -type f -newermt 2001-01-01 | sed 's|^\./||' | LC_ALL=C sort)
}

gen --memory xilinx-ip || { cat "$tmp/gen.log"; fail "first generate"; finish; }
[ -f "$d/rtl/ip/gold_hid_lane0_rom.v" ] || fail "no IP stand-in"

# 1. Same input again: nothing is rewritten.  Build products are kept.
mkdir -p "$d/obj_dir"
echo product >"$d/obj_dir/Vgold_tb"
echo results >"$d/sim/results.txt"
backdate
gen --memory xilinx-ip || fail "second generate"
c=$(changed_files)
[ -z "$c" ] || fail "identical input rewrote: $c"
grep -q "0 new, 0 changed, .* unchanged, 0 removed" "$tmp/gen.log" ||
    { cat "$tmp/gen.log"; fail "summary of an identical run"; }

# 2. Without --memory xilinx-ip: the stand-ins go, the folder rtl/ip too.
gen || fail "generate inferred"
[ ! -e "$d/rtl/ip" ] || fail "rtl/ip still there"
grep -q "removed.*rtl/ip/gold_hid_lane0_rom.v" "$tmp/gen.log" ||
    fail "removed files are not listed"
[ -f "$d/obj_dir/Vgold_tb" ] && [ -f "$d/sim/results.txt" ] ||
    fail "build products were removed"

# 3. Retraining: one weight changes; only memories and expected results do.
backdate
sed -i 's/^1,-2,3,-4,0$/2,-2,3,-4,0/' "$net/hid_w.csv"
gen || { cat "$tmp/gen.log"; fail "generate after a weight change"; }
c=$(changed_files)
[ -n "$c" ] || fail "a weight change rewrote nothing"
for f in $c; do
    case $f in
        mem/*.mem | coe/*.coe | sim/expected*.mem | qnngen.manifest | qnngen.params) ;;
        *) fail "a weight change rewrote $f" ;;
    esac
done
echo "weight change rewrote: $(echo $c)"
grep -qx "  layer hid: new weights" "$tmp/gen.log" ||
    { cat "$tmp/gen.log"; fail "the weight change is not explained"; }
grep -qx "  RTL: unchanged" "$tmp/gen.log" || fail "no 'RTL: unchanged' line"
[ "$(sed -n '/^why:/,/^gold:/p' "$tmp/gen.log" | wc -l)" -eq 3 ] ||
    { cat "$tmp/gen.log"; fail "more reasons than the weight change"; }

# 4. A write that fails (a full disk, say) leaves the folder as it was.
cp -rp "$d" "$tmp/before"
backdate
sed -i 's/^2,-2,3,-4,0$/3,-2,3,-4,0/' "$net/hid_w.csv"
if QNNGEN_TEST_FAIL_WRITE=2 gen; then fail "an injected write failure succeeded"; fi
grep -q "left unchanged" "$tmp/gen.log" || { cat "$tmp/gen.log"; fail "no message"; }
c=$(changed_files)
[ -z "$c" ] || fail "a failed run touched: $c"
diff -r "$tmp/before" "$d" >/dev/null || fail "a failed run changed the folder"
[ "$(ls -A "$tmp/out")" = design ] || fail "temporary files left: $(ls -A "$tmp/out")"

# 5. Bad input: nothing written.
echo "qnngen: 2" >"$tmp/bad.yaml"
if "$QNNGEN" generate "$tmp/bad.yaml" -o "$d" >/dev/null 2>&1; then
    fail "a bad network was accepted"
fi
diff -r "$tmp/before" "$d" >/dev/null || fail "a bad input changed the folder"
if "$QNNGEN" generate "$tmp/bad.yaml" -o "$tmp/new" >/dev/null 2>&1 || [ -e "$tmp/new" ]; then
    fail "a bad network created its folder"
fi

# 6. An interrupted commit (whole files, stale manifest) is repaired.
gen || fail "generate"
cp "$d/qnngen.manifest" "$tmp/manifest"
echo garbage >"$d/rtl/gold_top.v"
rm "$d/mem/gold_lane0.mem" 2>/dev/null || rm "$d/mem/hid_lane0.mem"
gen || fail "repairing generate"
if command -v sha256sum >/dev/null 2>&1; then
    (cd "$d" && sha256sum --quiet -c qnngen.manifest) || fail "not repaired"
fi
cmp -s "$tmp/manifest" "$d/qnngen.manifest" || fail "manifest changed"

# 7. A proven accumulator grows: the golden network (acc_bits auto).  By
# hand (spec 3.2), layer hid: x in [-8, 7], bias * 2^2, p = 3 acc.  Row 0
# (1,-2,3,-4,0; bias 5): acc in [-74+20, 76+20] = [-54, 96]; row 1
# (-1,2,1,3,-3; bias -7): [-76-28, 74-28] = [-104, 46]; row 2 (2,2,-2,-1,1;
# bias 0): [-61, 59].  Largest |p| = 3 * 104 = 312 < 2^9: 10 bits.  With
# row 0 all -4: acc in [5 * -28 + 20, 5 * 32 + 20] = [-120, 180], p up to
# 540 >= 2^9: 11 bits.
anet=$tmp/auto
mkdir -p "$anet"
cp "$here"/golden/*.csv "$here/golden/small.yaml" "$anet/"
ad=$tmp/out/auto
"$QNNGEN" generate "$anet/small.yaml" -o "$ad" --vectors 4 >"$tmp/gen.log" 2>&1 ||
    fail "generate auto"
grep -qx "layer.hid.acc_bits 10 proven" "$ad/qnngen.params" ||
    fail "hid's proven accumulator is not 10 bits"
find "$ad" -type f -exec touch -d 2000-01-01T00:00:00 {} +
sed -i 's/^1,-2,3,-4,0$/-4,-4,-4,-4,-4/' "$anet/hid_w.csv"
"$QNNGEN" generate "$anet/small.yaml" -o "$ad" --vectors 4 >"$tmp/gen.log" 2>&1 ||
    fail "generate auto after the weight change"
grep -qx "  layer hid: accumulator width 10 -> 11 (proven from the new weights)" \
    "$tmp/gen.log" || { cat "$tmp/gen.log"; fail "the accumulator change is not explained"; }
grep -qx "  RTL: 1 file written: rtl/gold_hid.v" "$tmp/gen.log" ||
    { cat "$tmp/gen.log"; fail "RTL line"; }
[ -n "$(find "$ad/rtl/gold_hid.v" -newermt 2001-01-01)" ] || fail "hid's RTL not rewritten"
[ -z "$(find "$ad/rtl/gold_out.v" "$ad/rtl/gold_top.v" -newermt 2001-01-01)" ] ||
    fail "other RTL rewritten"
# The record: a first run and an unchanged run print no reasons.
grep -q "^why:" "$tmp/gen.log" || fail "no why: section"
"$QNNGEN" generate "$anet/small.yaml" -o "$ad" --vectors 4 >"$tmp/gen.log" 2>&1
if grep -q "^why:" "$tmp/gen.log"; then fail "an identical run printed reasons"; fi
# Other settings in words: lanes and the vector count.
sed -i 's/^    lanes: 2$/    lanes: 3/' "$anet/small.yaml"
"$QNNGEN" generate "$anet/small.yaml" -o "$ad" --vectors 5 >"$tmp/gen.log" 2>&1 ||
    fail "generate with lanes 3"
for line in "  layer hid: lanes 2 -> 3" "  test vectors: count 4 -> 5" \
            "  layer hid: lane memories 2 x 6 words of 6 bits -> 3 x 3 words of 6 bits"; do
    grep -qxF "$line" "$tmp/gen.log" || { cat "$tmp/gen.log"; fail "no line '$line'"; }
done

# 8. Usage errors exit 2.
usage_status() {
    rc=0
    "$QNNGEN" generate "$@" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 2 ] || fail "generate $*: exit $rc, not 2"
}
usage_status
usage_status "$net/net.yaml" --memory nope
usage_status "$net/net.yaml" --vectors 0
usage_status "$net/net.yaml" --ram-style tall
usage_status "$net/net.yaml" --bogus
finish
