/* outtree.h - a design folder built in memory and committed all at once.
 *
 * The emitters add whole files (path relative to the folder, contents);
 * qn_outtree_commit() then makes the folder on disk match:
 *
 *   1. every file whose contents differ from what is on disk is written
 *      into a temporary folder next to the target (same file system);
 *      any failure here removes the temporary folder and leaves the target
 *      exactly as it was;
 *   2. each changed file is renamed into place (each file whole); files
 *      whose contents are already there are not touched, so their
 *      timestamps stay;
 *   3. files listed in the previous manifest but no longer generated are
 *      removed (with the folders that become empty);
 *   4. the manifest `qnngen.manifest` (`<sha256>  <path>` per file, the
 *      format of sha256sum) is written last, by a rename.
 *
 * Files that were never in a manifest (simulation outputs, obj_dir,
 * synthesis reports) are never touched.  A failure during steps 2-4 leaves
 * only whole files and an old manifest; the next run compares contents,
 * not the manifest, so it repairs the folder.  The temporary folder is
 * named `.NAME.qnngen-tmp-PID-XXXXXX`; one that a killed run left behind
 * (its PID gone) is removed by the next commit to the same folder.
 *
 * Ownership: the tree owns copies of every path and every file's data.
 */
#ifndef QN_OUTTREE_H
#define QN_OUTTREE_H

#include <stddef.h>
#include <stdio.h>

#include "emit.h"

#define QN_MANIFEST_NAME "qnngen.manifest"

typedef struct qn_outtree qn_outtree_t;

/* What a commit did. */
typedef struct qn_commit_stats {
    int added;     /* files that did not exist before */
    int changed;   /* files rewritten with new contents */
    int unchanged; /* files left untouched */
    int removed;   /* files of the old manifest no longer generated */
} qn_commit_stats_t;

qn_outtree_t *qn_outtree_new(void);
void qn_outtree_free(qn_outtree_t *t);

/* Adds a file with a copy of data[len].  `path` is relative, '/'-separated,
 * without "." or ".." parts.  Returns 1, or 0 after reporting the error
 * (bad or duplicate path, out of memory). */
int qn_outtree_add(qn_outtree_t *t, const char *path, const char *data,
                   size_t len);
/* Adds a file with the contents of `b`, taking them (b is left empty). */
int qn_outtree_add_buf(qn_outtree_t *t, const char *path, qn_buf_t *b);

/* Files added so far. */
size_t qn_outtree_count(const qn_outtree_t *t);
/* Contents of the file at `path`, or NULL. */
const char *qn_outtree_get(const qn_outtree_t *t, const char *path,
                           size_t *len);

/* Path of the i-th file (0 <= i < count; sorted after a commit). */
const char *qn_outtree_path(const qn_outtree_t *t, size_t i);
/* After a successful commit: whether the i-th file was added or
 * rewritten (0 when its contents were already there). */
int qn_outtree_written(const qn_outtree_t *t, size_t i);

/* Testing: make the n-th file write of the next commit fail (1-based;
 * 0 turns it off), as a full disk would. */
void qn_outtree_fail_after(qn_outtree_t *t, long n);

/* Testing: kill the process (SIGKILL, as a crash or `kill -9` would) at a
 * step of the next commit.  `spec` is KIND:N, the N-th step (1-based) of
 * KIND: `write` (a file into the temporary folder), `rename` (a changed
 * file into place), `remove` (a file no longer generated), `manifest` (the
 * manifest into place).  Returns 0 for a malformed spec. */
typedef enum qn_step_kind {
    QN_STEP_WRITE, QN_STEP_RENAME, QN_STEP_REMOVE, QN_STEP_MANIFEST,
    QN_STEP_KINDS
} qn_step_kind_t;
int qn_outtree_kill_at(qn_outtree_t *t, const char *spec);

/* Makes folder `dir` hold exactly the tree (see above).  Prints a line per
 * added, changed and removed file to `log` when it is not NULL.  Returns 1,
 * or 0 after reporting the error through diag.h. */
int qn_outtree_commit(qn_outtree_t *t, const char *dir, FILE *log,
                      qn_commit_stats_t *stats);

#endif /* QN_OUTTREE_H */
