/* params.h - qnngen.params: the record of what a design was derived from,
 * and why a regenerated design differs from the previous one.
 *
 * `generate` writes qnngen.params into the design folder beside the
 * manifest: one `KEY VALUE` line per derived parameter (per layer: sizes,
 * types, the accumulator width and whether it was proven or given, shift,
 * multiplier, lanes, simd, memory geometry, latencies) and a fingerprint of
 * every integer array and of the test vectors.  On regeneration the
 * previous file is compared key by key, and every difference is printed in
 * words ("layer fc1: accumulator width 18 -> 19 (proven from the new
 * weights)"), so a user who sees RTL files change also sees why.
 *
 * Ownership: qn_params_text() returns text the caller frees;
 * qn_params_read_old() returns the previous file's text (or NULL).
 */
#ifndef QN_PARAMS_H
#define QN_PARAMS_H

#include <stddef.h>
#include <stdio.h>

#include "emit.h"

#define QN_PARAMS_NAME "qnngen.params"

/* Adds qnngen.params to the tree.  Returns 1, or 0 after reporting. */
int qn_emit_params(qn_outtree_t *t, const qn_design_t *d);

/* The contents of DIR/qnngen.params before this run, NUL-terminated and
 * malloc'ed, or NULL when there is none (a first run, or a folder written
 * by an older qnngen). */
char *qn_params_read_old(const char *dir);

/* Prints, one line each to `out`, every difference between the old and the
 * new record, in words.  Returns the number of lines printed. */
int qn_params_explain(const char *old_text, const char *new_text, FILE *out);

#endif /* QN_PARAMS_H */
