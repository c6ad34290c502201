/* cmd_sweep.c - `qnngen sweep FLOAT.yaml --bits 16,8,4,2`: the float network
 * quantized at each weight width, its error against the float network per
 * layer (and accuracy, given labels), its design generated and synthesized
 * (the design folder's `make synth`: Yosys synth_xilinx; and, where
 * qnngen's estimate says an iCE40 part fits, `make synth-ice40` for Fmax),
 * all in one Markdown table, a JSON file and an SVG plot.
 *
 * Each width gets DIR/w<bits>/: the quantized network (<name>.yaml, .npz,
 * by the rule of `qnngen quantize` with every layer's weight_bits set to the
 * width), its design (rtl-out/, by `qnngen generate`) and the tools' logs
 * and reports (rtl-out/synth/, rtl-out/report.md).  Then DIR/sweep.md, sweep.json, sweep.svg.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "array.h"
#include "commands.h"
#include "diag.h"
#include "emit.h"
#include "fileio.h"
#include "floatcmp.h"
#include "netload.h"
#include "quantize.h"
#include "refmodel.h"
#include "rtl_commands.h"
#include "sweep.h"
#include "synthrun.h"

#define MAX_WIDTHS 16

static const qn_mark_t no_mark = {0, 0};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: qnngen sweep FLOAT.yaml --bits B1,B2,.. [-o DIR] "
        "[--input X.npy]\n"
        "                    [--labels L.npy] [--no-synth] [--no-ice40]\n"
        "\n"
        "For each weight width B (2..16): quantize FLOAT.yaml (as `qnngen "
        "quantize`,\nevery layer at B bits), compare with the float network "
        "per layer (and\naccuracy with --labels), generate the design and "
        "synthesize it (the design's\n`make synth`, and `make synth-ice40` "
        "for Fmax where an iCE40 part fits).\n"
        "  -o, --output DIR   results (default sweep-out/<name>)\n"
        "  --input X.npy      float input vectors (default: the calibration "
        "vectors)\n"
        "  --labels L.npy     integer labels: accuracy of float and "
        "quantized\n"
        "  --no-synth         no Yosys (errors and accuracy only)\n"
        "  --no-ice40         no iCE40 place and route\n"
        "Writes DIR/sweep.md, DIR/sweep.json, DIR/sweep.svg and DIR/w<B>/.\n");
}

/* "16,8,4,2" -> widths; 0 on a bad list. */
static int parse_bits(const char *s, int *bits, int *n)
{
    *n = 0;
    while (*s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || v < 2 || v > 16 || *n == MAX_WIDTHS)
            return 0;
        for (int i = 0; i < *n; i++)
            if (bits[i] == v)
                return 0;
        bits[(*n)++] = (int)v;
        if (*end == ',')
            end++;
        else if (*end)
            return 0;
        s = end;
    }
    return *n > 0;
}

static char *fmt_path(const char *fmt, ...) QN_PRINTF(1, 2);
static char *fmt_path(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qn_buf_t b;
    qn_buf_init(&b);
    qn_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    size_t len;
    return qn_buf_take(&b, &len);
}

/* The float input vectors: --input, else the calibration vectors. */
static int float_inputs(const qn_qspec_t *q, const char *path, double **x,
                        int *n)
{
    if (!path) {
        if (!q->calib) {
            qn_error_at(q->path, q->quant_mark, "sweep needs input vectors: "
                        "give --input X.npy or quantization.calibration");
            return 0;
        }
        size_t count = (size_t)q->n_calib * (size_t)q->input_size;
        *x = malloc(count * sizeof **x);
        if (!*x)
            return 0;
        memcpy(*x, q->calib, count * sizeof **x);
        *n = q->n_calib;
        return 1;
    }
    qn_array_t a;
    qn_array_error_t err = {0};
    if (!qn_array_read_path(path, &a, &err)) {
        qn_error_at(path, (qn_mark_t){err.line, err.col}, "%s", err.message);
        return 0;
    }
    size_t size = (size_t)q->input_size;
    int ok = a.kind != QN_ARRAY_BOOL && a.ndim == 2 && a.shape[1] == size &&
             a.shape[0] >= 1 && a.shape[0] <= 1000000;
    if (!ok)
        qn_error_at(path, no_mark, "input vectors must be numbers of shape "
                    "[N, %zu] (input.size)", size);
    else if ((*x = malloc(a.count * sizeof **x)) != NULL) {
        for (size_t i = 0; i < a.count; i++)
            (*x)[i] = a.kind == QN_ARRAY_FLOAT ? a.reals[i]
                                               : (double)a.ints[i];
        *n = (int)a.shape[0];
    } else
        ok = 0;
    qn_array_free(&a);
    return ok;
}

/* Generates the design of `yaml` into `dir` in a child process, its output
 * in `log` (generate prints a table per run). */
static int generate(const char *yaml, const char *dir, const char *log)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        if (!freopen(log, "w", stdout) || !freopen(log, "a", stderr))
            _exit(1);
        char *argv[] = {"generate", (char *)yaml, "-o", (char *)dir,
                        "--vectors", "4", NULL};
        int st = qn_cmd_generate(6, argv);
        fflush(NULL);
        _exit(st);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return 0;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* This program's path, for the design Makefile's `qnngen report`. */
static char *self_path(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        /* Rebuilt while running: the same path holds the new build. */
        char *del = strstr(buf, " (deleted)");
        if (del && del[10] == '\0')
            *del = '\0';
        return strdup(buf);
    }
    return strdup(qn_progname && strchr(qn_progname, '/') ? qn_progname
                                                          : "qnngen");
}

/* Quantizes at `bits`, compares with the float network, generates and
 * synthesizes: one row of the sweep. */
static int one_width(const char *float_yaml, const char *out_dir,
                     const char *input_path, const char *labels_path,
                     bool synth, bool ice40, qn_sweep_row_t *row)
{
    int ok = 0;
    qn_network_t *net = NULL;
    qn_trace_t *trace = NULL;
    double *x = NULL, *act = NULL, *next = NULL;
    int64_t *xq = NULL, *labels = NULL;
    char *dir = NULL, *yaml = NULL, *npz = NULL, *npz_name = NULL,
         *rtl_dir = NULL, *log = NULL, *self = NULL;
    qn_qspec_t *q = qn_qspec_load(float_yaml);
    if (!q)
        return 0;
    /* Every layer at this width, with max-abs weight scales: a given
     * weight_scale was chosen for one width (a ternary 2-bit scale, say). */
    for (int l = 0; l < q->n_layers; l++) {
        q->layers[l].weight_bits = row->bits;
        free(q->layers[l].given_scale);
        q->layers[l].given_scale = NULL;
    }
    if (!qn_quantize_compute(q))
        goto out;

    dir = fmt_path("%s/w%d", out_dir, row->bits);
    yaml = fmt_path("%s/%s.yaml", dir, q->name);
    npz = fmt_path("%s/%s.npz", dir, q->name);
    npz_name = fmt_path("%s.npz", q->name);
    rtl_dir = fmt_path("%s/rtl-out", dir);
    log = fmt_path("%s/generate.log", dir);
    if (!dir || !yaml || !npz || !npz_name || !rtl_dir || !log ||
        !qn_mkdir_p(dir))
        goto out;
    FILE *f = fopen(yaml, "w");
    int written = f && qn_quantize_write_yaml(f, q, npz_name);
    if (f && fclose(f) != 0)
        written = 0;
    if (!written || !qn_quantize_write_npz(q, npz)) {
        qn_error_at(yaml, no_mark, "cannot write: %s", strerror(errno));
        goto out;
    }
    net = qn_network_load(yaml);
    if (!net)
        goto out;

    /* The float network against the dequantized integer outputs. */
    int n;
    if (!float_inputs(q, input_path, &x, &n))
        goto out;
    if (labels_path && !(labels = qn_labels_read(labels_path, n)))
        goto out;
    size_t size = (size_t)q->input_size;
    xq = malloc((size_t)n * size * sizeof *xq);
    if (!xq)
        goto out;
    for (size_t i = 0; i < (size_t)n * size; i++)
        xq[i] = qn_q_input(x[i], q->input_scale, q->input_zero_point,
                           q->input_type);
    trace = qn_ref_run(net, xq, n);
    int widest = q->input_size;
    for (int l = 0; l < q->n_layers; l++)
        widest = q->layers[l].out > widest ? q->layers[l].out : widest;
    act = malloc((size_t)n * (size_t)widest * sizeof *act);
    next = malloc((size_t)n * (size_t)widest * sizeof *next);
    if (!trace || !act || !next)
        goto out;
    for (int v = 0; v < n; v++)
        memcpy(act + (size_t)v * widest, x + (size_t)v * size,
               size * sizeof *act);
    for (int l = 0; l < q->n_layers; l++) {
        const qn_qlayer_t *L = &q->layers[l];
        double max_err = 0, sum_err = 0;
        for (int v = 0; v < n; v++) {
            double *y = next + (size_t)v * widest;
            qn_float_dense(L->w, L->b, L->out, L->in,
                           act + (size_t)v * widest, y,
                           L->activation == QN_ACT_RELU);
            for (int j = 0; j < L->out; j++) {
                double deq = L->out_scale *
                             (double)trace->layer_out[l][(size_t)v * L->out + j];
                double e = fabs(deq - y[j]);
                max_err = e > max_err ? e : max_err;
                sum_err += e;
            }
        }
        row->max_err[l] = max_err;
        row->mean_err[l] = sum_err / ((double)n * L->out);
        double *t = act;
        act = next;
        next = t;
    }
    row->n_vectors = n;
    if (labels) {
        const qn_qlayer_t *L = &q->layers[q->n_layers - 1];
        int right_f = 0, right_q = 0;
        for (int v = 0; v < n; v++) {
            right_f += qn_argmax_f(act + (size_t)v * widest, L->out) ==
                       labels[v];
            right_q += qn_argmax_i(trace->layer_out[q->n_layers - 1] +
                                       (size_t)v * L->out, L->out) ==
                       labels[v];
        }
        row->has_accuracy = true;
        row->acc_float = 100.0 * right_f / n;
        row->acc_quant = 100.0 * right_q / n;
    }
    row->quantized = true;
    for (int l = 0; l < net->n_layers; l++)
        row->weight_bits_total += (long)net->layers[l].out *
                                  net->layers[l].in * row->bits;

    /* The design, and the tools on it. */
    if (!generate(yaml, rtl_dir, log)) {
        qn_error_at(log, no_mark, "generate failed for %d-bit weights (its "
                    "output is in this file)", row->bits);
        goto out;
    }
    row->generated = true;
    if (synth) {
        self = self_path();
        if (!self || !qn_synth_run(rtl_dir, self, ice40, &row->fig))
            goto out;
        if (!row->fig.xc7_ok)
            qn_error_at(rtl_dir, no_mark, "make synth failed for %d-bit "
                        "weights (see synth/sweep_make.log there)", row->bits);
    }
    ok = 1;
out:
    qn_trace_free(trace);
    qn_network_free(net);
    qn_qspec_free(q);
    free(x), free(xq), free(labels), free(act), free(next);
    free(dir), free(yaml), free(npz), free(npz_name), free(rtl_dir);
    free(log), free(self);
    return ok;
}

int qn_cmd_sweep(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"bits", required_argument, NULL, 'b'},
        {"input", required_argument, NULL, 'i'},
        {"labels", required_argument, NULL, 'l'},
        {"no-synth", no_argument, NULL, 's'},
        {"no-ice40", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int bits[MAX_WIDTHS], n_bits = 0, c;
    const char *out_dir = NULL, *input = NULL, *labels = NULL;
    bool synth = true, ice40 = true;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out_dir = optarg; break;
        case 'b':
            if (!parse_bits(optarg, bits, &n_bits))
                return qn_usage_error(argv[0], "--bits takes distinct widths "
                                      "2..16 separated by commas (e.g. "
                                      "16,8,4,2), not '%s'", optarg);
            break;
        case 'i': input = optarg; break;
        case 'l': labels = optarg; break;
        case 's': synth = false; break;
        case 'c': ice40 = false; break;
        case 'h': usage(stdout); return QN_EXIT_OK;
        case ':':
            return qn_usage_error(argv[0], "option '%s' needs a value",
                                  argv[optind - 1]);
        default:
            return qn_usage_error(argv[0], "unknown option '%s' (see "
                                  "`qnngen sweep --help`)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return qn_usage_error(argv[0], "which float network? (qnngen sweep "
                              "FLOAT.yaml --bits 16,8,4,2)");
    if (n_bits == 0)
        return qn_usage_error(argv[0], "which widths? (--bits 16,8,4,2)");
    const char *float_yaml = argv[optind];

    /* Check the float network once before any width. */
    qn_qspec_t *q = qn_qspec_load(float_yaml);
    if (!q)
        return QN_EXIT_FAIL;
    qn_sweep_t sw;
    memset(&sw, 0, sizeof sw);
    sw.name = strdup(q->name);
    sw.n_layers = q->n_layers;
    sw.layer_names = calloc((size_t)q->n_layers, sizeof *sw.layer_names);
    for (int l = 0; sw.layer_names && l < q->n_layers; l++)
        sw.layer_names[l] = strdup(q->layers[l].name);
    qn_qspec_free(q);
    char *default_dir = NULL;
    if (!out_dir)
        out_dir = default_dir = fmt_path("sweep-out/%s", sw.name);
    sw.rows = calloc((size_t)n_bits, sizeof *sw.rows);
    int status = QN_EXIT_FAIL;
    if (!sw.name || !sw.layer_names || !sw.rows || !out_dir ||
        !qn_mkdir_p(out_dir)) {
        qn_error_at(NULL, no_mark, "out of memory or no output folder");
        goto out;
    }
    sw.n_rows = n_bits;
    sw.synth = synth;
    sw.ice40 = synth && ice40;
    for (int i = 0; i < n_bits; i++) {
        qn_sweep_row_t *r = &sw.rows[i];
        r->bits = bits[i];
        r->max_err = calloc((size_t)sw.n_layers, sizeof *r->max_err);
        r->mean_err = calloc((size_t)sw.n_layers, sizeof *r->mean_err);
        if (!r->max_err || !r->mean_err)
            goto out;
        printf("%s: %d-bit weights ...\n", sw.name, r->bits);
        fflush(stdout);
        if (!one_width(float_yaml, out_dir, input, labels, synth, ice40, r))
            qn_note_at(NULL, no_mark, "%d-bit weights: see the messages "
                       "above; the sweep goes on", r->bits);
    }
    if (!qn_sweep_write(&sw, out_dir, stdout))
        goto out;
    status = QN_EXIT_OK;
    for (int i = 0; i < n_bits; i++)
        if (!sw.rows[i].quantized || !sw.rows[i].generated ||
            (synth && !sw.rows[i].fig.xc7_ok))
            status = QN_EXIT_FAIL;
out:
    qn_sweep_free(&sw);
    free(default_dir);
    return status;
}
