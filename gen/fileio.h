/* fileio.h - whole-file writes: a file appears complete or not at all.
 *
 * qn_atomic_begin() opens a temporary file beside `path`; qn_atomic_commit()
 * flushes, closes and renames it over `path`; qn_atomic_abort() removes it.
 */
#ifndef QN_FILEIO_H
#define QN_FILEIO_H

#include <stdio.h>

typedef struct qn_atomic_file {
    FILE *f;          /* write here */
    char *path;       /* final name */
    char *tmp_path;   /* temporary name beside it */
} qn_atomic_file_t;

/* Returns 1, or 0 after reporting the error against `path`. */
int qn_atomic_begin(qn_atomic_file_t *af, const char *path);
int qn_atomic_commit(qn_atomic_file_t *af);
void qn_atomic_abort(qn_atomic_file_t *af);

/* mkdir -p; returns 1, or 0 after reporting. */
int qn_mkdir_p(const char *dir);

#endif /* QN_FILEIO_H */
