/* unit_emit.c - unit tests of the RTL generator's infrastructure: the
 * template filler, hex words, SHA-256 (both implementations), the memory
 * emitters on hand-built layers, and the output tree's commit (including a
 * failed write).
 *
 * Run from any folder; it works in a fresh temporary folder of its own. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emit.h"
#include "outtree.h"
#include "sha256.h"
#include "template.h"

static int failures;
static int checks;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,          \
                    __LINE__, #cond);                                       \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

/* ---------------------------------------------------------------------- */

static void test_template(void)
{
    static const char text[] =
        "@# a template comment, dropped\n"
        "module @NAME@ (input wire clk);\n"
        "  always @(posedge clk) x <= @WIDTH@'d0; // mail@host @ 1\n"
        "endmodule // @NAME@\n";
    qn_tvars_t v;
    qn_buf_t out;
    qn_tvars_init(&v);
    qn_buf_init(&out);
    qn_tvars_set(&v, "NAME", "top");
    qn_tvars_set_long(&v, "WIDTH", 8);
    int e = qn_template_fill_text("t.v.in", text, strlen(text), &v, &out);
    CHECK(e == 0, "errors %d", e);
    CHECK(out.data && strcmp(out.data,
                             "module top (input wire clk);\n"
                             "  always @(posedge clk) x <= 8'd0; // mail@host "
                             "@ 1\n"
                             "endmodule // top\n") == 0,
          "got [%s]", out.data ? out.data : "(null)");
    qn_tvars_free(&v);
    qn_buf_free(&out);

    /* An unknown hole and an unused value are both errors. */
    fprintf(stderr, "(two expected diagnostics follow)\n");
    qn_tvars_init(&v);
    qn_tvars_set(&v, "NAME", "top");
    qn_tvars_set(&v, "UNUSED", "x");
    int before = qn_error_count();
    e = qn_template_fill_text("t.v.in", text, strlen(text), &v, &out);
    CHECK(e == 2, "errors %d", e);
    CHECK(qn_error_count() == before + 2, "count %d", qn_error_count());
    qn_tvars_free(&v);
    qn_buf_free(&out);
    qn_diag_reset();
}

static void test_hex(void)
{
    qn_buf_t b;
    qn_buf_init(&b);
    qn_emit_hex(&b, -1, 6);
    qn_buf_putc(&b, ' ');
    qn_emit_hex(&b, 5, 3);
    qn_buf_putc(&b, ' ');
    qn_emit_hex(&b, -2, 64);
    qn_buf_putc(&b, ' ');
    qn_emit_hex(&b, INT64_MIN, 64);
    qn_buf_putc(&b, ' ');
    qn_emit_hex(&b, -3, 33);
    CHECK(strcmp(b.data, "3f 5 fffffffffffffffe 8000000000000000 1fffffffd")
              == 0, "got [%s]", b.data);
    qn_buf_free(&b);
    CHECK(qn_addr_bits(1) == 1 && qn_addr_bits(2) == 1 &&
          qn_addr_bits(3) == 2 && qn_addr_bits(1024) == 10 &&
          qn_addr_bits(1025) == 11, "addr_bits");
    CHECK(qn_count_bits(0) == 1 && qn_count_bits(1) == 1 &&
          qn_count_bits(2) == 2 && qn_count_bits(255) == 8 &&
          qn_count_bits(256) == 9, "count_bits");
}

/* FIPS 180-2 appendix B and the NIST example vectors, through one block
 * function: empty, one block, two blocks (padding in its own block), the
 * 896-bit message, exactly one block of data, and 1,000,000 'a'. */
static void sha256_vectors(qn_sha256_blocks_fn *blocks, const char *name)
{
    static const struct {
        const char *msg; /* NULL: `repeat` times 'a' */
        size_t repeat;
        const char *digest;
    } v[] = {
        {"", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", 0, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
         "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 0,
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {NULL, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {NULL, 1000000,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    char *as = malloc(1000000);
    if (!as) {
        CHECK(0, "out of memory");
        return;
    }
    memset(as, 'a', 1000000);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char hex[65];
        const char *m = v[i].msg ? v[i].msg : as;
        size_t len = v[i].msg ? strlen(v[i].msg) : v[i].repeat;
        qn_sha256_hex_with(blocks, m, len, hex);
        CHECK(strcmp(hex, v[i].digest) == 0, "%s, vector %zu: %s", name, i,
              hex);
    }
    free(as);
}

static void test_sha256(void)
{
    sha256_vectors(qn_sha256_blocks_portable, "portable");
    qn_sha256_blocks_fn *shani = qn_sha256_blocks_shani();
    if (!shani) {
        fprintf(stderr, "(no SHA-NI on this CPU: only the portable SHA-256 "
                        "tested)\n");
    } else {
        sha256_vectors(shani, "SHA-NI");
        /* Every tail length across three blocks, and misaligned data:
         * both implementations agree. */
        unsigned char buf[200];
        uint32_t s = 12345;
        for (size_t i = 0; i < sizeof buf; i++) {
            s = s * 1103515245u + 12345u;
            buf[i] = (unsigned char)(s >> 16);
        }
        for (size_t len = 0; len + 1 <= sizeof buf; len++) {
            char a[65], b[65];
            qn_sha256_hex_with(qn_sha256_blocks_portable, buf + 1, len, a);
            qn_sha256_hex_with(shani, buf + 1, len, b);
            CHECK(strcmp(a, b) == 0, "length %zu: %s vs %s", len, a, b);
        }
    }
    /* The entry point the manifest uses. */
    char hex[65];
    qn_sha256_hex("abc", 3, hex);
    CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223"
                      "b00361a396177a9cb410ff61f20015ad") == 0, "%s", hex);
}

/* ---------------------------------------------------------------------- */
/* A hand-built network: one layer, in 5, out 3, lanes 2, simd 2. */

static int16_t w4[15] = {1, -2, 3, -4, 5,  /* neuron 0 */
                         -8, 7, 0, 1, -1,  /* neuron 1 */
                         2, 2, 2, 2, 2};   /* neuron 2 */
static int64_t bias[3] = {3, -1, 0};

static void make_net(qn_network_t *net, qn_layer_t *ly, int weight_bits)
{
    memset(net, 0, sizeof *net);
    memset(ly, 0, sizeof *ly);
    ly->name = "fc1";
    ly->in = 5;
    ly->out = 3;
    ly->x_type = (qn_int_type_t){8, true};
    ly->weight_bits = weight_bits;
    ly->weight = w4;
    ly->bias_bits = 8;
    ly->bias_shift = 2;
    ly->bias = bias;
    ly->has_bias = true;
    ly->acc_bits = 12;
    ly->lanes = 2;
    ly->simd = 2;
    ly->out_type = (qn_int_type_t){8, true};
    net->name = "unit";
    net->source_path = "unit.yaml";
    net->input_size = 5;
    net->input_type = ly->x_type;
    net->in_per_beat = 1;
    net->out_per_beat = 1;
    net->n_layers = 1;
    net->layers = ly;
}

static void make_plan(const qn_layer_t *ly, qn_layer_plan_t *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->groups = (ly->out + ly->lanes - 1) / ly->lanes;
    pl->words = (ly->in + ly->simd - 1) / ly->simd;
    pl->depth = pl->groups * pl->words;
    pl->word_bits = ly->simd * ly->weight_bits;
    pl->addr_bits = qn_addr_bits(pl->depth);
}

/* The data lines (not comments) of a file, joined by ' '. */
static void data_lines(const char *text, const char *comment, char *out,
                       size_t cap)
{
    out[0] = '\0';
    size_t cl = strlen(comment);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (strncmp(p, comment, cl) != 0 && strlen(out) + n + 2 < cap) {
            if (out[0])
                strcat(out, " ");
            strncat(out, p, n);
        }
        p += n + (nl != NULL);
    }
}

static void test_lane_memories(void)
{
    qn_network_t net;
    qn_layer_t ly;
    qn_layer_plan_t pl;
    qn_gen_options_t opt = {0};
    make_net(&net, &ly, 4);
    make_plan(&ly, &pl);
    qn_design_t d = {0};
    d.net = &net;
    d.opt = &opt;
    d.plan = &pl;
    qn_outtree_t *t = qn_outtree_new();
    CHECK(qn_emit_lane_memories(t, &d, 0), "emit");
    CHECK(qn_emit_param_tables(t, &d, 0), "emit params");
    CHECK(qn_outtree_count(t) == 5, "count %zu", qn_outtree_count(t));
    char got[1024];
    /* lane 0: neurons 0 and 2; words (g,k): s=1 in the high nibble. */
    data_lines(qn_outtree_get(t, "mem/fc1_lane0.mem", NULL), "//", got,
               sizeof got);
    CHECK(strcmp(got, "e1 c3 05 22 22 02") == 0, "lane0 [%s]", got);
    /* lane 1: neuron 1, then neuron 3 which does not exist. */
    data_lines(qn_outtree_get(t, "mem/fc1_lane1.mem", NULL), "//", got,
               sizeof got);
    CHECK(strcmp(got, "78 10 0f 00 00 00") == 0, "lane1 [%s]", got);
    data_lines(qn_outtree_get(t, "coe/fc1_lane1.coe", NULL), ";", got,
               sizeof got);
    CHECK(strcmp(got, "memory_initialization_radix=16; "
                      "memory_initialization_vector= "
                      "78, 10, 0f, 00, 00, 00;") == 0, "coe [%s]", got);
    /* bias * 2^2 in 12 bits, padded to groups*lanes = 4 words. */
    data_lines(qn_outtree_get(t, "mem/fc1_bias.mem", NULL), "//", got,
               sizeof got);
    CHECK(strcmp(got, "00c ffc 000 000") == 0, "bias [%s]", got);
    qn_outtree_free(t);

    /* Binary weights: +1 -> 1, -1 -> 0; padding 0. */
    static int16_t wb[15] = {1, -1, 1, 1, -1, -1, -1, 1, -1, 1,
                             1, 1, 1, 1, 1};
    make_net(&net, &ly, 1);
    ly.weight = wb;
    ly.simd = 3;
    ly.lanes = 1;
    make_plan(&ly, &pl);
    t = qn_outtree_new();
    CHECK(qn_emit_lane_memories(t, &d, 0), "emit binary");
    data_lines(qn_outtree_get(t, "mem/fc1_lane0.mem", NULL), "//", got,
               sizeof got);
    /* neuron 0: w = 1,-1,1 | 1,-1 -> 101b=5, 01b=1; neuron 1: -1,-1,1 ->
     * 100b=4 | -1,1 -> 10b=2; neuron 2: 7 | 3 */
    CHECK(strcmp(got, "5 1 4 2 7 3") == 0, "binary [%s]", got);
    qn_outtree_free(t);

    /* One weight a word (simd 1) in whole digits: 4 bits, lanes 2. */
    make_net(&net, &ly, 4);
    ly.simd = 1;
    make_plan(&ly, &pl);
    t = qn_outtree_new();
    CHECK(qn_emit_lane_memories(t, &d, 0), "emit simd 1");
    data_lines(qn_outtree_get(t, "mem/fc1_lane0.mem", NULL), "//", got,
               sizeof got);
    CHECK(strcmp(got, "1 e 3 c 5 2 2 2 2 2") == 0, "simd 1 [%s]", got);
    data_lines(qn_outtree_get(t, "coe/fc1_lane1.coe", NULL), ";", got,
               sizeof got);
    CHECK(strcmp(got, "memory_initialization_radix=16; "
                      "memory_initialization_vector= "
                      "8, 7, 0, 1, f, 0, 0, 0, 0, 0;") == 0,
          "simd 1 coe [%s]", got);
    qn_outtree_free(t);

    /* 8 and 12 bits, simd 1, one lane a neuron; 8 bits with simd 2. */
    static const struct {
        int bits, simd;
        const char *lane1;
    } wide[] = {{8, 1, "f8 07 00 01 ff"},
                {12, 1, "ff8 007 000 001 fff"},
                {8, 2, "07f8 0100 00ff"}};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        make_net(&net, &ly, wide[i].bits);
        ly.simd = wide[i].simd;
        ly.lanes = 3;
        make_plan(&ly, &pl);
        t = qn_outtree_new();
        CHECK(qn_emit_lane_memories(t, &d, 0), "emit %d bits", wide[i].bits);
        data_lines(qn_outtree_get(t, "mem/fc1_lane1.mem", NULL), "//", got,
                   sizeof got);
        CHECK(strcmp(got, wide[i].lane1) == 0, "%d bits, simd %d [%s]",
              wide[i].bits, wide[i].simd, got);
        qn_outtree_free(t);
    }
}

/* ---------------------------------------------------------------------- */
/* The output tree. */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static struct timespec mtime_of(const char *path)
{
    struct stat st;
    struct timespec z = {0, 0};
    if (stat(path, &st) != 0)
        return z;
    return st.st_mtim;
}

static bool same_time(struct timespec a, struct timespec b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static qn_outtree_t *tree_of(const char *const *files)
{
    qn_outtree_t *t = qn_outtree_new();
    for (; *files; files += 2)
        qn_outtree_add(t, files[0], files[1], strlen(files[1]));
    return t;
}

static void test_outtree(const char *root)
{
    char dir[1024], p[1200];
    snprintf(dir, sizeof dir, "%s/out/design", root);
    static const char *const v1[] = {"rtl/a.v", "A1\n", "mem/b.mem", "B1\n",
                                     "Makefile", "M1\n", "old/gone.txt",
                                     "G\n", NULL};
    qn_outtree_t *t = tree_of(v1);
    qn_commit_stats_t st;
    CHECK(qn_outtree_commit(t, dir, NULL, &st), "first commit");
    CHECK(st.added == 4 && st.changed == 0 && st.unchanged == 0,
          "stats %d %d %d", st.added, st.changed, st.unchanged);
    qn_outtree_free(t);
    snprintf(p, sizeof p, "%s/rtl/a.v", dir);
    char *s = slurp(p);
    CHECK(s && strcmp(s, "A1\n") == 0, "a.v");
    snprintf(p, sizeof p, "%s/%s", dir, QN_MANIFEST_NAME);
    s = slurp(p);
    CHECK(s && strstr(s, "  rtl/a.v\n") && strstr(s, "  Makefile\n"),
          "manifest [%s]", s ? s : "");
    /* A build product the manifest does not know. */
    snprintf(p, sizeof p, "%s/sim", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/sim/results.txt", dir);
    spit(p, "keep me\n");

    char pa[1200], pb[1200], pm[1200];
    snprintf(pa, sizeof pa, "%s/rtl/a.v", dir);
    snprintf(pb, sizeof pb, "%s/mem/b.mem", dir);
    snprintf(pm, sizeof pm, "%s/Makefile", dir);
    struct timespec ta = mtime_of(pa), tm = mtime_of(pm);
    struct timespec tb = mtime_of(pb);
    struct timespec pause = {0, 20000000};
    nanosleep(&pause, NULL);

    /* Regenerate: b changes, gone.txt is no longer generated, c is new. */
    static const char *const v2[] = {"rtl/a.v", "A1\n", "mem/b.mem", "B2\n",
                                     "Makefile", "M1\n", "c/c.txt", "C\n",
                                     NULL};
    t = tree_of(v2);
    CHECK(qn_outtree_commit(t, dir, NULL, &st), "second commit");
    CHECK(st.added == 1 && st.changed == 1 && st.unchanged == 2 &&
              st.removed == 1,
          "stats %d %d %d %d", st.added, st.changed, st.unchanged,
          st.removed);
    qn_outtree_free(t);
    CHECK(same_time(ta, mtime_of(pa)) && same_time(tm, mtime_of(pm)),
          "unchanged files keep their timestamps");
    CHECK(!same_time(tb, mtime_of(pb)), "changed file rewritten");
    s = slurp(pb);
    CHECK(s && strcmp(s, "B2\n") == 0, "b.mem");
    snprintf(p, sizeof p, "%s/old", dir);
    CHECK(access(p, F_OK) != 0, "emptied folder old/ removed");
    snprintf(p, sizeof p, "%s/sim/results.txt", dir);
    s = slurp(p);
    CHECK(s && strcmp(s, "keep me\n") == 0, "build product kept");

    /* A write that fails leaves the tree exactly as it was. */
    snprintf(p, sizeof p, "%s/%s", dir, QN_MANIFEST_NAME);
    char manifest_before[4096];
    s = slurp(p);
    snprintf(manifest_before, sizeof manifest_before, "%s", s ? s : "");
    struct timespec tman = mtime_of(p);
    static const char *const v3[] = {"rtl/a.v", "A3\n", "mem/b.mem", "B3\n",
                                     "Makefile", "M3\n", NULL};
    t = tree_of(v3);
    qn_outtree_fail_after(t, 2);
    fprintf(stderr, "(one expected diagnostic follows)\n");
    CHECK(!qn_outtree_commit(t, dir, NULL, &st), "failing commit fails");
    qn_diag_reset();
    s = slurp(pa);
    CHECK(s && strcmp(s, "A1\n") == 0, "a.v untouched");
    s = slurp(pb);
    CHECK(s && strcmp(s, "B2\n") == 0, "b.mem untouched");
    snprintf(p, sizeof p, "%s/c/c.txt", dir);
    CHECK(access(p, F_OK) == 0, "c.txt kept");
    snprintf(p, sizeof p, "%s/%s", dir, QN_MANIFEST_NAME);
    s = slurp(p);
    CHECK(s && strcmp(s, manifest_before) == 0 &&
              same_time(tman, mtime_of(p)), "manifest untouched");
    /* No temporary folder is left behind. */
    snprintf(p, sizeof p, "%s/out", root);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", p);
    CHECK(system(cmd) == 0, "only the design folder in %s", p);

    /* The same tree again, now without the failure, commits. */
    qn_outtree_fail_after(t, 0);
    CHECK(qn_outtree_commit(t, dir, NULL, &st), "retry commit");
    CHECK(st.changed == 3 && st.removed == 1, "retry stats %d %d",
          st.changed, st.removed);
    qn_outtree_free(t);

    /* Bad paths are refused. */
    t = qn_outtree_new();
    fprintf(stderr, "(three expected diagnostics follow)\n");
    CHECK(!qn_outtree_add(t, "../x", "", 0), "..");
    CHECK(!qn_outtree_add(t, "/abs", "", 0), "absolute");
    CHECK(qn_outtree_add(t, "a/b", "", 0), "plain");
    CHECK(!qn_outtree_add(t, "a/b", "", 0), "duplicate");
    qn_outtree_free(t);
    qn_diag_reset();
}

int main(void)
{
    char root[] = "/tmp/qnngen-unit-emit-XXXXXX";
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 99;
    }
    test_template();
    test_hex();
    test_sha256();
    test_lane_memories();
    test_outtree(root);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
