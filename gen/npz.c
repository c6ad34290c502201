/* npz.c - .npz archives (zip files of .npy members), as numpy.savez and
 * numpy.savez_compressed write them.
 *
 * The central directory is parsed here (with zip64), members are found
 * through it, and their data is checked against the local header, inflated
 * with zlib when deflated, and CRC-checked before qn_npy_parse reads it.
 * This is the only file in qnngen that uses zlib.
 */
#include "array.h"
#include "array_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <zlib.h>


#define QN_NPZ_MAX_FILE QN_ARRAY_MAX_FILE
/* The largest member inflated: the largest array plus room for a header. */
#define QN_NPZ_MAX_MEMBER (QN_ARRAY_MAX_ELEMENTS * 8 + ((size_t)1 << 20))
/* Deflate cannot expand more than 1032:1, so a member declaring more than
 * this per compressed byte is a lie (a zip bomb or a corrupt directory). */
#define QN_DEFLATE_MAX_RATIO 1032

#define QN_SIG_LOCAL 0x04034b50u
#define QN_SIG_CENTRAL 0x02014b50u
#define QN_SIG_EOCD 0x06054b50u
#define QN_SIG_EOCD64 0x06064b50u
#define QN_SIG_LOCATOR64 0x07064b50u

/* One member, from its central directory entry. */
typedef struct qn_npz_member {
    char *raw;          /* name as stored ("fc1.weight.npy"), owned */
    char *name;         /* name without ".npy", owned */
    unsigned method;    /* 0 stored, 8 deflate */
    unsigned flags;     /* general purpose bits (bit 0: encrypted) */
    uint32_t crc;       /* CRC-32 of the uncompressed bytes */
    uint64_t csize;     /* compressed bytes */
    uint64_t usize;     /* uncompressed bytes */
    uint64_t offset;    /* of the local header, from the archive's start */
} qn_npz_member_t;

struct qn_npz {
    unsigned char *buf;        /* the whole archive, owned */
    size_t len;                /* bytes in buf */
    size_t cd_start;           /* member data lies before this offset */
    qn_npz_member_t *members;  /* [count], owned */
    int count;
};

/* The end-of-central-directory facts that matter. */
typedef struct qn_zip_end {
    uint64_t entries;   /* entries in the central directory */
    uint64_t cd_size;   /* its size in bytes */
    uint64_t cd_offset; /* its offset */
    size_t cd_limit;    /* where the end records start: the directory's end */
} qn_zip_end_t;

static unsigned qn_le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t qn_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t qn_le64(const unsigned char *p)
{
    return (uint64_t)qn_le32(p) | (uint64_t)qn_le32(p + 4) << 32;
}

/* ---- the end of the archive --------------------------------------------- */

/* The EOCD record is the last thing in the file, followed only by a comment
 * of at most 65535 bytes; search backwards for it. */
static int qn_zip_find_eocd(const unsigned char *b, size_t len, size_t *pos)
{
    size_t p, stop;

    if (len < 22)
        return 0;
    p = len - 22;
    stop = p > 65535 ? p - 65535 : 0;
    for (;;) {
        if (qn_le32(b + p) == QN_SIG_EOCD && p + 22 + qn_le16(b + p + 20) <= len) {
            *pos = p;
            return 1;
        }
        if (p == stop)
            return 0;
        p--;
    }
}

/* Replaces the EOCD's values by those of the zip64 end record. */
static int qn_zip64_end(const unsigned char *b, size_t eocd, qn_zip_end_t *e,
                        qn_array_error_t *err)
{
    size_t loc = eocd - 20;
    uint64_t rec = qn_le64(b + loc + 8);

    if (rec > loc || loc - rec < 56 || qn_le32(b + rec) != QN_SIG_EOCD64)
        return qn_array_fail(err, 0, 0,
                             "not a valid zip archive: the zip64 end record "
                             "is missing or out of place");
    if (qn_le32(b + rec + 16) != 0 || qn_le32(b + rec + 20) != 0)
        return qn_array_fail(err, 0, 0,
                             "multi-disk (split) zip archives are not supported");
    e->entries = qn_le64(b + rec + 32);
    e->cd_size = qn_le64(b + rec + 40);
    e->cd_offset = qn_le64(b + rec + 48);
    e->cd_limit = (size_t)rec;
    return 1;
}

static int qn_zip_end(const unsigned char *b, size_t len, qn_zip_end_t *e,
                      qn_array_error_t *err)
{
    size_t eocd;

    if (!qn_zip_find_eocd(b, len, &eocd)) {
        if (len >= 6 && memcmp(b, "\223NUMPY", 6) == 0)
            return qn_array_fail(err, 0, 0,
                                 "not a .npz archive: this is a .npy file "
                                 "(read it as .npy)");
        return qn_array_fail(err, 0, 0,
                             "not a zip archive (no end-of-central-directory "
                             "record): the file is truncated or not a .npz");
    }
    if (qn_le16(b + eocd + 4) != 0 || qn_le16(b + eocd + 6) != 0)
        return qn_array_fail(err, 0, 0,
                             "multi-disk (split) zip archives are not supported");
    e->entries = qn_le16(b + eocd + 10);
    e->cd_size = qn_le32(b + eocd + 12);
    e->cd_offset = qn_le32(b + eocd + 16);
    e->cd_limit = eocd;
    if (eocd >= 20 && qn_le32(b + eocd - 20) == QN_SIG_LOCATOR64)
        return qn_zip64_end(b, eocd, e, err);
    return 1;
}

/* ---- the central directory ---------------------------------------------- */

/* Takes the 64-bit values that a zip64 extra field (id 1) holds for the
 * 32-bit fields set to 0xffffffff, in the order the format fixes. */
static int qn_zip64_extra(const unsigned char *x, size_t n, uint64_t *usize,
                          uint64_t *csize, uint64_t *offset,
                          qn_array_error_t *err)
{
    size_t q = 0;

    while (n - q >= 4) {
        unsigned id = qn_le16(x + q), sz = qn_le16(x + q + 2);
        size_t k = q + 4, end = q + 4 + sz;
        uint64_t *want[3];
        int i;

        if (sz > n - q - 4)
            return qn_array_fail(err, 0, 0,
                                 "corrupt zip: an extra field runs past its entry");
        q = end;
        if (id != 1)
            continue;
        want[0] = *usize == 0xffffffffu ? usize : NULL;
        want[1] = *csize == 0xffffffffu ? csize : NULL;
        want[2] = *offset == 0xffffffffu ? offset : NULL;
        for (i = 0; i < 3; i++) {
            if (!want[i])
                continue;
            if (end - k < 8)
                return qn_array_fail(err, 0, 0,
                                     "corrupt zip: zip64 extra field too short");
            *want[i] = qn_le64(x + k);
            k += 8;
        }
    }
    return 1;
}

static char *qn_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Reads the entry at *p (inside [.., end)) into m and moves *p past it. */
static int qn_zip_entry(const unsigned char *b, size_t *p, size_t end,
                        qn_npz_member_t *m, qn_array_error_t *err)
{
    const unsigned char *e = b + *p;
    size_t nlen, xlen, clen, shown;

    if (end - *p < 46 || qn_le32(e) != QN_SIG_CENTRAL)
        return qn_array_fail(err, 0, 0,
                             "corrupt zip: bad central directory entry at "
                             "offset %zu", *p);
    nlen = qn_le16(e + 28);
    xlen = qn_le16(e + 30);
    clen = qn_le16(e + 32);
    if (end - *p - 46 < nlen + xlen + clen)
        return qn_array_fail(err, 0, 0,
                             "corrupt zip: central directory entry at offset "
                             "%zu runs past the directory", *p);
    if (nlen == 0 || memchr(e + 46, '\0', nlen))
        return qn_array_fail(err, 0, 0,
                             "corrupt zip: member with an empty or invalid name");
    m->flags = qn_le16(e + 8);
    m->method = qn_le16(e + 10);
    m->crc = qn_le32(e + 16);
    m->csize = qn_le32(e + 20);
    m->usize = qn_le32(e + 24);
    m->offset = qn_le32(e + 42);
    if (!qn_zip64_extra(e + 46 + nlen, xlen, &m->usize, &m->csize, &m->offset,
                        err))
        return 0;
    m->raw = qn_strndup((const char *)e + 46, nlen);
    /* numpy.load shows "x.npy" as "x"; other names stay as they are. */
    shown = nlen;
    if (nlen > 4 && memcmp(e + 46 + nlen - 4, ".npy", 4) == 0)
        shown -= 4;
    m->name = qn_strndup((const char *)e + 46, shown);
    if (!m->raw || !m->name)
        return qn_array_fail(err, 0, 0, "out of memory");
    *p += 46 + nlen + xlen + clen;
    return 1;
}

static int qn_zip_directory(qn_npz_t *z, const qn_zip_end_t *e,
                            qn_array_error_t *err)
{
    size_t p, end;
    int i;

    if (e->cd_offset > e->cd_limit || e->cd_size > e->cd_limit - e->cd_offset)
        return qn_array_fail(err, 0, 0,
                             "corrupt zip: the central directory lies outside "
                             "the file (is it truncated?)");
    p = (size_t)e->cd_offset;
    end = p + (size_t)e->cd_size;
    /* Each entry takes at least 46 bytes: bound the count before allocating. */
    if (e->entries > (end - p) / 46 || e->entries > INT_MAX)
        return qn_array_fail(err, 0, 0,
                             "corrupt zip: the directory declares %llu "
                             "entries in %zu bytes",
                             (unsigned long long)e->entries, end - p);
    z->cd_start = p;
    z->members = calloc(e->entries ? (size_t)e->entries : 1, sizeof *z->members);
    if (!z->members)
        return qn_array_fail(err, 0, 0, "out of memory");
    for (i = 0; i < (int)e->entries; i++) {
        z->count = i + 1; /* so close() frees a half-filled entry too */
        if (!qn_zip_entry(z->buf, &p, end, &z->members[i], err))
            return 0;
    }
    return 1;
}

/* Takes ownership of buf (also on failure). */
static qn_npz_t *qn_npz_adopt(unsigned char *buf, size_t len,
                              qn_array_error_t *err)
{
    qn_npz_t *z = calloc(1, sizeof *z);
    qn_zip_end_t e = {0, 0, 0, 0};

    if (!z) {
        free(buf);
        qn_array_fail(err, 0, 0, "out of memory");
        return NULL;
    }
    z->buf = buf;
    z->len = len;
    if (!qn_zip_end(buf, len, &e, err) || !qn_zip_directory(z, &e, err)) {
        qn_npz_close(z);
        return NULL;
    }
    return z;
}

qn_npz_t *qn_npz_open(const char *path, qn_array_error_t *err)
{
    unsigned char *buf;
    size_t len;

    if (!qn_array_slurp(path, QN_NPZ_MAX_FILE, &buf, &len, err))
        return NULL;
    return qn_npz_adopt(buf, len, err);
}

qn_npz_t *qn_npz_open_memory(const unsigned char *buf, size_t len,
                             qn_array_error_t *err)
{
    unsigned char *copy = malloc(len ? len : 1);

    if (!copy) {
        qn_array_fail(err, 0, 0, "out of memory copying %zu bytes", len);
        return NULL;
    }
    if (len)
        memcpy(copy, buf, len);
    return qn_npz_adopt(copy, len, err);
}

int qn_npz_member_count(const qn_npz_t *npz)
{
    return npz ? npz->count : 0;
}

const char *qn_npz_member_name(const qn_npz_t *npz, int i)
{
    if (!npz || i < 0 || i >= npz->count)
        return NULL;
    return npz->members[i].name;
}

void qn_npz_close(qn_npz_t *npz)
{
    int i;

    if (!npz)
        return;
    for (i = 0; i < npz->count; i++) {
        free(npz->members[i].raw);
        free(npz->members[i].name);
    }
    free(npz->members);
    free(npz->buf);
    free(npz);
}

/* ---- reading a member --------------------------------------------------- */

static int qn_npz_missing(const qn_npz_t *z, const char *name,
                          qn_array_error_t *err)
{
    char list[160];
    size_t n = 0;
    int i;

    if (z->count == 0)
        return qn_array_fail(err, 0, 0, "no member '%.80s': the archive is empty",
                             name);
    list[0] = '\0';
    for (i = 0; i < z->count; i++) {
        size_t k = strlen(z->members[i].name);

        if (k > 40)
            k = 40;
        if (n + k + 2 + 20 >= sizeof list) { /* leave room for "and N more" */
            snprintf(list + n, sizeof list - n, ", and %d more", z->count - i);
            break;
        }
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%.40s",
                              i ? ", " : "", z->members[i].name);
    }
    return qn_array_fail(err, 0, 0, "no member '%.60s'; the archive has: %s",
                         name, list);
}

/* Where the member's compressed bytes are, after checking its local header. */
static int qn_npz_locate(const qn_npz_t *z, const qn_npz_member_t *m,
                         size_t *data, qn_array_error_t *err)
{
    size_t lim = z->cd_start, off, nlen, xlen;
    const unsigned char *h;

    if (m->offset > lim || lim - m->offset < 30 ||
        qn_le32(z->buf + m->offset) != QN_SIG_LOCAL)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': no local header where the "
                             "directory says: the file is corrupt",
                             m->raw);
    off = (size_t)m->offset;
    h = z->buf + off;
    nlen = qn_le16(h + 26);
    xlen = qn_le16(h + 28);
    if (lim - off - 30 < nlen + xlen || nlen != strlen(m->raw) ||
        memcmp(h + 30, m->raw, nlen) != 0)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': local header does not match the "
                             "directory: the file is corrupt",
                             m->raw);
    *data = off + 30 + nlen + xlen;
    if (m->csize > lim - *data)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': its data runs past the end of "
                             "the member area: the file is truncated or corrupt",
                             m->raw);
    return 1;
}

static int qn_npz_inflate_fail(const qn_npz_member_t *m, const char *what,
                               qn_array_error_t *err)
{
    return qn_array_fail(err, 0, 0, "member '%.80s': %s: the file is corrupt",
                         m->raw, what);
}

/* Inflates a raw deflate stream into out[usize], refusing to produce one
 * byte more than the directory declared (a one-byte probe buffer catches a
 * stream that would go on). */
static int qn_npz_inflate(const qn_npz_member_t *m, const unsigned char *in,
                          unsigned char *out, qn_array_error_t *err)
{
    z_stream zs;
    unsigned char probe;
    uint64_t in_left = m->csize;
    size_t out_left = (size_t)m->usize, produced;
    int rc, ok = 0;
    char msg[120];

    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return qn_array_fail(err, 0, 0, "zlib could not start inflating");
    zs.next_in = in;
    zs.next_out = out;
    for (;;) {
        if (zs.avail_in == 0 && in_left) {
            zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
            in_left -= zs.avail_in;
        }
        if (zs.avail_out == 0) {
            if (out_left) {
                zs.avail_out = out_left > UINT_MAX ? UINT_MAX : (uInt)out_left;
                out_left -= zs.avail_out;
            } else {
                zs.next_out = &probe;
                zs.avail_out = 1;
            }
        }
        rc = inflate(&zs, Z_NO_FLUSH);
        if (zs.next_out == &probe + 1) {
            snprintf(msg, sizeof msg,
                     "deflate data expands past the declared %llu bytes",
                     (unsigned long long)m->usize);
            qn_npz_inflate_fail(m, msg, err);
            break;
        }
        if (rc == Z_STREAM_END) {
            produced = zs.next_out == &probe ? (size_t)m->usize
                                             : (size_t)(zs.next_out - out);
            if (produced == m->usize) {
                ok = 1;
                break;
            }
            snprintf(msg, sizeof msg,
                     "inflates to %zu bytes, the directory declares %llu",
                     produced, (unsigned long long)m->usize);
            qn_npz_inflate_fail(m, msg, err);
            break;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0)
            qn_npz_inflate_fail(m, "deflate data ends early", err);
        else {
            snprintf(msg, sizeof msg, "bad deflate data (%s)",
                     zs.msg ? zs.msg : "zlib error");
            qn_npz_inflate_fail(m, msg, err);
        }
        break;
    }
    inflateEnd(&zs);
    return ok;
}

static uint32_t qn_npz_crc(const unsigned char *p, size_t n)
{
    uLong crc = crc32(0L, Z_NULL, 0);

    while (n > 0) {
        uInt chunk = n > UINT_MAX ? UINT_MAX : (uInt)n;

        crc = crc32(crc, p, chunk);
        p += chunk;
        n -= chunk;
    }
    return (uint32_t)crc;
}

static const char *qn_zip_method_name(unsigned method)
{
    switch (method) {
    case 1: return "shrink";
    case 6: return "implode";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    case 95: return "xz";
    case 99: return "AES encryption";
    default: return "unknown";
    }
}

/* Refuses members that cannot be unpacked. */
static int qn_npz_check(const qn_npz_member_t *m, qn_array_error_t *err)
{
    if (m->flags & 1)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': encrypted members are not supported",
                             m->raw);
    if (m->method != 0 && m->method != 8)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': unsupported compression method "
                             "%u (%s): save with numpy.savez or "
                             "numpy.savez_compressed",
                             m->raw, m->method, qn_zip_method_name(m->method));
    return 1;
}

/* Refuses sizes that are impossible or too large, before allocating;
 * m->csize is already known to lie inside the archive. */
static int qn_npz_check_sizes(const qn_npz_member_t *m, qn_array_error_t *err)
{
    if (m->usize > QN_NPZ_MAX_MEMBER)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': declares %llu bytes uncompressed, "
                             "more than the %zu an array may take",
                             m->raw, (unsigned long long)m->usize,
                             QN_NPZ_MAX_MEMBER);
    if (m->method == 0 && m->csize != m->usize)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': stored member with %llu bytes "
                             "but %llu declared: the file is corrupt",
                             m->raw, (unsigned long long)m->csize,
                             (unsigned long long)m->usize);
    if (m->method == 8 && m->usize / QN_DEFLATE_MAX_RATIO > m->csize + 1)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': declares %llu bytes from %llu "
                             "compressed, more than deflate can expand (a zip "
                             "bomb or a corrupt file)",
                             m->raw, (unsigned long long)m->usize,
                             (unsigned long long)m->csize);
    return 1;
}

/* The member called `name` (or `name` with ".npy"); *twice is set when
 * two members have that name, which no numpy archive has. */
static const qn_npz_member_t *qn_npz_find(const qn_npz_t *z, const char *name,
                                          bool *twice)
{
    const qn_npz_member_t *found = NULL;
    int i;

    *twice = false;
    for (i = 0; i < z->count; i++) {
        if (strcmp(z->members[i].name, name) != 0 &&
            strcmp(z->members[i].raw, name) != 0)
            continue;
        if (found)
            *twice = true;
        found = &z->members[i];
    }
    return found;
}

int qn_npz_read(qn_npz_t *npz, const char *name, qn_array_t *out,
                qn_array_error_t *err)
{
    return qn_npz_read_as(npz, name, QN_ARRAY_STORE_INT64, out, err);
}

int qn_npz_read_as(qn_npz_t *npz, const char *name, qn_array_store_t store,
                   qn_array_t *out, qn_array_error_t *err)
{
    const qn_npz_member_t *m;
    unsigned char *plain = NULL; /* inflated bytes, owned here */
    const unsigned char *bytes;
    size_t data = 0;
    uint32_t crc;
    qn_array_error_t sub;
    bool twice;
    int ok;

    memset(out, 0, sizeof *out);
    if (!npz || !name)
        return qn_array_fail(err, 0, 0, "no archive or member name given");
    m = qn_npz_find(npz, name, &twice);
    if (!m)
        return qn_npz_missing(npz, name, err);
    if (twice)
        return qn_array_fail(err, 0, 0,
                             "member '%.80s' appears twice: the archive is "
                             "corrupt", m->raw);
    if (!qn_npz_check(m, err) || !qn_npz_locate(npz, m, &data, err) ||
        !qn_npz_check_sizes(m, err))
        return 0;
    bytes = npz->buf + data;
    if (m->method == 8) {
        plain = malloc(m->usize ? (size_t)m->usize : 1);
        if (!plain)
            return qn_array_fail(err, 0, 0,
                                 "member '%.80s': out of memory for %llu bytes",
                                 m->raw, (unsigned long long)m->usize);
        if (!qn_npz_inflate(m, bytes, plain, err)) {
            free(plain);
            return 0;
        }
        bytes = plain;
    }
    crc = qn_npz_crc(bytes, (size_t)m->usize);
    if (crc != m->crc) {
        free(plain);
        return qn_array_fail(err, 0, 0,
                             "member '%.80s': CRC mismatch (stored 0x%08lx, "
                             "computed 0x%08lx): the file is corrupt",
                             m->raw, (unsigned long)m->crc, (unsigned long)crc);
    }
    ok = qn_npy_parse_as(bytes, (size_t)m->usize, store, out, &sub);
    free(plain);
    if (!ok)
        qn_array_fail(err, 0, 0, "member '%.80s': %s", m->raw, sub.message);
    return ok;
}
