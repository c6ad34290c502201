/* diag.h - diagnostics: `file:line:col: error: message`.
 *
 * Errors are counted and reported as they are found, so one run reports all
 * of them; the pipeline stops before writing anything if the count is not
 * zero (as lemon's ErrorMsg does).
 */
#ifndef QN_DIAG_H
#define QN_DIAG_H

#include <stdio.h>

#include "node.h"

#if defined(__GNUC__)
#define QN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define QN_PRINTF(f, a)
#endif

/* Reports an error at `file:line:col`; line 0 leaves out the place, col 0
 * leaves out the column.  `file` may be NULL (then only `error: ...`). */
void qn_error_at(const char *file, qn_mark_t mark, const char *fmt, ...)
    QN_PRINTF(3, 4);
/* A note attached to the previous error, same format with `note:`. */
void qn_note_at(const char *file, qn_mark_t mark, const char *fmt, ...)
    QN_PRINTF(3, 4);
/* A warning (not counted as an error). */
void qn_warning_at(const char *file, qn_mark_t mark, const char *fmt, ...)
    QN_PRINTF(3, 4);

/* Errors reported so far. */
int qn_error_count(void);
/* Forget the count (tests and fuzzers run many inputs in one process). */
void qn_diag_reset(void);
/* Where diagnostics go; NULL (the default) means stderr.  The fuzzers send
 * them to /dev/null so that reporting does not dominate the run time. */
void qn_diag_set_stream(FILE *f);

/* The program's name for usage errors (`qnngen: error: ...`). */
extern const char *qn_progname;

#endif /* QN_DIAG_H */
