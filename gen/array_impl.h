/* array_impl.h - what the array readers (npy.c, npz.c, csv.c) share;
 * defined in array.c.  Not for use outside the readers. */
#ifndef QN_ARRAY_IMPL_H
#define QN_ARRAY_IMPL_H

#include <stdint.h>

#include "array.h"

/* Fills *err (line/col 1-based, 0 for none) and returns 0, so a reader
 * can `return qn_array_fail(err, 0, 0, "...")`. */
int qn_array_fail(qn_array_error_t *err, int line, int col, const char *fmt,
                  ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reads a whole file of at most `max` bytes into a malloc'd buffer. */
int qn_array_slurp(const char *path, size_t max, unsigned char **buf,
                   size_t *len, qn_array_error_t *err);

/* The .npy header dict for `descr` ("<i8", "<f8") and a shape, exactly as
 * numpy writes it, padded to 64 bytes with the 10-byte prefix; returns its
 * length.  `cap` of 512 holds any shape. */
size_t qn_npy_header(char *h, size_t cap, const char *descr, int ndim,
                     const size_t *shape);

/* The largest file read into memory: 4 GiB (less on 32-bit hosts). */
#define QN_ARRAY_MAX_FILE                                                    \
    (SIZE_MAX / 2 < UINT64_C(0x100000000) ? SIZE_MAX / 2                     \
                                          : (size_t)UINT64_C(0x100000000))

#endif /* QN_ARRAY_IMPL_H */
