#!/bin/sh
# outtree_kill.sh - `generate` killed with SIGKILL at points through its
# commit (QNNGEN_TEST_KILL_AT=KIND:N, see outtree.h) while it updates the
# magloc design from one configuration to another:
#   - killed while writing the temporary tree: the folder is exactly as it
#     was, timestamps included;
#   - killed while renaming files into place, removing old ones or before
#     the manifest: every file is whole (the old or the new version), build
#     products are kept;
#   - either way the next run repairs the folder to exactly the new design
#     and removes the killed run's temporary folder.
set -u
: "${QNNGEN:?}" "${top_srcdir:?}"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
net=$top_srcdir/examples/magloc/magloc.yaml
old_opts="--memory xilinx-ip --vectors 2"
new_opts="--vectors 3"

failed=0 passed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# A listing that shows any change to a file: path, size, mtime, contents.
listing() {
    (cd "$1" && find . -type f -printf '%P %s %T@ ' -exec sha256sum {} \; |
        LC_ALL=C sort)
}

# The old design with build products in it, and the new design.
"$QNNGEN" generate "$net" -o "$work/old" $old_opts >/dev/null || exit 99
mkdir -p "$work/old/obj_dir"
echo product >"$work/old/obj_dir/Vmagloc_tb"
echo results >"$work/old/sim/results.txt"
find "$work/old" -type f -exec touch -d 2000-01-01T00:00:00 {} +
cp -a "$work/old" "$work/new"
"$QNNGEN" generate "$net" -o "$work/new" $new_opts >"$work/new.log" || exit 99
old_list=$(listing "$work/old")
summary=$(tail -1 "$work/new.log")
echo "old -> new: $summary"
case $summary in
    *" 0 changed"* | *" 0 removed"*) echo "the two designs do not differ enough"; exit 99 ;;
esac

for point in write:1 write:5 rename:1 rename:6 remove:1 remove:50 manifest:1; do
    d=$work/run/design
    rm -rf "$work/run"
    mkdir -p "$work/run"
    cp -a "$work/old" "$d"
    QNNGEN_TEST_KILL_AT=$point "$QNNGEN" generate "$net" -o "$d" $new_opts \
        >/dev/null 2>&1
    status=$?
    [ "$status" -eq 137 ] || { fail "$point: exit status $status, expected 137 (killed)"; continue; }
    ls -A "$work/run" | grep -q qnngen-tmp || fail "$point: no temporary folder left (killed too late?)"
    case $point in
    write:*)
        [ "$(listing "$d")" = "$old_list" ] ||
            fail "$point: the folder changed before the new tree was complete"
        ;;
    *)
        (cd "$d" && find . -type f | sed 's|^\./||') | while read -r f; do
            cmp -s "$d/$f" "$work/old/$f" || cmp -s "$d/$f" "$work/new/$f" ||
                echo "$f"
        done >"$work/partial"
        [ -s "$work/partial" ] && fail "$point: not whole: $(head -3 "$work/partial")"
        cmp -s "$d/qnngen.manifest" "$work/old/qnngen.manifest" ||
            fail "$point: the manifest was replaced before the files"
        [ -f "$d/obj_dir/Vmagloc_tb" ] && [ -f "$d/sim/results.txt" ] ||
            fail "$point: build products removed"
        ;;
    esac
    # the next run repairs everything
    "$QNNGEN" generate "$net" -o "$d" $new_opts >"$work/repair.log" 2>&1 ||
        { fail "$point: the next run failed: $(cat "$work/repair.log")"; continue; }
    diff -r "$d" "$work/new" >"$work/diff" ||
        fail "$point: not repaired: $(head -5 "$work/diff")"
    ls -A "$work/run" | grep -q qnngen-tmp && fail "$point: temporary folder not removed"
    passed=$((passed + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq 7 ]
