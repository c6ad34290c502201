/* cmd_quantize.c - `qnngen quantize FLOAT.yaml -o OUT.yaml`.
 *
 * OUT.yaml and OUT.npz are written into a temporary directory beside OUT,
 * loaded back as a format-1 network (so every range and accumulator is
 * checked by the same loader as any other network), and only then renamed
 * into place, the .npz first: a failure never touches an earlier OUT. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array.h"
#include "commands.h"
#include "diag.h"
#include "fileio.h"
#include "loadutil.h"
#include "netload.h"
#include "quantize.h"

/* "dir/net.yaml" -> "net" (the name stem of the written files). */
static char *stem_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (qn_has_suffix(base, ".yaml"))
        len -= 5;
    else if (qn_has_suffix(base, ".yml"))
        len -= 4;
    return strndup(base, len);
}

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s%s", dir, dir[0] ? "/" : "", name, suffix);
    return p;
}

static int write_all(const qn_qspec_t *q, const char *output)
{
    int ok = 0;
    char *dir = qn_dir_of(output), *stem = stem_of(output);
    char *tmp_dir = NULL, *tmp_yaml = NULL, *tmp_npz = NULL, *npz_name = NULL,
         *final_npz = NULL;
    if (!dir || !stem || !stem[0]) {
        qn_error_at(output, (qn_mark_t){0, 0}, "not a file name for the network");
        goto out;
    }
    tmp_dir = join(dir, ".qnngen-quantize", ".XXXXXX");
    npz_name = join("", stem, ".npz");
    final_npz = join(dir, stem, ".npz");
    if (!tmp_dir || !npz_name || !final_npz || !mkdtemp(tmp_dir)) {
        qn_error_at(output, (qn_mark_t){0, 0}, "cannot make a temporary "
                    "directory beside it: %s", strerror(errno));
        free(tmp_dir);
        tmp_dir = NULL;
        goto out;
    }
    tmp_yaml = join(tmp_dir, stem, ".yaml");
    tmp_npz = join(tmp_dir, stem, ".npz");
    if (!tmp_yaml || !tmp_npz)
        goto out;
    FILE *f = fopen(tmp_yaml, "w");
    int written = f && qn_quantize_write_yaml(f, q, npz_name);
    if (f && fclose(f) != 0)
        written = 0;
    if (!written || !qn_quantize_write_npz(q, tmp_npz)) {
        qn_error_at(output, (qn_mark_t){0, 0}, "cannot write: %s", strerror(errno));
        goto out;
    }
    qn_network_t *net = qn_network_load(tmp_yaml);
    if (!net) {
        qn_error_at(q->path, (qn_mark_t){0, 0}, "the quantized network does "
                    "not load (above); nothing was written");
        goto out;
    }
    qn_network_free(net);
    if (rename(tmp_npz, final_npz) != 0 || rename(tmp_yaml, output) != 0) {
        qn_error_at(output, (qn_mark_t){0, 0}, "cannot rename into place: %s",
                    strerror(errno));
        goto out;
    }
    ok = 1;
out:
    if (tmp_dir) {
        if (tmp_yaml)
            remove(tmp_yaml);
        if (tmp_npz)
            remove(tmp_npz);
        rmdir(tmp_dir);
    }
    free(dir), free(stem), free(tmp_dir), free(tmp_yaml), free(tmp_npz);
    free(npz_name), free(final_npz);
    return ok;
}

/* One line per layer: what was chosen, for the user's log. */
static void print_summary(const qn_qspec_t *q, const char *output)
{
    printf("%s: input scale %.6g zero point %lld (range [%g, %g])\n", output,
           q->input_scale, (long long)q->input_zero_point, q->input_lo, q->input_hi);
    for (int l = 0; l < q->n_layers; l++) {
        const qn_qlayer_t *L = &q->layers[l];
        int lo = (int)L->shift[0], hi = lo;
        for (int j = 1; j < L->out; j++) {
            lo = (int)L->shift[j] < lo ? (int)L->shift[j] : lo;
            hi = (int)L->shift[j] > hi ? (int)L->shift[j] : hi;
        }
        printf("  %-12s w%-2d M %.6g shift %d", L->name, L->weight_bits,
               L->m_real[0], lo);
        if (hi != lo)
            printf("..%d", hi);
        if (q->mode == QN_QMODE_MULTIPLIER && !L->per_channel)
            printf(" multiplier %lld", (long long)L->mult[0]);
        printf(" out scale %.6g range [%g, %g]\n", L->out_scale, L->range_lo,
               L->range_hi);
    }
}

int qn_cmd_quantize(int argc, char **argv)
{
    static const struct option options[] = {
        { "output", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *output = NULL;
    int c, quiet = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'h':
            printf("usage: qnngen quantize FLOAT.yaml -o OUT.yaml [-q]\n");
            return QN_EXIT_OK;
        default:
            return qn_usage_error("quantize", "see `qnngen quantize --help`");
        }
    }
    if (optind + 1 != argc)
        return qn_usage_error("quantize", "give exactly one float network: "
                              "qnngen quantize FLOAT.yaml -o OUT.yaml");
    if (!output)
        return qn_usage_error("quantize", "-o OUT.yaml is required (OUT.npz "
                              "is written beside it)");
    qn_qspec_t *q = qn_qspec_load(argv[optind]);
    if (!q)
        return QN_EXIT_FAIL;
    int ok = qn_quantize_compute(q) && write_all(q, output);
    if (ok && !quiet)
        print_summary(q, output);
    qn_qspec_free(q);
    return ok ? QN_EXIT_OK : QN_EXIT_FAIL;
}
