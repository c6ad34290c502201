/* unit_readers.c - checks for the array readers (npy.c, npz.c, csv.c,
 * array.c).
 *
 *   unit_readers                      in-memory unit checks (no files needed)
 *   unit_readers dump-npy FILE        print an array (the format below)
 *   unit_readers dump-npz FILE NAME   print one member of an archive
 *   unit_readers list-npz FILE        print the member names, one a line
 *   unit_readers dump-csv FILE        print a CSV array
 *   unit_readers fuzz FILE            parse every truncation and every
 *                                     one-byte corruption of FILE
 *   unit_readers write-i64 DIR        write the .npy files readers_make.py
 *                                     --check-written compares with numpy
 *
 * The dump format, which readers_make.py writes as expected output:
 *   kind int|float|bool / dtype <i2 / shape 2 3 / one value a line (floats
 *   as the 64 bits of the double in hex, so the comparison is bit-exact).
 * Errors print "error L:C: message" (or "error: message") and exit 1.
 */
#include "array.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(c) qn_check((c), #c, __LINE__)

static void qn_check(int ok, const char *what, int line)
{
    if (!ok) {
        fprintf(stderr, "unit_readers.c:%d: check failed: %s\n", line, what);
        failures++;
    }
}

/* A failed read whose message contains `want`. */
#define CHECK_ERR(ok, err, want) qn_check_err((ok), &(err), (want), __LINE__)

static void qn_check_err(int ok, const qn_array_error_t *err, const char *want,
                         int line)
{
    if (ok) {
        fprintf(stderr, "unit_readers.c:%d: read succeeded, expected \"%s\"\n",
                line, want);
        failures++;
    } else if (!strstr(err->message, want)) {
        fprintf(stderr, "unit_readers.c:%d: error \"%s\" lacks \"%s\"\n", line,
                err->message, want);
        failures++;
    }
}

/* ---- byte buffers for hand-made files ----------------------------------- */

typedef struct qn_buf {
    unsigned char b[8192];
    size_t n;
} qn_buf_t;

static void put(qn_buf_t *b, const void *p, size_t n)
{
    if (b->n + n > sizeof b->b) {
        fprintf(stderr, "unit_readers: test buffer too small\n");
        exit(99);
    }
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void put_le(qn_buf_t *b, uint64_t v, int bytes)
{
    int k;

    for (k = 0; k < bytes; k++) {
        unsigned char c = (unsigned char)(v >> (8 * k));

        put(b, &c, 1);
    }
}

/* A .npy file with the given version, header text and data. */
static void make_npy(qn_buf_t *b, int major, const char *header,
                     const void *data, size_t dlen)
{
    size_t hlen = strlen(header);

    b->n = 0;
    put(b, "\223NUMPY", 6);
    put_le(b, (uint64_t)major, 1);
    put_le(b, 0, 1);
    put_le(b, hlen, major == 1 ? 2 : 4);
    put(b, header, hlen);
    put(b, data, dlen);
}

/* ---- .npy --------------------------------------------------------------- */

static void test_npy_headers(void)
{
    static const unsigned char d6[12] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0xff, 0xff};
    static const char *good[] = {
        "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }       \n",
        "{'shape': (2, 3), 'fortran_order': False, 'descr': '<i2'}\n",
        "{\"descr\":\"<i2\",\"fortran_order\":False,\"shape\":(2,3,)}",
        " {  'descr' :\t'<i2' ,\n 'fortran_order' : False , 'shape' : ( 2 , 3 ) , } ",
        "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L), }\n",
    };
    qn_buf_t b;
    qn_array_t a;
    qn_array_error_t e;
    size_t i;
    int major;

    for (i = 0; i < sizeof good / sizeof *good; i++)
        for (major = 1; major <= 3; major++) {
            make_npy(&b, major, good[i], d6, sizeof d6);
            CHECK(qn_npy_parse(b.b, b.n, &a, &e));
            CHECK(a.kind == QN_ARRAY_INT && a.ndim == 2 && a.shape[0] == 2 &&
                  a.shape[1] == 3 && a.count == 6);
            CHECK(a.ints && a.ints[0] == 1 && a.ints[4] == 5 && a.ints[5] == -1);
            CHECK(strcmp(a.dtype, "<i2") == 0);
            qn_array_free(&a);
        }

    /* Fortran order: the file holds columns, the array rows. */
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }",
             d6, sizeof d6);
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    CHECK(a.ints && a.ints[0] == 1 && a.ints[1] == 3 && a.ints[2] == 5 &&
          a.ints[3] == 2 && a.ints[4] == 4 && a.ints[5] == -1);
    qn_array_free(&a);

    /* Big-endian and unsigned. */
    make_npy(&b, 1, "{'descr': '>u2', 'fortran_order': False, 'shape': (6,), }",
             d6, sizeof d6);
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    CHECK(a.ints && a.ints[0] == 256 && a.ints[5] == 65535 && a.ndim == 1);
    qn_array_free(&a);

    /* 0-d and empty arrays. */
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (), }",
             d6, 2);
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    CHECK(a.ndim == 0 && a.count == 1 && a.ints && a.ints[0] == 1);
    qn_array_free(&a);
    make_npy(&b, 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (0, 5), }",
             d6, 0);
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    CHECK(a.ndim == 2 && a.count == 0 && a.ints != NULL);
    qn_array_free(&a);

#define BAD(hdr, len, want)                                                  \
    do {                                                                     \
        make_npy(&b, 1, hdr, d6, len);                                       \
        CHECK_ERR(qn_npy_parse(b.b, b.n, &a, &e), e, want);                  \
        CHECK(a.ints == NULL && a.reals == NULL);                            \
    } while (0)
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", 10,
        "truncated: header declares 12 bytes of data, file has 10");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }", 12,
        "trailing data: header declares 8 bytes of data, file has 12");
    BAD("{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", 12,
        "unsupported dtype '<U3': save integer arrays");
    BAD("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8,
        "unsupported dtype '<c8'");
    BAD("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8,
        "unsupported dtype '|O'");
    BAD("{'descr': '<i3', 'fortran_order': False, 'shape': (1,), }", 3,
        "unsupported dtype '<i3'");
    BAD("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", 4,
        "structured");
    BAD("{'descr': '<i2', 'fortran_order': False}", 0, "missing key 'shape'");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (1,), 'x': 1}", 2,
        "unknown key 'x'");
    BAD("{'descr': '<i2', 'descr': '<i2', 'fortran_order': False, 'shape': (1,)}",
        2, "appears twice");
    BAD("{'descr': '<i2', 'fortran_order': maybe, 'shape': (1,)}", 2,
        "True or False");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (3)}", 6,
        "not a tuple");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (-3,)}", 6,
        "negative dimension");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (1,)} x", 2,
        "only padding");
    BAD("{'descr': '<i2', 'fortran_order': False, 'shape': (1,", 2,
        "malformed header");
    BAD("{'descr': '<i2, 'fortran_order': False, 'shape': (1,)}", 2,
        "malformed header");
    BAD("{'descr': '<i1', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1)}",
        1, "more than 8 dimensions");
    BAD("{'descr': '<i1', 'fortran_order': False, 'shape': (65536, 65536)}", 1,
        "more than 268435456 elements");
    BAD("{'descr': '<i1', 'fortran_order': False, "
        "'shape': (18446744073709551617, 0)}",
        0, "dimension above");
    BAD("{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}", 3,
        "byte 0x02 at index [2] is not a bool");
#undef BAD
    qn_array_free(&a);

    /* uint64 above INT64_MAX names its C-order index, also from Fortran. */
    {
        unsigned char big[48] = {0};

        big[8 * 5 + 7] = 0x80; /* element 5 of the file = [1, 2] */
        make_npy(&b, 1, "{'descr': '<u8', 'fortran_order': False, 'shape': (2, 3)}",
                 big, sizeof big);
        CHECK_ERR(qn_npy_parse(b.b, b.n, &a, &e), e,
                  "value 9223372036854775808 at index [1, 2] is above the int64 "
                  "maximum");
        make_npy(&b, 1, "{'descr': '<u8', 'fortran_order': True, 'shape': (2, 3)}",
                 big, sizeof big);
        CHECK_ERR(qn_npy_parse(b.b, b.n, &a, &e), e, "at index [1, 2]");
    }

    /* Bad preambles. */
    CHECK_ERR(qn_npy_parse((const unsigned char *)"hello world!", 12, &a, &e), e,
              "not a .npy file");
    CHECK_ERR(qn_npy_parse(NULL, 0, &a, &e), e, "not a .npy file");
    CHECK_ERR(qn_npy_parse((const unsigned char *)"PK\003\004xxxxxxxx", 12, &a, &e),
              e, "zip archive");
    make_npy(&b, 4, "{}", "", 0);
    CHECK_ERR(qn_npy_parse(b.b, b.n, &a, &e), e,
              "unsupported .npy format version 4.0");
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,)}",
             d6, 2);
    b.b[8] = 0xff; /* header length past the end */
    CHECK_ERR(qn_npy_parse(b.b, b.n, &a, &e), e, "truncated: header length");
}

/* QN_ARRAY_STORE_NARROW: int8, uint8 and int16 (either byte order) in C
 * order land in `narrow`; other dtypes (uint16 and wider, bool) and
 * Fortran order stay in `ints`; errors are the same as without it. */
static void test_npy_narrow(void)
{
    static const unsigned char d6[12] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0xff, 0x80};
    static const struct {
        const char *descr;
        int narrow;            /* 1: read into `narrow` */
        int64_t first, last;   /* elements 0 and 5 */
    } cases[] = {
        {"'|i1'", 1, 1, 0},          /* bytes 1 .. 0 */
        {"'|u1'", 1, 1, 0},
        {"'<i2'", 1, 1, -32513},     /* 0x80ff */
        {"'>i2'", 1, 256, -128},     /* 0x0100, 0xff80 */
        {"'<u2'", 0, 1, 33023},      /* 0x80ff does not fit int16 */
    };
    qn_buf_t b;
    qn_array_t a;
    qn_array_error_t e;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hdr[96];
        int64_t want_last = cases[i].last;

        snprintf(hdr, sizeof hdr,
                 "{'descr': %s, 'fortran_order': False, 'shape': (2, 3), }",
                 cases[i].descr);
        /* 1-byte dtypes take the first 6 bytes: 1 0 2 0 3 0. */
        make_npy(&b, 1, hdr, d6, strstr(hdr, "1'") ? 6 : 12);
        CHECK(qn_npy_parse_as(b.b, b.n, QN_ARRAY_STORE_NARROW, &a, &e));
        CHECK((a.narrow != NULL) == cases[i].narrow);
        CHECK((a.ints != NULL) == !cases[i].narrow);
        CHECK(a.count == 6 && a.ndim == 2 && a.kind == QN_ARRAY_INT);
        if (a.narrow || a.ints) {
            CHECK(qn_array_int(&a, 0) == cases[i].first);
            CHECK(qn_array_int(&a, 5) == want_last);
        }
        qn_array_free(&a);
    }
    /* Bools stay bools, in `ints`. */
    make_npy(&b, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
             "\001\000", 2);
    CHECK(qn_npy_parse_as(b.b, b.n, QN_ARRAY_STORE_NARROW, &a, &e));
    CHECK(a.kind == QN_ARRAY_BOOL && a.narrow == NULL && a.ints &&
          a.ints[0] == 1 && a.ints[1] == 0);
    qn_array_free(&a);
    /* Fortran order: read into `ints`, transposed as without narrowing. */
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }",
             d6, sizeof d6);
    CHECK(qn_npy_parse_as(b.b, b.n, QN_ARRAY_STORE_NARROW, &a, &e));
    CHECK(a.narrow == NULL && a.ints && a.ints[1] == 3 && a.ints[3] == 2);
    qn_array_free(&a);
    /* Truncated data: the same error, nothing allocated. */
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }",
             d6, 10);
    CHECK_ERR(qn_npy_parse_as(b.b, b.n, QN_ARRAY_STORE_NARROW, &a, &e), e,
              "truncated: header declares 12 bytes of data, file has 10");
    CHECK(a.narrow == NULL && a.ints == NULL);
    /* Empty: still a non-NULL buffer. */
    make_npy(&b, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (0, 5), }",
             d6, 0);
    CHECK(qn_npy_parse_as(b.b, b.n, QN_ARRAY_STORE_NARROW, &a, &e));
    CHECK(a.count == 0 && a.narrow != NULL);
    qn_array_free(&a);
}

static void test_npy_truncations(void)
{
    static const unsigned char d6[12] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0};
    qn_buf_t b;
    qn_array_t a;
    qn_array_error_t e;
    size_t n;

    make_npy(&b, 2, "{'descr': '<i2', 'fortran_order': True, 'shape': (3, 2), }\n",
             d6, sizeof d6);
    /* Copy each prefix to its own allocation so a read past it is caught by
     * valgrind and AddressSanitizer. */
    for (n = 0; n < b.n; n++) {
        unsigned char *p = malloc(n ? n : 1);

        memcpy(p, b.b, n);
        CHECK(!qn_npy_parse(p, n, &a, &e) && e.message[0] != '\0');
        free(p);
    }
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    qn_array_free(&a);
}

static uint64_t bits_of(double d)
{
    uint64_t u;

    memcpy(&u, &d, sizeof u);
    return u;
}

static void test_npy_floats(void)
{
    static const uint16_t half[] = {0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff,
                                    0x0400, 0x7c00, 0xfc00, 0x8000, 0x7e00,
                                    0x3555};
    unsigned char data[sizeof half / sizeof *half * 2];
    qn_buf_t b;
    qn_array_t a;
    qn_array_error_t e;
    size_t i;

    for (i = 0; i < sizeof half / sizeof *half; i++) {
        data[2 * i] = (unsigned char)(half[i] & 0xff);
        data[2 * i + 1] = (unsigned char)(half[i] >> 8);
    }
    make_npy(&b, 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (11,), }",
             data, sizeof data);
    CHECK(qn_npy_parse(b.b, b.n, &a, &e));
    CHECK(a.kind == QN_ARRAY_FLOAT && a.reals && a.ints == NULL);
    if (a.reals) {
        CHECK(a.reals[0] == 1.0 && a.reals[1] == -2.0 && a.reals[2] == 65504.0);
        CHECK(a.reals[3] == ldexp(1.0, -24) && a.reals[4] == ldexp(1023.0, -24));
        CHECK(a.reals[5] == ldexp(1.0, -14));
        CHECK(isinf(a.reals[6]) && a.reals[6] > 0);
        CHECK(isinf(a.reals[7]) && a.reals[7] < 0);
        CHECK(a.reals[8] == 0.0 && signbit(a.reals[8]));
        CHECK(bits_of(a.reals[9]) == UINT64_C(0x7ff8000000000000));
        CHECK(a.reals[10] == 1365.0 / 4096.0); /* 0x3555 = 0.333251953125 */
    }
    qn_array_free(&a);

    {
        static const unsigned char f32be[8] = {0x3f, 0xc0, 0, 0, 0xc2, 0x28, 0, 0};

        make_npy(&b, 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                 f32be, sizeof f32be);
        CHECK(qn_npy_parse(b.b, b.n, &a, &e));
        CHECK(a.reals && a.reals[0] == 1.5 && a.reals[1] == -42.0);
        qn_array_free(&a);
    }
}

static void test_npy_write(void)
{
    const char *path = "unit_readers.tmp.npy";
    static const int64_t v[6] = {INT64_MIN, -1, 0, 1, 42, INT64_MAX};
    size_t shape[3] = {2, 3, 1};
    unsigned char *file;
    size_t flen;
    FILE *f;
    qn_array_t a;
    qn_array_error_t e;
    int nd;

    for (nd = 0; nd <= 3; nd++) {
        CHECK(qn_npy_write_i64(path, v, nd, shape));
        CHECK(qn_npy_read_file(path, &a, &e));
        CHECK(a.ndim == nd && strcmp(a.dtype, "<i8") == 0);
        CHECK(a.count == (nd == 0 ? 1 : nd == 1 ? 2 : 6));
        CHECK(a.ints && memcmp(a.ints, v, a.count * sizeof *v) == 0);
        qn_array_free(&a);
        /* The header is padded to 64 bytes and ends in '\n'. */
        f = fopen(path, "rb");
        file = malloc(4096);
        flen = f ? fread(file, 1, 4096, f) : 0;
        if (f)
            fclose(f);
        CHECK(flen > 10 && (flen - (nd == 0 ? 8 : nd == 1 ? 16 : 48)) % 64 == 0);
        CHECK(flen > 64 && file[(flen - (nd == 0 ? 8 : nd == 1 ? 16 : 48)) - 1] == '\n');
        free(file);
    }
    remove(path);
    CHECK(!qn_npy_write_i64(path, v, 9, shape));
    CHECK(!qn_npy_write_i64("no-such-dir/x.npy", v, 1, shape));
    CHECK_ERR(qn_npy_read_file("no-such-dir/x.npy", &a, &e), e, "cannot open");
}

/* ---- .npz --------------------------------------------------------------- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;

    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

/* One stored member; crc 0 means "the right CRC".  zip64 writes the zip64
 * end record and locator as well. */
typedef struct qn_member_spec {
    const char *name;
    const unsigned char *data;
    size_t len;
    unsigned method;
    uint32_t crc;
} qn_member_spec_t;

static void make_zip(qn_buf_t *z, const qn_member_spec_t *m, int n, int zip64)
{
    size_t off[4], cd, cdsize;
    int i;

    z->n = 0;
    for (i = 0; i < n; i++) {
        uint32_t crc = m[i].crc ? m[i].crc : crc32_of(m[i].data, m[i].len);

        off[i] = z->n;
        put_le(z, 0x04034b50, 4);
        put_le(z, 20, 2);
        put_le(z, 0, 2);
        put_le(z, m[i].method, 2);
        put_le(z, 0, 4);
        put_le(z, crc, 4);
        put_le(z, m[i].len, 4);
        put_le(z, m[i].len, 4);
        put_le(z, strlen(m[i].name), 2);
        put_le(z, 0, 2);
        put(z, m[i].name, strlen(m[i].name));
        put(z, m[i].data, m[i].len);
    }
    cd = z->n;
    for (i = 0; i < n; i++) {
        uint32_t crc = m[i].crc ? m[i].crc : crc32_of(m[i].data, m[i].len);

        put_le(z, 0x02014b50, 4);
        put_le(z, 20, 2);
        put_le(z, 20, 2);
        put_le(z, 0, 2);
        put_le(z, m[i].method, 2);
        put_le(z, 0, 4);
        put_le(z, crc, 4);
        put_le(z, m[i].len, 4);
        put_le(z, m[i].len, 4);
        put_le(z, strlen(m[i].name), 2);
        put_le(z, zip64 ? 12 : 0, 2);
        put_le(z, 0, 2);
        put_le(z, 0, 2);
        put_le(z, 0, 2);
        put_le(z, 0, 4);
        put_le(z, zip64 ? 0xffffffffu : off[i], 4);
        put(z, m[i].name, strlen(m[i].name));
        if (zip64) { /* zip64 extra holding only the offset */
            put_le(z, 1, 2);
            put_le(z, 8, 2);
            put_le(z, off[i], 8);
        }
    }
    cdsize = z->n - cd;
    if (zip64) {
        size_t rec = z->n;

        put_le(z, 0x06064b50, 4);
        put_le(z, 44, 8);
        put_le(z, 45, 2);
        put_le(z, 45, 2);
        put_le(z, 0, 4);
        put_le(z, 0, 4);
        put_le(z, (uint64_t)n, 8);
        put_le(z, (uint64_t)n, 8);
        put_le(z, cdsize, 8);
        put_le(z, cd, 8);
        put_le(z, 0x07064b50, 4);
        put_le(z, 0, 4);
        put_le(z, rec, 8);
        put_le(z, 1, 4);
    }
    put_le(z, 0x06054b50, 4);
    put_le(z, 0, 2);
    put_le(z, 0, 2);
    put_le(z, zip64 ? 0xffff : (unsigned)n, 2);
    put_le(z, zip64 ? 0xffff : (unsigned)n, 2);
    put_le(z, zip64 ? 0xffffffffu : cdsize, 4);
    put_le(z, zip64 ? 0xffffffffu : cd, 4);
    put_le(z, 0, 2);
}

static void test_npz(void)
{
    static const unsigned char d4[8] = {1, 0, 0xfe, 0xff, 3, 0, 4, 0};
    qn_buf_t w, zb, y;
    qn_array_t a;
    qn_array_error_t e;
    qn_npz_t *z;
    int zip64;
    size_t n;

    make_npy(&w, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }\n",
             d4, sizeof d4);
    make_npy(&y, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }\n",
             "\001", 1);
    for (zip64 = 0; zip64 <= 1; zip64++) {
        qn_member_spec_t m[2] = {{"fc1.weight.npy", w.b, w.n, 0, 0},
                                 {"flag.npy", y.b, y.n, 0, 0}};

        make_zip(&zb, m, 2, zip64);
        z = qn_npz_open_memory(zb.b, zb.n, &e);
        CHECK(z != NULL);
        if (!z)
            continue;
        CHECK(qn_npz_member_count(z) == 2);
        CHECK(strcmp(qn_npz_member_name(z, 0), "fc1.weight") == 0);
        CHECK(strcmp(qn_npz_member_name(z, 1), "flag") == 0);
        CHECK(qn_npz_member_name(z, 2) == NULL && qn_npz_member_name(z, -1) == NULL);
        CHECK(qn_npz_read(z, "fc1.weight", &a, &e));
        CHECK(a.ndim == 2 && a.ints && a.ints[1] == -2 && a.ints[3] == 4);
        qn_array_free(&a);
        CHECK(qn_npz_read_as(z, "fc1.weight", QN_ARRAY_STORE_NARROW, &a, &e));
        CHECK(a.ndim == 2 && !a.ints && a.narrow && a.narrow[1] == -2 &&
              a.narrow[3] == 4);
        qn_array_free(&a);
        CHECK(qn_npz_read(z, "flag.npy", &a, &e)); /* the stored name works too */
        CHECK(a.kind == QN_ARRAY_BOOL && a.ints && a.ints[0] == 1);
        qn_array_free(&a);
        CHECK_ERR(qn_npz_read(z, "fc2.weight", &a, &e), e,
                  "no member 'fc2.weight'; the archive has: fc1.weight, flag");
        qn_npz_close(z);
    }

    /* Wrong CRC, unsupported method, a member that is not a good .npy. */
    {
        qn_member_spec_t m[3] = {{"a.npy", w.b, w.n, 0, 0x12345678},
                                 {"b.npy", w.b, w.n, 12, 0},
                                 {"c.npy", w.b, w.n - 1, 0, 0}};
        char want[128];

        make_zip(&zb, m, 3, 0);
        z = qn_npz_open_memory(zb.b, zb.n, &e);
        CHECK(z != NULL);
        snprintf(want, sizeof want,
                 "member 'a.npy': CRC mismatch (stored 0x12345678, computed "
                 "0x%08" PRIx32 "): the file is corrupt",
                 crc32_of(w.b, w.n));
        CHECK_ERR(qn_npz_read(z, "a", &a, &e), e, want);
        CHECK_ERR(qn_npz_read(z, "b", &a, &e), e,
                  "member 'b.npy': unsupported compression method 12 (bzip2)");
        CHECK_ERR(qn_npz_read(z, "c", &a, &e), e,
                  "member 'c.npy': truncated: header declares 8 bytes of data, "
                  "file has 7");
        qn_npz_close(z);
    }

    /* Every truncation of a zip64 archive, each in its own allocation. */
    {
        qn_member_spec_t m[1] = {{"x.npy", w.b, w.n, 0, 0}};

        make_zip(&zb, m, 1, 1);
        for (n = 0; n < zb.n; n++) {
            unsigned char *p = malloc(n ? n : 1);

            memcpy(p, zb.b, n);
            z = qn_npz_open_memory(p, n, &e);
            if (z) {
                CHECK(!qn_npz_read(z, "x", &a, &e));
                qn_npz_close(z);
            }
            free(p);
        }
        /* The zip64 record's directory offset pointing past the end. */
        zb.b[zb.n - 22 - 20 - 56 + 48 + 3] = 0x7f;
        CHECK_ERR(qn_npz_open_memory(zb.b, zb.n, &e) != NULL, e,
                  "central directory lies outside");
    }
    /* An encrypted member (flag bit 0 in its directory entry). */
    {
        qn_member_spec_t m[1] = {{"x.npy", w.b, w.n, 0, 0}};
        size_t k;

        make_zip(&zb, m, 1, 0);
        for (k = 0; k + 4 <= zb.n; k++)
            if (memcmp(zb.b + k, "PK\001\002", 4) == 0)
                zb.b[k + 8] = 1;
        z = qn_npz_open_memory(zb.b, zb.n, &e);
        CHECK(z != NULL);
        CHECK_ERR(qn_npz_read(z, "x", &a, &e), e,
                  "member 'x.npy': encrypted members are not supported");
        qn_npz_close(z);
    }
    CHECK_ERR(qn_npz_open_memory(w.b, w.n, &e) != NULL, e, "this is a .npy file");
    CHECK_ERR(qn_npz_open_memory((const unsigned char *)"", 0, &e) != NULL, e,
              "not a zip archive");
    qn_npz_close(NULL);
    CHECK(qn_npz_member_count(NULL) == 0);
}

/* ---- .csv --------------------------------------------------------------- */

static int csv(const char *text, qn_array_t *a, qn_array_error_t *e)
{
    return qn_csv_parse(text, strlen(text), a, e);
}

#define CSV_BAD(text, l, c, want)                                            \
    do {                                                                     \
        CHECK_ERR(csv(text, &a, &e), e, want);                               \
        CHECK(e.line == (l) && e.col == (c));                                \
    } while (0)

static void test_csv(void)
{
    qn_array_t a;
    qn_array_error_t e;

    CHECK(csv("\357\273\277# weights\r\n1, -2 ,+3\r\n\r\n  # more\n4,5,6", &a, &e));
    CHECK(a.kind == QN_ARRAY_INT && a.ndim == 2 && a.shape[0] == 2 &&
          a.shape[1] == 3 && a.count == 6);
    CHECK(a.ints && a.ints[1] == -2 && a.ints[2] == 3 && a.ints[5] == 6);
    qn_array_free(&a);

    CHECK(csv("9223372036854775807,-9223372036854775808,0\n", &a, &e));
    CHECK(a.ndim == 1 && a.shape[0] == 3 && a.ints && a.ints[0] == INT64_MAX &&
          a.ints[1] == INT64_MIN);
    qn_array_free(&a);

    CHECK(csv("1, 2.5\n1e3, -.25\n3., 9007199254740993\n", &a, &e));
    CHECK(a.kind == QN_ARRAY_FLOAT && a.reals && a.ints == NULL && a.count == 6);
    if (a.reals)
        CHECK(a.reals[0] == 1.0 && a.reals[1] == 2.5 && a.reals[2] == 1000.0 &&
              a.reals[3] == -0.25 && a.reals[4] == 3.0 &&
              a.reals[5] == 9007199254740992.0);
    qn_array_free(&a);

    CSV_BAD("1,2,3\n4,5\n", 2, 4, "row has 2 values, the first row has 3");
    CSV_BAD("1,2\n\n# c\n3,4,5\n", 4, 5, "row has more than 2 values");
    CSV_BAD("1, 9223372036854775808\n", 1, 4,
            "integer 9223372036854775808 does not fit in 64 bits");
    CSV_BAD("-9223372036854775809\n", 1, 1, "does not fit in 64 bits");
    CSV_BAD("1,x\n", 1, 3, "expected a number, found 'x'");
    CSV_BAD("1,2,\n", 1, 5, "expected a number, found the end of the line");
    CSV_BAD("1,,2\n", 1, 3, "expected a number, found ','");
    CSV_BAD("12a\n", 1, 3, "expected ',' or the end of the line, found 'a'");
    CSV_BAD("1 2\n", 1, 3, "expected ',' or the end of the line, found '2'");
    CSV_BAD("1e\n", 1, 3, "digits of an exponent");
    CSV_BAD("1;2\n", 1, 2, "found ';'");
    CSV_BAD("\n# nothing\n", 0, 0, "no values");
    CSV_BAD("", 0, 0, "no values");
    CHECK_ERR(qn_csv_parse("1\0002", 3, &a, &e), e, "found byte 0x00");
    CHECK_ERR(qn_csv_read_file("no-such-file.csv", &a, &e), e, "cannot open");
}

/* ---- command modes ------------------------------------------------------ */

static int report(const qn_array_error_t *e)
{
    if (e->line)
        printf("error %d:%d: %s\n", e->line, e->col, e->message);
    else
        printf("error: %s\n", e->message);
    return 1;
}

static void dump(const qn_array_t *a)
{
    size_t i;
    int k;

    printf("kind %s\ndtype %s\nshape",
           a->kind == QN_ARRAY_FLOAT ? "float"
           : a->kind == QN_ARRAY_BOOL ? "bool"
                                      : "int",
           a->dtype);
    for (k = 0; k < a->ndim; k++)
        printf(" %zu", a->shape[k]);
    printf("\n");
    for (i = 0; i < a->count; i++) {
        if (a->kind == QN_ARRAY_FLOAT)
            printf("0x%016" PRIx64 "\n", bits_of(a->reals[i]));
        else
            printf("%" PRId64 "\n", a->ints[i]);
    }
}

static int mode_dump(const char *kind, const char *path, const char *member)
{
    qn_array_t a;
    qn_array_error_t e;
    qn_npz_t *z;
    int ok, i;

    if (strcmp(kind, "dump-npy") == 0)
        ok = qn_npy_read_file(path, &a, &e);
    else if (strcmp(kind, "dump-csv") == 0)
        ok = qn_csv_read_file(path, &a, &e);
    else {
        z = qn_npz_open(path, &e);
        if (!z)
            return report(&e);
        if (!member) { /* list-npz */
            for (i = 0; i < qn_npz_member_count(z); i++)
                printf("%s\n", qn_npz_member_name(z, i));
            qn_npz_close(z);
            return 0;
        }
        ok = qn_npz_read(z, member, &a, &e);
        qn_npz_close(z);
    }
    if (!ok)
        return report(&e);
    dump(&a);
    qn_array_free(&a);
    return 0;
}

/* Parses buf as what its first bytes say it is; reads every npz member. */
static int parse_any(const unsigned char *buf, size_t len, int *members)
{
    qn_array_t a;
    qn_array_error_t e;
    int ok = 0, i;

    memset(&a, 0, sizeof a);
    e.message[0] = '\0';
    if (len >= 2 && buf[0] == 'P' && buf[1] == 'K') {
        qn_npz_t *z = qn_npz_open_memory(buf, len, &e);

        for (i = 0; z && i < qn_npz_member_count(z); i++) {
            if (qn_npz_read(z, qn_npz_member_name(z, i), &a, &e))
                (*members)++;
            else if (e.message[0] == '\0')
                return -1;
            qn_array_free(&a);
        }
        ok = z != NULL;
        qn_npz_close(z);
    } else if (len >= 1 && buf[0] == 0x93) {
        ok = qn_npy_parse(buf, len, &a, &e);
    } else {
        ok = qn_csv_parse((const char *)buf, len, &a, &e);
    }
    if (!ok && e.message[0] == '\0')
        return -1; /* a failure must say why */
    qn_array_free(&a);
    return ok;
}

static int mode_fuzz(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *orig = malloc(1 << 20), *p;
    size_t len, n;
    long accepted = 0, rejected = 0;
    int members = 0, r;

    if (!f || !orig) {
        fprintf(stderr, "unit_readers: cannot read %s\n", path);
        return 2;
    }
    len = fread(orig, 1, 1 << 20, f);
    fclose(f);
    if (parse_any(orig, len, &members) != 1) {
        fprintf(stderr, "unit_readers: %s does not parse to begin with\n", path);
        return 1;
    }
    for (n = 0; n < len; n++) { /* truncations, each in an exact allocation */
        p = malloc(n ? n : 1);
        memcpy(p, orig, n);
        r = parse_any(p, n, &members);
        free(p);
        if (r < 0)
            return 1;
        if (r)
            accepted++;
        else
            rejected++;
    }
    for (n = 0; n < len; n++) { /* one corrupted byte */
        p = malloc(len);
        memcpy(p, orig, len);
        p[n] ^= 0xff;
        r = parse_any(p, len, &members);
        free(p);
        if (r < 0)
            return 1;
        if (r)
            accepted++;
        else
            rejected++;
    }
    free(orig);
    printf("fuzz %s: %zu bytes, %ld accepted, %ld rejected\n", path, len,
           accepted, rejected);
    return 0;
}

/* Arrays whose files readers_make.py compares with np.save's, byte for byte. */
static int mode_write(const char *dir)
{
    static const int64_t v[24] = {INT64_MIN, -1, 0, 1, INT64_MAX, 7, -7, 100,
                                  1000, -1000, 123456789012345, 5,
                                  6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    static const struct {
        const char *name;
        int ndim;
        size_t shape[4];
    } w[] = {{"w_0d", 0, {0}},          {"w_1d", 1, {5}},
             {"w_2d", 2, {4, 6}},       {"w_3d", 3, {2, 3, 4}},
             {"w_4d", 4, {1, 2, 3, 4}}, {"w_empty", 2, {0, 3}},
             {"w_col", 2, {24, 1}}};
    char path[4096];
    size_t i;

    for (i = 0; i < sizeof w / sizeof *w; i++) {
        snprintf(path, sizeof path, "%s/%s.npy", dir, w[i].name);
        if (!qn_npy_write_i64(path, v, w[i].ndim, w[i].shape)) {
            perror(path);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[1], "dump-npy") == 0 ||
                      strcmp(argv[1], "dump-csv") == 0 ||
                      strcmp(argv[1], "list-npz") == 0))
        return mode_dump(argv[1], argv[2], NULL);
    if (argc == 4 && strcmp(argv[1], "dump-npz") == 0)
        return mode_dump(argv[1], argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "fuzz") == 0)
        return mode_fuzz(argv[2]);
    if (argc == 3 && strcmp(argv[1], "write-i64") == 0)
        return mode_write(argv[2]);
    if (argc != 1) {
        fprintf(stderr, "usage: unit_readers [dump-npy|dump-csv|list-npz|fuzz|"
                        "write-i64 FILE | dump-npz FILE MEMBER]\n");
        return 2;
    }
    test_npy_headers();
    test_npy_narrow();
    test_npy_truncations();
    test_npy_floats();
    test_npy_write();
    test_npz();
    test_csv();
    if (failures) {
        fprintf(stderr, "unit_readers: %d checks failed\n", failures);
        return 1;
    }
    printf("unit_readers: all checks passed\n");
    return 0;
}
