#!/bin/sh
# test/rtl/golden.sh - golden files: the design generated from
# test/rtl/golden/small.yaml must equal test/rtl/golden/expected/ (default
# options) and expected-ip/ (--memory xilinx-ip --ram-style distributed
# --trace) byte for byte, but for the version in the banners.  Also: two
# runs give identical trees; the manifest matches the files (sha256sum -c);
# rtl/lib/ holds the library modules unchanged behind their banners.
#
# GOLDEN_UPDATE=1 rewrites the expected trees from this build instead.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
g=$here/golden

# Files of a design folder that the goldens cover, sorted.
covered() {
    (cd "$1" && find . -type f ! -path './rtl/lib/*' ! -name qnngen.manifest |
        sed 's|^\./||' | LC_ALL=C sort)
}

# A copy of design folder $1 in $2 with "qnngen X.Y.Z:" made "qnngen VERSION:".
normalize() {
    for f in $(covered "$1"); do
        mkdir -p "$2/$(dirname "$f")"
        sed '1,3s/^\(\/\/\|#\|;\) qnngen [^ :]*: /\1 qnngen VERSION: /' "$1/$f" >"$2/$f"
    done
}

variant() {
    name=$1
    shift
    # Run from the YAML's folder, so the banners name it as `small.yaml`.
    (cd "$g" && "$QNNGEN" generate small.yaml -o "$tmp/$name" --vectors 4 "$@") \
        >"$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log"; fail "$name: generate"; return; }
    (cd "$g" && "$QNNGEN" generate small.yaml -o "$tmp/$name.again" --vectors 4 "$@") \
        >/dev/null 2>&1
    diff -r "$tmp/$name" "$tmp/$name.again" >/dev/null ||
        fail "$name: two runs differ"
    normalize "$tmp/$name" "$tmp/$name.norm"
    if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
        rm -rf "${g:?}/$name"
        cp -r "$tmp/$name.norm" "$g/$name"
        echo "updated $g/$name"
        return
    fi
    if ! diff -r "$g/$name" "$tmp/$name.norm" >"$tmp/$name.diff"; then
        head -40 "$tmp/$name.diff"
        fail "$name: differs from the golden files"
    fi
    # The manifest names every file with its SHA-256.
    if command -v sha256sum >/dev/null 2>&1; then
        (cd "$tmp/$name" && sha256sum --quiet -c qnngen.manifest) ||
            fail "$name: manifest"
        n=$(find "$tmp/$name" -type f ! -name qnngen.manifest | wc -l)
        m=$(wc -l <"$tmp/$name/qnngen.manifest")
        [ "$n" -eq "$m" ] || fail "$name: $n files, $m in the manifest"
    fi
    # The library, copied whole after a three-line banner.
    for f in "$tmp/$name"/rtl/lib/*.v; do
        tail -n +4 "$f" | cmp -s - "$top_srcdir/templates/$(basename "$f")" ||
            fail "$name: $(basename "$f") is not the library module"
    done
}

variant expected
variant expected-ip --memory xilinx-ip --ram-style distributed --trace
finish
