#!/bin/sh
# bootstrap.sh - set up a fresh machine, build qnngen, and run something.
#
#   sh bootstrap.sh demo    install, build, then the main job on the bundled
#                           example: check, run the reference, generate the
#                           design, simulate it, compare, report
#   sh bootstrap.sh check   install, build, then the whole test suite
#
# Installing needs root (or sudo) and Debian's packages; it is skipped for
# what is already there.
set -eu
cd "$(dirname "$0")"
job=${1:-demo}

packages="autoconf automake make gcc pkg-config libyaml-dev zlib1g-dev
  iverilog verilator yosys nextpnr-ice40 fpga-icestorm
  python3-numpy python3-yaml python3-sklearn tcl groff-base
  clang libclang-rt-14-dev valgrind"

missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "bootstrap: installing$missing"
    sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi
fi
[ -f Makefile ] || ./configure --quiet
make -j2 --quiet

case $job in
demo)
    exec sh examples/demo.sh
    ;;
check)
    status=0
    make -j2 check || status=$?
    # one plain summary line, whatever automake printed above
    pass=0 fail=1 skip=0
    if [ -f test-suite.log ]; then
        pass=$(sed -n 's/^# PASS: *//p' test-suite.log)
        fail=$(( $(sed -n 's/^# FAIL: *//p' test-suite.log) + $(sed -n 's/^# ERROR: *//p' test-suite.log) + $(sed -n 's/^# XPASS: *//p' test-suite.log) ))
        skip=$(sed -n 's/^# SKIP: *//p' test-suite.log)
    fi
    echo "$pass passed, $fail failed, $skip skipped"
    exit $status
    ;;
*)
    echo "usage: sh bootstrap.sh [demo|check]" >&2
    exit 2
    ;;
esac
