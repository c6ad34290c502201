/* array.h - integer and float arrays read from .npy, .npz and .csv files.
 *
 * npy.c, npz.c and csv.c implement this; npz.c is the only file that uses
 * zlib.  Readers never crash on bad files: they bound every size before
 * allocating, and return 0 with a message in a qn_array_error_t.
 *
 * Ownership: a filled qn_array_t owns `ints` or `reals`;
 * qn_array_free() releases them (and takes NULL or an empty array).
 */
#ifndef QN_ARRAY_H
#define QN_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qn_limits.h"

#define QN_ARRAY_MAX_DIMS QN_MAX_ARRAY_DIMS
/* Largest element count a reader accepts (bounded before allocation). */
#define QN_ARRAY_MAX_ELEMENTS QN_MAX_ARRAY_ELEMENTS

typedef enum qn_array_kind {
    QN_ARRAY_INT,   /* any integer dtype; values in `ints` */
    QN_ARRAY_FLOAT, /* float16/32/64 dtypes; values in `reals` */
    QN_ARRAY_BOOL   /* numpy bool; values 0/1 in `ints` */
} qn_array_kind_t;

/* Where a reader puts integer elements. */
typedef enum qn_array_store {
    QN_ARRAY_STORE_INT64, /* always `ints` */
    QN_ARRAY_STORE_NARROW /* `narrow` when the file is a C-order .npy of
                             int8, uint8 or int16 (weights, read without a
                             wide copy); otherwise `ints` */
} qn_array_store_t;

typedef struct qn_array {
    qn_array_kind_t kind;
    int ndim;                       /* 0..QN_ARRAY_MAX_DIMS */
    size_t shape[QN_ARRAY_MAX_DIMS];
    size_t count;                   /* product of shape (1 for ndim 0) */
    int64_t *ints;                  /* INT, BOOL: [count], C order; NULL
                                       when `narrow` holds the values */
    int16_t *narrow;                /* INT read with QN_ARRAY_STORE_NARROW
                                       (see there): [count], C order */
    double *reals;                  /* FLOAT: [count], C order */
    char dtype[16];                 /* as written in the file, e.g. "<i2", for messages */
} qn_array_t;

/* What went wrong.  `line`/`col` are 1-based places inside the array file
 * itself (CSV rows), 0 when there is none. */
typedef struct qn_array_error {
    char message[256];
    int line;
    int col;
} qn_array_error_t;

/* Integer element k of an INT or BOOL array, from whichever of `ints` and
 * `narrow` holds it. */
static inline int64_t qn_array_int(const qn_array_t *a, size_t k)
{
    return a->narrow ? a->narrow[k] : a->ints[k];
}

/* .npy from memory (a whole file's bytes) and from a path.  The _as
 * forms take where integers go; the others store them as int64. */
int qn_npy_parse(const unsigned char *buf, size_t len, qn_array_t *out,
                 qn_array_error_t *err);
int qn_npy_parse_as(const unsigned char *buf, size_t len,
                    qn_array_store_t store, qn_array_t *out,
                    qn_array_error_t *err);
int qn_npy_read_file(const char *path, qn_array_t *out, qn_array_error_t *err);
int qn_npy_read_file_as(const char *path, qn_array_store_t store,
                        qn_array_t *out, qn_array_error_t *err);

/* .npz: a zip archive of .npy members.  Member names are given without the
 * `.npy` suffix ("fc1.weight").  Stored and deflate members, zip64, CRC-32
 * checked. */
typedef struct qn_npz qn_npz_t;
qn_npz_t *qn_npz_open(const char *path, qn_array_error_t *err);
qn_npz_t *qn_npz_open_memory(const unsigned char *buf, size_t len,
                             qn_array_error_t *err); /* copies buf */
int qn_npz_member_count(const qn_npz_t *npz);
const char *qn_npz_member_name(const qn_npz_t *npz, int i); /* without .npy */
/* Returns 1 and the array; 0 with err (a missing member says so). */
int qn_npz_read(qn_npz_t *npz, const char *name, qn_array_t *out,
                qn_array_error_t *err);
int qn_npz_read_as(qn_npz_t *npz, const char *name, qn_array_store_t store,
                   qn_array_t *out, qn_array_error_t *err);
void qn_npz_close(qn_npz_t *npz);

/* .csv: decimal integers (or reals), one row per line, comma separated;
 * blank lines and lines starting with '#' are skipped.  One row gives a
 * 1-D array, several rows a 2-D one (all rows the same length). */
int qn_csv_parse(const char *text, size_t len, qn_array_t *out,
                 qn_array_error_t *err);
int qn_csv_read_file(const char *path, qn_array_t *out, qn_array_error_t *err);

/* Reads `path` by its suffix: .npy or .csv (the file forms a vector or
 * array may take on a command line or in the YAML). */
int qn_array_read_path(const char *path, qn_array_t *out, qn_array_error_t *err);
int qn_array_read_path_as(const char *path, qn_array_store_t store,
                          qn_array_t *out, qn_array_error_t *err);

/* True when `s` ends with `suffix`. */
int qn_has_suffix(const char *s, const char *suffix);

/* Writes an int64 array as .npy version 1.0, dtype "<i8", C order.
 * Returns 1, or 0 with errno set. */
int qn_npy_write_i64(const char *path, const int64_t *data, int ndim,
                     const size_t *shape);

/* An .npz writer (npzwrite.c): members are added in memory as .npy
 * (int64 "<i8" or float64 "<f8", C order) and written as one stored
 * (uncompressed) zip with fixed timestamps, so identical arrays give
 * identical bytes.  Add and save return 1, or 0 with errno set. */
typedef struct qn_npz_writer qn_npz_writer_t;
qn_npz_writer_t *qn_npz_writer_new(void);
int qn_npz_add_i64(qn_npz_writer_t *w, const char *name, const int64_t *data,
                   int ndim, const size_t *shape);
int qn_npz_add_f64(qn_npz_writer_t *w, const char *name, const double *data,
                   int ndim, const size_t *shape);
int qn_npz_writer_save(const qn_npz_writer_t *w, const char *path);
void qn_npz_writer_free(qn_npz_writer_t *w);

void qn_array_free(qn_array_t *a);

#endif /* QN_ARRAY_H */
