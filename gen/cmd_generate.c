/* cmd_generate.c - `qnngen generate`: the network's Verilog design, memory
 * initializers, test vectors, testbench and Makefile, in one folder.
 *
 * The pipeline: load and validate (netload.c), pick the test vectors, run
 * the reference model on them, plan the hardware, emit every file into an
 * in-memory tree, then commit the tree to the folder at once (outtree.h):
 * nothing on disk changes unless every step succeeded.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "emit.h"
#include "inputs.h"
#include "netload.h"
#include "outtree.h"
#include "params.h"
#include "refmodel.h"
#include "rtl_commands.h"

#define DEFAULT_VECTORS 8
#define DEFAULT_SEED 1
#define MAX_VECTORS 100000
#define DEFAULT_PART "xc7a35tcpg236-1"
#define DEFAULT_CLOCK_NS 10.0

static const qn_mark_t no_mark = {0, 0};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: qnngen generate NET.yaml [-o DIR] [--input X.npy] "
            "[--vectors N]\n"
            "                       [--seed S] [--trace] "
            "[--memory inferred|xilinx-ip]\n"
            "                       [--ram-style block|distributed] "
            "[--part PART] [--clock-ns NS]\n"
            "\n"
            "Writes the design of NET.yaml into DIR (default "
            "rtl-out/<name>):\n"
            "  -o, --output DIR     the design folder\n"
            "  --input X.npy        test vectors (.npy or .csv); default "
            "random\n"
            "  --vectors N          random test vectors (default %d, at least "
            "layers + 3),\n"
            "                       or the first N of --input\n"
            "  --seed S             seed of the random vectors (default %d)\n"
            "  --trace              the testbench checks and records every "
            "layer\n"
            "  --memory KIND        inferred (default) or xilinx-ip "
            "(blk_mem_gen instances)\n"
            "  --ram-style STYLE    block (default) or distributed\n"
            "  --part PART          FPGA part of vivado/build.tcl (default "
            "%s)\n"
            "  --clock-ns NS        clock period of vivado/%s.xdc in ns "
            "(default %g)\n"
            "Then `make -C DIR sim` or `qnngen sim DIR` simulates it; "
            "`make -C DIR synth`,\n"
            "`make -C DIR synth-ice40` synthesize it (see DIR/Makefile).\n",
            DEFAULT_VECTORS, DEFAULT_SEED, DEFAULT_PART, "<net>",
            DEFAULT_CLOCK_NS);
}

/* Parses a whole decimal number in [lo, hi]. */
static int parse_num(const char *s, long long lo, long long hi,
                     long long *out)
{
    char *end;
    if (!*s)
        return 0;
    long long v = strtoll(s, &end, 10);
    if (*end || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

/* A Vivado part name goes into Tcl as a bare word: letters, digits, '-'
 * and '_' only. */
static int valid_part(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return 0;
    return 1;
}

/* A clock period in ns: a decimal number, 0.5 to 1000, at most 3 decimals
 * (the XDC writes it with three). */
static int parse_period(const char *s, double *out)
{
    char *end;
    if (!*s || strspn(s, "0123456789.") != strlen(s))
        return 0;
    double v = strtod(s, &end);
    const char *dot = strchr(s, '.');
    if (*end || v < 0.5 || v > 1000 || (dot && strlen(dot + 1) > 3))
        return 0;
    *out = v;
    return 1;
}

/* Cycles beyond which a default run is long (minutes in Icarus) and gets
 * only the vectors its measurements need. */
#define LONG_RUN_CYCLES 500000

/* The fewest vectors whose measured interval is the steady state.
 *
 * The testbench measures the gaps between successive outputs from vector 2
 * on.  The gap ending with vector v's output is the hand-over period in
 * which v is in the last layer; then layer l holds vector
 * v + (n_layers - 1 - l), and the period is as long as the slowest stage
 * that holds a vector.  So the slowest stage b (the input stage is -1)
 * takes part in the gap of vector 2 when vector 2 + n_layers - 1 - b
 * exists: n_layers - b + 2 vectors, 3 when the last layer is the slowest.
 * Of several equally slow stages the last suffices; the slowest is taken
 * both by compute cycles and by compute plus pipeline depth (the earlier
 * of the two), and an input stage near the interval counts as slowest. */
static int steady_state_vectors(const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    long max_compute = 0, max_stage = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_plan_t *pl = &d->plan[l];
        if (pl->compute_cycles > max_compute)
            max_compute = pl->compute_cycles;
        if (pl->compute_cycles + pl->pipe_depth > max_stage)
            max_stage = pl->compute_cycles + pl->pipe_depth;
    }
    int by_compute = -1, by_stage = -1;
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_plan_t *pl = &d->plan[l];
        if (pl->compute_cycles == max_compute)
            by_compute = l;
        if (pl->compute_cycles + pl->pipe_depth == max_stage)
            by_stage = l;
    }
    int slowest = by_compute < by_stage ? by_compute : by_stage;
    if (d->in_beats + 64 >= max_compute)
        slowest = -1;
    return net->n_layers - slowest + 2;
}

/* Random vectors when none are asked for: DEFAULT_VECTORS and at least
 * layers + 3 (enough for a steady state whatever stage is the slowest);
 * for a long run, only the steady-state count (at least 3). */
static int default_vectors(const qn_design_t *d)
{
    int n = DEFAULT_VECTORS;
    if (n < d->net->n_layers + 3)
        n = d->net->n_layers + 3;
    long cycles = 2 * d->ideal_latency + (long)(n - 2) * d->ideal_interval;
    if (cycles > LONG_RUN_CYCLES) {
        int steady = steady_state_vectors(d);
        if (steady < n)
            n = steady < 3 ? 3 : steady;
    }
    return n;
}

/* The test vectors and the reference's outputs on them. */
static int make_vectors(qn_design_t *d, int n_asked)
{
    const qn_network_t *net = d->net;
    const qn_gen_options_t *opt = d->opt;
    if (opt->input_path) {
        int64_t *x;
        int n;
        if (!qn_inputs_read(net, opt->input_path, &x, &n))
            return 0;
        if (n < 1) {
            qn_error_at(opt->input_path, no_mark, "holds no input vector");
            free(x);
            return 0;
        }
        if (n_asked > 0 && n_asked < n)
            n = n_asked;
        if (n > MAX_VECTORS) {
            qn_error_at(opt->input_path, no_mark,
                        "%d vectors: the testbench takes at most %d "
                        "(use --vectors)", n, MAX_VECTORS);
            free(x);
            return 0;
        }
        d->x = x;
        d->n_vectors = n;
    } else {
        int n = n_asked > 0 ? n_asked : default_vectors(d);
        d->x = malloc((size_t)n * (size_t)net->input_size * sizeof *d->x);
        if (!d->x) {
            qn_error_at(NULL, no_mark, "out of memory");
            return 0;
        }
        qn_inputs_random(net, opt->seed, n, d->x);
        d->n_vectors = n;
    }
    d->trace = qn_ref_run(net, d->x, d->n_vectors);
    if (!d->trace) {
        qn_error_at(NULL, no_mark, "out of memory");
        return 0;
    }
    return 1;
}

/* On regeneration: why files changed (qnngen.params, old against new). */
static void print_why(const qn_outtree_t *t, const char *old_params)
{
    if (!old_params)
        return;
    const char *now = qn_outtree_get(t, QN_PARAMS_NAME, NULL);
    if (!now || strcmp(now, old_params) == 0)
        return;
    printf("why:\n");
    fflush(stdout);
    if (qn_params_explain(old_params, now, stdout) == 0)
        printf("  (only the banners or the record's comments)\n");
}

/* One line on the hardware itself: which rtl/ files were rewritten. */
static void print_rtl_line(const qn_outtree_t *t)
{
    size_t n = 0;
    for (size_t i = 0; i < qn_outtree_count(t); i++)
        n += strncmp(qn_outtree_path(t, i), "rtl/", 4) == 0 &&
             qn_outtree_written(t, i);
    if (n == 0) {
        printf("  RTL: unchanged\n");
        return;
    }
    printf("  RTL: %zu file%s written:", n, n == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t i = 0; i < qn_outtree_count(t) && shown < 4; i++)
        if (strncmp(qn_outtree_path(t, i), "rtl/", 4) == 0 &&
            qn_outtree_written(t, i)) {
            printf(" %s", qn_outtree_path(t, i));
            shown++;
        }
    printf("%s\n", n > shown ? " ..." : "");
}

static void print_summary(const qn_design_t *d, const char *dir,
                          const qn_commit_stats_t *st)
{
    const qn_network_t *net = d->net;
    printf("%s: %d layers -> %s\n", net->name, net->n_layers, dir);
    printf("  %-12s %6s %6s %5s %4s %7s %5s\n", "layer", "in", "out",
           "lanes", "simd", "cycles", "depth");
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        printf("  %-12s %6d %6d %5d %4d %7ld %5d\n", ly->name, ly->in,
               ly->out, ly->lanes, ly->simd, d->plan[l].compute_cycles,
               d->plan[l].pipe_depth);
    }
    printf("  ideal interval %ld cycles, ideal latency %ld cycles "
           "(spec 5; see design.txt)\n", d->ideal_interval, d->ideal_latency);
    qn_estimate_print(stdout, net, &d->est);
    printf("  %d test vectors; files: %d new, %d changed, %d unchanged, "
           "%d removed\n", d->n_vectors, st->added, st->changed,
           st->unchanged, st->removed);
}

int qn_cmd_generate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"input", required_argument, NULL, 'i'},
        {"vectors", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"trace", no_argument, NULL, 't'},
        {"memory", required_argument, NULL, 'm'},
        {"ram-style", required_argument, NULL, 'r'},
        {"part", required_argument, NULL, 'p'},
        {"clock-ns", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    qn_gen_options_t opt = {QN_MEMORY_INFERRED, false, false,
                            DEFAULT_PART, DEFAULT_CLOCK_NS, NULL, 0,
                            DEFAULT_SEED};
    const char *out_dir = NULL;
    long long n_asked = 0, v;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out_dir = optarg;
            break;
        case 'i':
            opt.input_path = optarg;
            break;
        case 'n':
            if (!parse_num(optarg, 1, MAX_VECTORS, &n_asked))
                return qn_usage_error(argv[0], "--vectors takes a number "
                                      "1..%d, not '%s'", MAX_VECTORS, optarg);
            break;
        case 's':
            if (!parse_num(optarg, 0, 0x7fffffffffffffffLL, &v))
                return qn_usage_error(argv[0], "--seed takes a number >= 0, "
                                      "not '%s'", optarg);
            opt.seed = (uint64_t)v;
            break;
        case 't':
            opt.trace = true;
            break;
        case 'm':
            if (strcmp(optarg, "inferred") == 0)
                opt.memory = QN_MEMORY_INFERRED;
            else if (strcmp(optarg, "xilinx-ip") == 0)
                opt.memory = QN_MEMORY_XILINX_IP;
            else
                return qn_usage_error(argv[0], "--memory is 'inferred' or "
                                      "'xilinx-ip', not '%s'", optarg);
            break;
        case 'r':
            if (strcmp(optarg, "block") == 0)
                opt.ram_distributed = false;
            else if (strcmp(optarg, "distributed") == 0)
                opt.ram_distributed = true;
            else
                return qn_usage_error(argv[0], "--ram-style is 'block' or "
                                      "'distributed', not '%s'", optarg);
            break;
        case 'p':
            if (!valid_part(optarg))
                return qn_usage_error(argv[0], "--part takes a part name "
                                      "of letters, digits and '-' (e.g. "
                                      "%s), not '%s'", DEFAULT_PART, optarg);
            opt.part = optarg;
            break;
        case 'c':
            if (!parse_period(optarg, &opt.clock_ns))
                return qn_usage_error(argv[0], "--clock-ns takes a period "
                                      "in ns, 0.5..1000 (e.g. 10 or 6.4), "
                                      "not '%s'", optarg);
            break;
        case 'h':
            usage(stdout);
            return QN_EXIT_OK;
        case ':':
            return qn_usage_error(argv[0], "option '%s' needs a value",
                                  argv[optind - 1]);
        default:
            return qn_usage_error(argv[0], "unknown option '%s' (see "
                                  "`qnngen generate --help`)",
                                  argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return qn_usage_error(argv[0], optind >= argc
                                           ? "which network? (qnngen "
                                             "generate NET.yaml [-o DIR])"
                                           : "one network at a time");
    const char *yaml = argv[optind];

    /* Load and validate: stop on any error. */
    qn_network_t *net = qn_network_load(yaml);
    if (!net)
        return QN_EXIT_FAIL;

    qn_design_t d;
    memset(&d, 0, sizeof d);
    d.net = net;
    d.opt = &opt;
    int status = QN_EXIT_FAIL;
    qn_outtree_t *tree = NULL;
    char *default_dir = NULL, *old_params = NULL;
    if (!qn_design_plan(&d) || !make_vectors(&d, (int)n_asked))
        goto out;

    /* Emit everything in memory. */
    tree = qn_outtree_new();
    if (!tree) {
        qn_error_at(NULL, no_mark, "out of memory");
        goto out;
    }
    if (!qn_emit_design(tree, &d))
        goto out;

    if (!out_dir) {
        size_t n = strlen(net->name) + 16;
        default_dir = malloc(n);
        if (!default_dir) {
            qn_error_at(NULL, no_mark, "out of memory");
            goto out;
        }
        snprintf(default_dir, n, "rtl-out/%s", net->name);
        out_dir = default_dir;
    }
    const char *fail = getenv("QNNGEN_TEST_FAIL_WRITE");
    if (fail && *fail)
        qn_outtree_fail_after(tree, atol(fail));
    const char *kill_at = getenv("QNNGEN_TEST_KILL_AT");
    if (kill_at && *kill_at && !qn_outtree_kill_at(tree, kill_at))
        qn_warning_at(NULL, no_mark, "QNNGEN_TEST_KILL_AT=%s is not KIND:N", kill_at);
    if (isatty(STDERR_FILENO) && qn_outtree_count(tree) > 64)
        fprintf(stderr, "writing %zu files to %s ...\n",
                qn_outtree_count(tree), out_dir);
    old_params = qn_params_read_old(out_dir);
    qn_commit_stats_t st;
    if (!qn_outtree_commit(tree, out_dir, stdout, &st))
        goto out;
    print_why(tree, old_params);
    print_summary(&d, out_dir, &st);
    if (old_params)
        print_rtl_line(tree);
    status = QN_EXIT_OK;

out:
    qn_outtree_free(tree);
    free(default_dir);
    free(old_params);
    qn_design_free(&d);
    qn_network_free(net);
    return status;
}
