/* npy.c - the NumPy .npy reader (format versions 1.0, 2.0 and 3.0).
 *
 * A .npy file is a 6-byte magic, a version, a header length, a header that
 * is a Python dict literal ({'descr': '<i2', 'fortran_order': False,
 * 'shape': (3, 4), }) and then the raw elements.  The dict is parsed here
 * with a small literal parser (any key order, either quote, spaces,
 * trailing comma), never evaluated.
 */
#include "array.h"
#include "array_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The largest .npy file read: the largest array plus room for a header. */
#define QN_NPY_MAX_FILE (QN_ARRAY_MAX_ELEMENTS * 8 + ((size_t)1 << 20))

/* What the header dict says. */
typedef struct qn_npy_header {
    char descr[64];      /* the dtype string, possibly cut short */
    bool fortran;        /* fortran_order */
    int ndim;            /* entries in shape */
    size_t shape[QN_ARRAY_MAX_DIMS];
    unsigned seen;       /* QN_KEY_* bits of the keys met so far */
} qn_npy_header_t;

enum { QN_KEY_DESCR = 1, QN_KEY_FORTRAN = 2, QN_KEY_SHAPE = 4 };

/* A cursor over the header text. */
typedef struct qn_npy_lex {
    const char *s;
    size_t n, i;
    qn_array_error_t *err;
} qn_npy_lex_t;

/* How the elements are stored. */
typedef struct qn_npy_dtype {
    char kind;     /* 'i', 'u', 'b' (bool) or 'f' */
    size_t size;   /* bytes per element: 1, 2, 4 or 8 */
    bool big;      /* big-endian bytes */
} qn_npy_dtype_t;

static bool qn_host_big_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;

    memcpy(&b, &one, 1);
    return b == 0;
}

/* ---- the header dict ---------------------------------------------------- */

static int qn_lex_fail(qn_npy_lex_t *lx, const char *what)
{
    if (lx->i >= lx->n)
        return qn_array_fail(lx->err, 0, 0,
                             "malformed header: it ends where %s was expected",
                             what);
    if ((unsigned char)lx->s[lx->i] >= 0x20 && (unsigned char)lx->s[lx->i] < 0x7f)
        return qn_array_fail(lx->err, 0, 0,
                             "malformed header: expected %s at byte %zu, found '%c'",
                             what, lx->i, lx->s[lx->i]);
    return qn_array_fail(lx->err, 0, 0,
                         "malformed header: expected %s at byte %zu, found byte 0x%02x",
                         what, lx->i, (unsigned char)lx->s[lx->i]);
}

static void qn_lex_ws(qn_npy_lex_t *lx)
{
    while (lx->i < lx->n && (lx->s[lx->i] == ' ' || lx->s[lx->i] == '\t' ||
                             lx->s[lx->i] == '\n' || lx->s[lx->i] == '\r'))
        lx->i++;
}

/* Skips spaces, then takes `c` if it is next. */
static bool qn_lex_take(qn_npy_lex_t *lx, char c)
{
    qn_lex_ws(lx);
    if (lx->i < lx->n && lx->s[lx->i] == c) {
        lx->i++;
        return true;
    }
    return false;
}

/* A quoted string without escapes (no key or dtype needs one), copied into
 * `out` and cut short if it does not fit. */
static int qn_lex_string(qn_npy_lex_t *lx, char *out, size_t cap,
                         const char *what)
{
    char q;
    size_t k = 0;

    qn_lex_ws(lx);
    if (lx->i >= lx->n || (lx->s[lx->i] != '\'' && lx->s[lx->i] != '"'))
        return qn_lex_fail(lx, what);
    q = lx->s[lx->i++];
    while (lx->i < lx->n && lx->s[lx->i] != q) {
        if (lx->s[lx->i] == '\\' || lx->s[lx->i] == '\n')
            return qn_lex_fail(lx, "the closing quote");
        if (k + 1 < cap)
            out[k++] = lx->s[lx->i];
        lx->i++;
    }
    if (lx->i >= lx->n)
        return qn_lex_fail(lx, "the closing quote");
    lx->i++;
    out[k] = '\0';
    return 1;
}

static bool qn_lex_word(qn_npy_lex_t *lx, const char *w)
{
    size_t k = strlen(w);

    qn_lex_ws(lx);
    if (lx->n - lx->i >= k && memcmp(lx->s + lx->i, w, k) == 0) {
        lx->i += k;
        return true;
    }
    return false;
}

/* A non-negative decimal dimension, with Python 2's optional 'L'. */
static int qn_lex_dim(qn_npy_lex_t *lx, size_t *dim)
{
    size_t v = 0;
    size_t start;

    qn_lex_ws(lx);
    start = lx->i;
    if (lx->i < lx->n && lx->s[lx->i] == '-')
        return qn_array_fail(lx->err, 0, 0,
                             "malformed header: negative dimension in shape");
    while (lx->i < lx->n && lx->s[lx->i] >= '0' && lx->s[lx->i] <= '9') {
        size_t d = (size_t)(lx->s[lx->i] - '0');

        /* Any one dimension past the element limit is refused anyway. */
        if (v > (QN_ARRAY_MAX_ELEMENTS - d) / 10)
            return qn_array_fail(lx->err, 0, 0,
                                 "shape has a dimension above %zu, the most "
                                 "elements an array may have",
                                 QN_ARRAY_MAX_ELEMENTS);
        v = v * 10 + d;
        lx->i++;
    }
    if (lx->i == start)
        return qn_lex_fail(lx, "a dimension");
    if (lx->i < lx->n && lx->s[lx->i] == 'L')
        lx->i++;
    *dim = v;
    return 1;
}

/* A tuple of dimensions: (), (3,), (3, 4) or (3, 4,). */
static int qn_lex_shape(qn_npy_lex_t *lx, qn_npy_header_t *h)
{
    if (!qn_lex_take(lx, '('))
        return qn_lex_fail(lx, "'(' to open the shape");
    h->ndim = 0;
    if (qn_lex_take(lx, ')'))
        return 1;
    for (;;) {
        if (h->ndim == QN_ARRAY_MAX_DIMS)
            return qn_array_fail(lx->err, 0, 0,
                                 "shape has more than %d dimensions",
                                 QN_ARRAY_MAX_DIMS);
        if (!qn_lex_dim(lx, &h->shape[h->ndim]))
            return 0;
        h->ndim++;
        if (qn_lex_take(lx, ')')) {
            if (h->ndim == 1) /* (3) is an int in Python, not a tuple */
                return qn_array_fail(lx->err, 0, 0,
                                     "malformed header: shape (%zu) is not a "
                                     "tuple; a 1-D shape is written (%zu,)",
                                     h->shape[0], h->shape[0]);
            return 1;
        }
        if (!qn_lex_take(lx, ','))
            return qn_lex_fail(lx, "',' or ')' in the shape");
        if (qn_lex_take(lx, ')'))
            return 1;
    }
}

static int qn_lex_value(qn_npy_lex_t *lx, const char *key, qn_npy_header_t *h)
{
    if (strcmp(key, "descr") == 0) {
        qn_lex_ws(lx);
        if (lx->i < lx->n && lx->s[lx->i] == '[')
            return qn_array_fail(lx->err, 0, 0,
                                 "unsupported dtype: structured (record) "
                                 "arrays cannot be read; save integer arrays");
        return qn_lex_string(lx, h->descr, sizeof h->descr,
                             "a string after 'descr':");
    }
    if (strcmp(key, "fortran_order") == 0) {
        if (qn_lex_word(lx, "True"))
            h->fortran = true;
        else if (qn_lex_word(lx, "False"))
            h->fortran = false;
        else
            return qn_lex_fail(lx, "True or False after 'fortran_order':");
        return 1;
    }
    return qn_lex_shape(lx, h);
}

static unsigned qn_npy_key_bit(const char *key)
{
    if (strcmp(key, "descr") == 0)
        return QN_KEY_DESCR;
    if (strcmp(key, "fortran_order") == 0)
        return QN_KEY_FORTRAN;
    if (strcmp(key, "shape") == 0)
        return QN_KEY_SHAPE;
    return 0;
}

static int qn_npy_parse_header(const char *s, size_t n, qn_npy_header_t *h,
                               qn_array_error_t *err)
{
    qn_npy_lex_t lx = {s, n, 0, err};

    memset(h, 0, sizeof *h);
    if (!qn_lex_take(&lx, '{'))
        return qn_lex_fail(&lx, "'{' to open the header dict");
    while (!qn_lex_take(&lx, '}')) {
        char key[32];
        unsigned bit;

        if (!qn_lex_string(&lx, key, sizeof key, "a quoted key or '}'"))
            return 0;
        bit = qn_npy_key_bit(key);
        if (!bit)
            return qn_array_fail(err, 0, 0,
                                 "malformed header: unknown key '%s' (a .npy "
                                 "header has descr, fortran_order and shape)",
                                 key);
        if (h->seen & bit)
            return qn_array_fail(err, 0, 0,
                                 "malformed header: key '%s' appears twice", key);
        h->seen |= bit;
        if (!qn_lex_take(&lx, ':'))
            return qn_lex_fail(&lx, "':' after the key");
        if (!qn_lex_value(&lx, key, h))
            return 0;
        if (!qn_lex_take(&lx, ',')) {
            if (!qn_lex_take(&lx, '}'))
                return qn_lex_fail(&lx, "',' or '}' after a value");
            break;
        }
    }
    qn_lex_ws(&lx);
    if (lx.i != lx.n)
        return qn_lex_fail(&lx, "only padding after the header dict");
    if (h->seen != (QN_KEY_DESCR | QN_KEY_FORTRAN | QN_KEY_SHAPE))
        return qn_array_fail(err, 0, 0, "malformed header: missing key '%s'",
                             !(h->seen & QN_KEY_DESCR)     ? "descr"
                             : !(h->seen & QN_KEY_FORTRAN) ? "fortran_order"
                                                           : "shape");
    return 1;
}

/* ---- dtypes and values -------------------------------------------------- */

/* Understands "<i2", ">u8", "|b1", "<f2", "i4" (native) and the like. */
static int qn_npy_dtype(const char *descr, qn_npy_dtype_t *t,
                        qn_array_error_t *err)
{
    const char *p = descr;
    char order = '=';
    size_t size = 0;
    bool ok;

    if (*p == '<' || *p == '>' || *p == '|' || *p == '=')
        order = *p++;
    t->kind = *p ? *p++ : '\0';
    if (t->kind == '?' && *p == '\0') {
        t->kind = 'b';
        size = 1;
    }
    while (*p >= '0' && *p <= '9' && size <= 8)
        size = size * 10 + (size_t)(*p++ - '0');
    switch (t->kind) {
    case 'i':
    case 'u':
        ok = size == 1 || size == 2 || size == 4 || size == 8;
        break;
    case 'b':
        ok = size == 1;
        break;
    case 'f':
        ok = size == 2 || size == 4 || size == 8;
        break;
    default:
        ok = false;
    }
    if (!ok || *p != '\0')
        return qn_array_fail(err, 0, 0,
                             "unsupported dtype '%s': save integer arrays",
                             descr);
    t->size = size;
    /* '|' (not applicable) and '=' (native) mean this machine's order. */
    t->big = order == '>' || (order != '<' && qn_host_big_endian());
    return 1;
}

static uint64_t qn_npy_bits(const unsigned char *p, size_t size, bool big)
{
    uint64_t v = 0;
    size_t k;

    for (k = 0; k < size; k++)
        v |= (uint64_t)p[big ? size - 1 - k : k] << (8 * k);
    return v;
}

/* IEEE binary16 to double, exactly (every half is a double). */
static double qn_half_to_double(uint16_t h)
{
    uint64_t sign = (uint64_t)(h >> 15) << 63;
    unsigned exp = (h >> 10) & 0x1f;
    uint64_t mant = h & 0x3ff;
    uint64_t bits;
    double d;

    if (exp == 0) { /* zero or subnormal: mant * 2^-24 */
        d = (double)mant / 16777216.0;
        return sign ? -d : d;
    }
    if (exp == 31) /* infinity or NaN, payload kept */
        bits = sign | ((uint64_t)0x7ff << 52) | (mant << 42);
    else
        bits = sign | ((uint64_t)(exp - 15 + 1023) << 52) | (mant << 42);
    memcpy(&d, &bits, sizeof d);
    return d;
}

static double qn_npy_real(uint64_t bits, size_t size)
{
    if (size == 2)
        return qn_half_to_double((uint16_t)bits);
    if (size == 4) {
        uint32_t b32 = (uint32_t)bits;
        float f;

        memcpy(&f, &b32, sizeof f);
        return f;
    }
    {
        double d;

        memcpy(&d, &bits, sizeof d);
        return d;
    }
}

/* Sign-extends a `size`-byte two's complement value, without relying on
 * implementation-defined conversions. */
static int64_t qn_npy_signed(uint64_t v, size_t size)
{
    if (size < 8 && (v >> (8 * size - 1)) & 1)
        v |= ~(uint64_t)0 << (8 * size);
    if (v <= (uint64_t)INT64_MAX)
        return (int64_t)v;
    return -(int64_t)(~v) - 1;
}

/* Writes the C-order multi-index of flat element `flat` as "[1, 2]". */
static void qn_npy_index(const qn_array_t *a, size_t flat, char *buf,
                         size_t cap)
{
    size_t idx[QN_ARRAY_MAX_DIMS];
    size_t n = 0;
    int k;

    for (k = a->ndim - 1; k >= 0; k--) {
        idx[k] = a->shape[k] ? flat % a->shape[k] : 0;
        flat = a->shape[k] ? flat / a->shape[k] : 0;
    }
    n += (size_t)snprintf(buf, cap, "[");
    for (k = 0; k < a->ndim && n < cap; k++)
        n += (size_t)snprintf(buf + n, cap - n, k ? ", %zu" : "%zu", idx[k]);
    if (n < cap)
        snprintf(buf + n, cap - n, "]");
}

/* Stores element `raw` as a->ints[d] or a->reals[d]. */
static int qn_npy_store(qn_array_t *a, const qn_npy_dtype_t *t, size_t d,
                        uint64_t raw, qn_array_error_t *err)
{
    char where[8 * 22 + 4];

    switch (t->kind) {
    case 'f':
        a->reals[d] = qn_npy_real(raw, t->size);
        return 1;
    case 'i':
        a->ints[d] = qn_npy_signed(raw, t->size);
        return 1;
    case 'u':
        if (raw <= (uint64_t)INT64_MAX) {
            a->ints[d] = (int64_t)raw;
            return 1;
        }
        qn_npy_index(a, d, where, sizeof where);
        return qn_array_fail(err, 0, 0,
                             "value %" PRIu64 " at index %s is above the "
                             "int64 maximum",
                             raw, where);
    default: /* 'b' */
        if (raw <= 1) {
            a->ints[d] = (int64_t)raw;
            return 1;
        }
        qn_npy_index(a, d, where, sizeof where);
        return qn_array_fail(err, 0, 0,
                             "byte 0x%02x at index %s is not a bool (0 or 1)",
                             (unsigned)raw, where);
    }
}

/* The common case, weights: C-order integers in this machine's byte order
 * whose every value fits int64 (all signed widths, unsigned up to 32 bits),
 * in one tight loop per width.  Returns false when qn_npy_decode() must
 * take the general path. */
static bool qn_npy_decode_fast(qn_array_t *a, const qn_npy_dtype_t *t,
                               bool fortran, const unsigned char *data)
{
    int64_t *out = a->ints;
    size_t n = a->count, d;

    if (fortran || (t->size > 1 && t->big != qn_host_big_endian()))
        return false;
    /* memcpy into an exact-width type: no alignment assumed and no
     * implementation-defined conversion; compilers make it one load. */
#define QN_NPY_COPY(type)                                                   \
    for (d = 0; d < n; d++) {                                               \
        type v_;                                                            \
        memcpy(&v_, data + d * sizeof v_, sizeof v_);                       \
        out[d] = (int64_t)v_;                                               \
    }
    if (t->kind == 'i' && t->size == 1)
        QN_NPY_COPY(int8_t)
    else if (t->kind == 'i' && t->size == 2)
        QN_NPY_COPY(int16_t)
    else if (t->kind == 'i' && t->size == 4)
        QN_NPY_COPY(int32_t)
    else if (t->kind == 'i' && t->size == 8)
        QN_NPY_COPY(int64_t)
    else if (t->kind == 'u' && t->size == 1)
        QN_NPY_COPY(uint8_t)
    else if (t->kind == 'u' && t->size == 2)
        QN_NPY_COPY(uint16_t)
    else if (t->kind == 'u' && t->size == 4)
        QN_NPY_COPY(uint32_t)
    else
        return false;
#undef QN_NPY_COPY
    return true;
}

/* Whether QN_ARRAY_STORE_NARROW puts this file's elements into `narrow`:
 * C order, and every value of the dtype fits int16. */
static bool qn_npy_narrow_ok(const qn_npy_dtype_t *t, bool fortran)
{
    return !fortran && ((t->kind == 'i' && (t->size == 1 || t->size == 2)) ||
                        (t->kind == 'u' && t->size == 1));
}

/* The elements into a->narrow (qn_npy_narrow_ok() holds). */
static void qn_npy_decode_narrow(qn_array_t *a, const qn_npy_dtype_t *t,
                                 const unsigned char *data)
{
    int16_t *out = a->narrow;
    size_t n = a->count, d;

    if (t->kind == 'u') {
        for (d = 0; d < n; d++)
            out[d] = (int16_t)data[d];
    } else if (t->size == 1) {
        for (d = 0; d < n; d++) {
            int8_t v;

            memcpy(&v, data + d, 1);
            out[d] = v;
        }
    } else if (t->big == qn_host_big_endian()) {
        memcpy(out, data, n * sizeof *out);
    } else {
        for (d = 0; d < n; d++) {
            const unsigned char *b = data + 2 * d;
            uint16_t u = t->big ? (uint16_t)(b[0] << 8 | b[1])
                                : (uint16_t)(b[1] << 8 | b[0]);

            memcpy(&out[d], &u, sizeof u);
        }
    }
}

/* Decodes the elements into C order.  For a Fortran-order file the source
 * offset follows a multi-index counter that runs in C order. */
static int qn_npy_decode(qn_array_t *a, const qn_npy_dtype_t *t, bool fortran,
                         const unsigned char *data, qn_array_error_t *err)
{
    size_t idx[QN_ARRAY_MAX_DIMS] = {0};
    size_t stride[QN_ARRAY_MAX_DIMS];
    size_t src = 0, d;
    int k;

    if (qn_npy_decode_fast(a, t, fortran, data))
        return 1;

    for (k = 0; k < a->ndim; k++)
        stride[k] = k ? stride[k - 1] * a->shape[k - 1] : 1;
    for (d = 0; d < a->count; d++) {
        size_t at = fortran ? src : d;

        if (!qn_npy_store(a, t, d, qn_npy_bits(data + at * t->size, t->size, t->big),
                          err))
            return 0;
        if (!fortran)
            continue;
        for (k = a->ndim - 1; k >= 0; k--) {
            src += stride[k];
            if (++idx[k] < a->shape[k])
                break;
            src -= stride[k] * a->shape[k];
            idx[k] = 0;
        }
    }
    return 1;
}

/* ---- the file ----------------------------------------------------------- */

/* Checks the preamble; sets the header's place. */
static int qn_npy_preamble(const unsigned char *buf, size_t len, size_t *hstart,
                           size_t *hlen, qn_array_error_t *err)
{
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    unsigned major, minor;

    if (len >= 4 && memcmp(buf, "PK\003\004", 4) == 0)
        return qn_array_fail(err, 0, 0,
                             "not a .npy file: this is a zip archive (read "
                             "it as .npz)");
    if (len == 0 || memcmp(buf, magic, len < 6 ? len : 6) != 0)
        return qn_array_fail(err, 0, 0,
                             "not a .npy file: it does not start with the "
                             "magic \"\\x93NUMPY\"");
    if (len < 8)
        return qn_array_fail(err, 0, 0,
                             "truncated: the file ends inside the .npy preamble");
    major = buf[6];
    minor = buf[7];
    if (major < 1 || major > 3 || minor != 0)
        return qn_array_fail(err, 0, 0,
                             "unsupported .npy format version %u.%u (1.0, "
                             "2.0 and 3.0 are read)",
                             major, minor);
    *hstart = major == 1 ? 10 : 12;
    if (len < *hstart)
        return qn_array_fail(err, 0, 0,
                             "truncated: the file ends inside the .npy preamble");
    *hlen = (size_t)qn_npy_bits(buf + 8, *hstart - 8, false);
    if (*hlen > len - *hstart)
        return qn_array_fail(err, 0, 0,
                             "truncated: header length is %zu bytes, file has "
                             "%zu after the preamble",
                             *hlen, len - *hstart);
    return 1;
}

/* Fills the array's shape and count from the header, bounding the count. */
static int qn_npy_shape(const qn_npy_header_t *h, qn_array_t *a,
                        qn_array_error_t *err)
{
    int k;

    a->ndim = h->ndim;
    a->count = 1;
    for (k = 0; k < h->ndim; k++)
        a->shape[k] = h->shape[k];
    /* Every dimension is <= the limit, so a zero anywhere makes the count 0
     * and otherwise the product is checked step by step. */
    for (k = 0; k < h->ndim; k++)
        if (h->shape[k] == 0)
            a->count = 0;
    for (k = 0; k < h->ndim && a->count; k++) {
        if (a->count > QN_ARRAY_MAX_ELEMENTS / h->shape[k])
            return qn_array_fail(err, 0, 0,
                                 "shape has more than %zu elements, the most "
                                 "an array may have",
                                 QN_ARRAY_MAX_ELEMENTS);
        a->count *= h->shape[k];
    }
    return 1;
}

int qn_npy_parse(const unsigned char *buf, size_t len, qn_array_t *out,
                 qn_array_error_t *err)
{
    return qn_npy_parse_as(buf, len, QN_ARRAY_STORE_INT64, out, err);
}

int qn_npy_parse_as(const unsigned char *buf, size_t len,
                    qn_array_store_t store, qn_array_t *out,
                    qn_array_error_t *err)
{
    qn_npy_header_t h;
    qn_npy_dtype_t t = {0, 0, false};
    qn_array_t a;
    size_t hstart = 0, hlen = 0, want, have;

    memset(out, 0, sizeof *out);
    memset(&a, 0, sizeof a);
    if (!buf)
        len = 0;
    if (!qn_npy_preamble(buf, len, &hstart, &hlen, err) ||
        !qn_npy_parse_header((const char *)buf + hstart, hlen, &h, err) ||
        !qn_npy_dtype(h.descr, &t, err) || !qn_npy_shape(&h, &a, err))
        return 0;
    want = a.count * t.size; /* count <= 2^28, size <= 8: no overflow */
    have = len - hstart - hlen;
    if (have < want)
        return qn_array_fail(err, 0, 0,
                             "truncated: header declares %zu bytes of data, "
                             "file has %zu",
                             want, have);
    if (have > want)
        return qn_array_fail(err, 0, 0,
                             "trailing data: header declares %zu bytes of "
                             "data, file has %zu",
                             want, have);
    a.kind = t.kind == 'f' ? QN_ARRAY_FLOAT
             : t.kind == 'b' ? QN_ARRAY_BOOL
                             : QN_ARRAY_INT;
    snprintf(a.dtype, sizeof a.dtype, "%.15s", h.descr);
    /* At least one element, so a filled array never has NULL data. */
    if (store == QN_ARRAY_STORE_NARROW && qn_npy_narrow_ok(&t, h.fortran)) {
        a.narrow = malloc((a.count ? a.count : 1) * sizeof *a.narrow);
        if (!a.narrow)
            return qn_array_fail(err, 0, 0, "out of memory for %zu elements",
                                 a.count);
        qn_npy_decode_narrow(&a, &t, buf + hstart + hlen);
        *out = a;
        return 1;
    }
    if (a.kind == QN_ARRAY_FLOAT)
        a.reals = malloc((a.count ? a.count : 1) * sizeof *a.reals);
    else
        a.ints = malloc((a.count ? a.count : 1) * sizeof *a.ints);
    if (!a.reals && !a.ints)
        return qn_array_fail(err, 0, 0, "out of memory for %zu elements",
                             a.count);
    if (!qn_npy_decode(&a, &t, h.fortran, buf + hstart + hlen, err)) {
        qn_array_free(&a);
        return 0;
    }
    *out = a;
    return 1;
}

int qn_npy_read_file(const char *path, qn_array_t *out, qn_array_error_t *err)
{
    return qn_npy_read_file_as(path, QN_ARRAY_STORE_INT64, out, err);
}

int qn_npy_read_file_as(const char *path, qn_array_store_t store,
                        qn_array_t *out, qn_array_error_t *err)
{
    unsigned char *buf;
    size_t len;
    int ok;

    memset(out, 0, sizeof *out);
    if (!qn_array_slurp(path, QN_NPY_MAX_FILE, &buf, &len, err))
        return 0;
    ok = qn_npy_parse_as(buf, len, store, out, err);
    free(buf);
    return ok;
}
