/* npzwrite.c - the .npz writer: what `qnngen quantize` writes, and what
 * numpy.load and qnngen's own reader (npz.c) read back.
 *
 * Members are stored, not deflated: the files are small, and a stored zip
 * is a few fixed headers around the .npy bytes.  Timestamps are fixed
 * (1980-01-01) so the same arrays always give the same file.  CRC-32 comes
 * from zlib.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "array.h"
#include "array_impl.h"

typedef struct member {
    char *name;            /* zip name: the array name plus ".npy" */
    unsigned char *bytes;  /* the whole .npy file */
    size_t len;
    uint32_t crc;
} member_t;

struct qn_npz_writer {
    member_t *members;
    size_t n, cap;
};

enum { DOS_DATE_1980_01_01 = 0x21 };

qn_npz_writer_t *qn_npz_writer_new(void)
{
    return calloc(1, sizeof(qn_npz_writer_t));
}

/* Appends one .npy member whose elements are 8 little-endian bytes each. */
static int add_member(qn_npz_writer_t *w, const char *name, const char *descr,
                      const uint64_t *words, int ndim, const size_t *shape)
{
    size_t count = 1;
    char header[512];
    if (!w || !name || ndim < 0 || ndim > QN_ARRAY_MAX_DIMS) {
        errno = EINVAL;
        return 0;
    }
    for (int i = 0; i < ndim; i++) {
        if (shape[i] != 0 && count > QN_ARRAY_MAX_ELEMENTS / shape[i]) {
            errno = EOVERFLOW;
            return 0;
        }
        count *= shape[i];
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 8;
        member_t *m = realloc(w->members, cap * sizeof *m);
        if (!m)
            return 0;
        w->members = m;
        w->cap = cap;
    }
    size_t hlen = qn_npy_header(header, sizeof header, descr, ndim, shape);
    size_t len = 10 + hlen + 8 * count;
    member_t *m = &w->members[w->n];
    m->bytes = malloc(len);
    m->name = malloc(strlen(name) + 5);
    if (!m->bytes || !m->name) {
        free(m->bytes);
        free(m->name);
        return 0;
    }
    sprintf(m->name, "%s.npy", name);
    unsigned char *p = m->bytes;
    memcpy(p, "\x93NUMPY\x01\x00", 8);
    p[8] = (unsigned char)(hlen & 0xff);
    p[9] = (unsigned char)(hlen >> 8);
    memcpy(p + 10, header, hlen);
    p += 10 + hlen;
    for (size_t k = 0; k < count; k++)
        for (int b = 0; b < 8; b++)
            *p++ = (unsigned char)(words[k] >> (8 * b));
    m->len = len;
    m->crc = (uint32_t)crc32(0L, m->bytes, (uInt)len);
    w->n++;
    return 1;
}

static size_t element_count(int ndim, const size_t *shape)
{
    size_t count = 1;
    for (int i = 0; i < ndim; i++)
        count *= shape[i];
    return count;
}

int qn_npz_add_i64(qn_npz_writer_t *w, const char *name, const int64_t *data,
                   int ndim, const size_t *shape)
{
    size_t count = element_count(ndim, shape);
    uint64_t *words = malloc((count ? count : 1) * sizeof *words);
    if (!words)
        return 0;
    for (size_t k = 0; k < count; k++)
        words[k] = (uint64_t)data[k];
    int ok = add_member(w, name, "<i8", words, ndim, shape);
    free(words);
    return ok;
}

int qn_npz_add_f64(qn_npz_writer_t *w, const char *name, const double *data,
                   int ndim, const size_t *shape)
{
    size_t count = element_count(ndim, shape);
    uint64_t *words = malloc((count ? count : 1) * sizeof *words);
    if (!words)
        return 0;
    for (size_t k = 0; k < count; k++)
        memcpy(&words[k], &data[k], sizeof words[k]);
    int ok = add_member(w, name, "<f8", words, ndim, shape);
    free(words);
    return ok;
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

/* Local or central header of a stored member; returns its length. */
static size_t zip_header(unsigned char *h, int central, const member_t *m,
                         uint32_t offset)
{
    size_t name_len = strlen(m->name);
    unsigned char *p = h;
    memset(h, 0, 46);
    put32(p, central ? 0x02014b50 : 0x04034b50);
    p += 4;
    if (central) {
        put16(p, 20); /* made by */
        p += 2;
    }
    put16(p, 20);      /* needed to extract: 2.0 */
    put16(p + 4, 0);   /* stored */
    put16(p + 8, DOS_DATE_1980_01_01);
    put32(p + 10, m->crc);
    put32(p + 14, (uint32_t)m->len);
    put32(p + 18, (uint32_t)m->len);
    put16(p + 22, (unsigned)name_len);
    p += 26;
    if (central) {
        p += 10; /* comment length, disk, attributes: zero */
        put32(p, offset);
        p += 4;
    }
    return (size_t)(p - h);
}

int qn_npz_writer_save(const qn_npz_writer_t *w, const char *path)
{
    unsigned char h[64];
    size_t total = 0;
    for (size_t i = 0; i < w->n; i++) {
        total += 30 + strlen(w->members[i].name) + w->members[i].len;
        if (total > UINT32_MAX || strlen(w->members[i].name) > 0xffff) {
            errno = EFBIG;
            return 0;
        }
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = 1;
    uint32_t offset = 0;
    for (size_t i = 0; ok && i < w->n; i++) {
        const member_t *m = &w->members[i];
        size_t hl = zip_header(h, 0, m, 0);
        ok = fwrite(h, 1, hl, f) == hl &&
             fputs(m->name, f) != EOF &&
             fwrite(m->bytes, 1, m->len, f) == m->len;
        offset += (uint32_t)(hl + strlen(m->name) + m->len);
    }
    uint32_t cd_start = offset, cd_len = 0, local = 0;
    for (size_t i = 0; ok && i < w->n; i++) {
        const member_t *m = &w->members[i];
        size_t hl = zip_header(h, 1, m, local);
        ok = fwrite(h, 1, hl, f) == hl && fputs(m->name, f) != EOF;
        cd_len += (uint32_t)(hl + strlen(m->name));
        local += (uint32_t)(30 + strlen(m->name) + m->len);
    }
    memset(h, 0, 22);
    put32(h, 0x06054b50);
    put16(h + 8, (unsigned)w->n);
    put16(h + 10, (unsigned)w->n);
    put32(h + 12, cd_len);
    put32(h + 16, cd_start);
    ok = ok && fwrite(h, 1, 22, f) == 22;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok) {
        int e = errno;
        remove(path);
        errno = e ? e : EIO;
    }
    return ok;
}

void qn_npz_writer_free(qn_npz_writer_t *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->members[i].name);
        free(w->members[i].bytes);
    }
    free(w->members);
    free(w);
}
