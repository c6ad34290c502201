/* array.c - what the array readers share: freeing an array, reading a
 * whole file with a size bound, error messages, and the .npy writer.
 *
 * The helpers only the readers use are declared in array_impl.h.
 */
#include "array.h"
#include "array_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int qn_has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

int qn_array_read_path(const char *path, qn_array_t *out, qn_array_error_t *err)
{
    return qn_array_read_path_as(path, QN_ARRAY_STORE_INT64, out, err);
}

int qn_array_read_path_as(const char *path, qn_array_store_t store,
                          qn_array_t *out, qn_array_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (qn_has_suffix(path, ".npy"))
        return qn_npy_read_file_as(path, store, out, err);
    if (qn_has_suffix(path, ".csv"))
        return qn_csv_read_file(path, out, err);
    return qn_array_fail(err, 0, 0, "not an .npy or .csv file");
}

void qn_array_free(qn_array_t *a)
{
    if (!a)
        return;
    free(a->ints);
    free(a->narrow);
    free(a->reals);
    memset(a, 0, sizeof *a);
}

/* Fills `err` (which may be NULL) and returns 0, so readers can write
 * `return qn_array_fail(err, 0, 0, "...")`. */
int qn_array_fail(qn_array_error_t *err, int line, int col, const char *fmt,
                  ...)
{
    va_list ap;

    if (!err)
        return 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->line = line;
    err->col = col;
    return 0;
}

/* Reads all of `path` into a new buffer (owned by the caller, NUL-terminated
 * one byte past `*len` so text readers may rely on it).  Reads in chunks
 * rather than trusting the file's size, so pipes work and a file that grows
 * while being read is still bounded by `max`. */
int qn_array_slurp(const char *path, size_t max, unsigned char **buf,
                   size_t *len, qn_array_error_t *err)
{
    FILE *f;
    unsigned char *data = NULL;
    size_t used = 0, cap = 0;

    *buf = NULL;
    *len = 0;
    f = fopen(path, "rb");
    if (!f)
        return qn_array_fail(err, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    size_t first = 65536;   /* the first buffer; a regular file's size + 2 */
    if (fstat(fileno(f), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fclose(f);
            return qn_array_fail(err, 0, 0,
                                 "is a directory; name the array file in it");
        }
        if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size < max)
            first = (size_t)sb.st_size + 2;
    }
    for (;;) {
        size_t got;

        if (cap - used < 2) { /* room for one more byte and the NUL */
            size_t ncap = cap ? cap * 2 : first;
            unsigned char *n;

            if (ncap > max + 2 || ncap < cap)
                ncap = max + 2; /* enough to see one byte too many */
            n = realloc(data, ncap);
            if (!n) {
                free(data);
                fclose(f);
                return qn_array_fail(err, 0, 0,
                                     "out of memory reading %zu bytes", ncap);
            }
            data = n;
            cap = ncap;
        }
        got = fread(data + used, 1, cap - used - 1, f);
        used += got;
        if (got == 0 || used > max)
            break;
    }
    if (ferror(f)) {
        int e = errno;

        free(data);
        fclose(f);
        return qn_array_fail(err, 0, 0, "cannot read: %s", strerror(e));
    }
    fclose(f);
    if (used > max) {
        free(data);
        return qn_array_fail(err, 0, 0,
                             "file is larger than the %zu bytes a reader accepts",
                             max);
    }
    data[used] = '\0';
    *buf = data;
    *len = used;
    return 1;
}

/* ---- the .npy writer ---------------------------------------------------- */

/* The header dict exactly as numpy >= 1.23 writes it: sorted keys, a
 * trailing ", ", spare spaces after '}' for the first axis to grow to 21
 * digits, then spaces and '\n' up to a multiple of 64 bytes.  (For the
 * shapes numpy can hold the growth spaces never change the padded length,
 * but they keep the bytes identical to np.save's in every case.) */
size_t qn_npy_header(char *h, size_t cap, const char *descr, int ndim,
                     const size_t *shape)
{
    size_t n;
    int i;

    n = (size_t)snprintf(h, cap, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    for (i = 0; i < ndim; i++)
        n += (size_t)snprintf(h + n, cap - n, i ? ", %zu" : "%zu", shape[i]);
    n += (size_t)snprintf(h + n, cap - n, "%s), }", ndim == 1 ? "," : "");
    if (ndim > 0) {
        int digits = snprintf(NULL, 0, "%zu", shape[0]);

        for (i = digits; i < 21; i++)
            h[n++] = ' ';
    }
    /* 10 bytes of magic, version and length come before the header. */
    while ((10 + n + 1) % 64 != 0)
        h[n++] = ' ';
    h[n++] = '\n';
    return n;
}

int qn_npy_write_i64(const char *path, const int64_t *data, int ndim,
                     const size_t *shape)
{
    /* 8 dims of 20 digits plus the fixed text and padding fit easily. */
    char header[512];
    unsigned char prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
    size_t hlen, count = 1, i;
    FILE *f;
    int ok;

    if (ndim < 0 || ndim > QN_ARRAY_MAX_DIMS || (ndim > 0 && !shape) ||
        !path) {
        errno = EINVAL;
        return 0;
    }
    for (i = 0; i < (size_t)ndim; i++) {
        if (shape[i] != 0 && count > SIZE_MAX / 8 / shape[i]) {
            errno = EOVERFLOW;
            return 0;
        }
        count *= shape[i];
    }
    if (count > 0 && !data) {
        errno = EINVAL;
        return 0;
    }
    hlen = qn_npy_header(header, sizeof header, "<i8", ndim, shape);
    prefix[8] = (unsigned char)(hlen & 0xff);
    prefix[9] = (unsigned char)(hlen >> 8);
    f = fopen(path, "wb");
    if (!f)
        return 0;
    ok = fwrite(prefix, 1, sizeof prefix, f) == sizeof prefix &&
         fwrite(header, 1, hlen, f) == hlen;
    for (i = 0; ok && i < count; i++) {
        /* Little-endian whatever the host is. */
        uint64_t v = (uint64_t)data[i];
        unsigned char b[8];
        int k;

        for (k = 0; k < 8; k++)
            b[k] = (unsigned char)(v >> (8 * k));
        ok = fwrite(b, 1, 8, f) == 8;
    }
    if (fclose(f) != 0)
        ok = 0;
    if (!ok) {
        int e = errno;

        remove(path); /* leave no half-written file behind */
        errno = e ? e : EIO;
        return 0;
    }
    return 1;
}
