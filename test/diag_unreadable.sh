#!/bin/sh
# diag_unreadable.sh - the catalogue's unreadable-file cases (CASE.unreadable
# under test/diag/); root reads any file, so as root this skips (77).
[ "$(id -u)" -eq 0 ] && { echo "running as root: skipped"; exit 77; }
DIAG_UNREADABLE=only exec "${SHELL:-/bin/sh}" "$top_srcdir/test/diag.sh"
