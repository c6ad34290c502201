/* cmd_check.c - `qnngen check`: validate and print the per-layer table. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "estimate.h"
#include "ir.h"
#include "netload.h"

static const char *const rounding_label[] = { "floor", "half_up", "half_even", "half_away" };

/* "8s" / "1u": an integer type in a table cell. */
static const char *type_label(qn_int_type_t t, char *buf, size_t n)
{
    snprintf(buf, n, "%d%c", t.bits, t.is_signed ? 's' : 'u');
    return buf;
}

/* Bits of weight memory the lanes hold, padding included. */
static long long weight_memory_bits(const qn_layer_t *L)
{
    long long words = qn_ceil_div(L->out, L->lanes) * qn_ceil_div(L->in, L->simd);
    return (long long)L->lanes * words * L->simd * L->weight_bits;
}

void qn_print_layer_table(FILE *f, const qn_network_t *net)
{
    char a[16], b[16];
    fprintf(f, "network %s (%s): input %d x %s, %d layer%s\n", net->name,
            net->source_path, net->input_size,
            type_label(net->input_type, a, sizeof a), net->n_layers,
            net->n_layers == 1 ? "" : "s");
    fprintf(f, "%-12s %7s %7s %6s %9s %6s %-9s %-5s %12s %12s %5s %5s %10s\n",
            "layer", "in", "out", "w_bits", "acc_bits", "out", "rounding",
            "act", "MACs", "weight_bits", "lanes", "simd", "cycles");
    long long macs = 0, mem = 0, cycles = 0, interval = 0;
    const char *slowest = "";
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *L = &net->layers[l];
        char acc[24];
        snprintf(acc, sizeof acc, "%d%s", L->acc_bits, L->acc_bits_auto ? "a" : "");
        long long m = (long long)L->in * L->out, w = weight_memory_bits(L);
        long long c = qn_layer_compute_cycles(L);
        fprintf(f, "%-12s %7d %7d %6d %9s %6s %-9s %-5s %12lld %12lld %5d %5d %10lld\n",
                L->name, L->in, L->out, L->weight_bits, acc,
                type_label(L->out_type, b, sizeof b), rounding_label[L->rounding],
                L->activation == QN_ACT_RELU ? "relu" : "none", m, w, L->lanes,
                L->simd, c);
        macs += m;
        mem += w;
        cycles += c;
        if (c > interval) {
            interval = c;
            slowest = L->name;
        }
    }
    fprintf(f, "%-12s %7s %7s %6s %9s %6s %-9s %-5s %12lld %12lld %5s %5s %10lld\n",
            "total", "", "", "", "", "", "", "", macs, mem, "", "", cycles);
    long long in_beats = qn_ceil_div(net->input_size, net->in_per_beat);
    long long out_beats = qn_ceil_div(qn_network_output_size(net), net->out_per_beat);
    if (in_beats > interval) {
        interval = in_beats;
        slowest = "input stream";
    }
    if (out_beats > interval) {
        interval = out_beats;
        slowest = "output stream";
    }
    fprintf(f, "acc_bits: 'a' marks a width chosen by `auto` (the least that holds every acc and p)\n");
    fprintf(f, "ideal interval: %lld cycles (set by %s); compute cycles summed: %lld\n",
            interval, slowest, cycles);
}

int qn_cmd_check(int argc, char **argv)
{
    static const struct option options[] = {
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'h':
            printf("usage: qnngen check [-q] NET.yaml\n");
            return QN_EXIT_OK;
        default:
            return qn_usage_error("check", "see `qnngen check --help`");
        }
    }
    if (optind + 1 != argc)
        return qn_usage_error("check", "give exactly one network: qnngen check NET.yaml");
    qn_network_t *net = qn_network_load(argv[optind]);
    if (!net)
        return QN_EXIT_FAIL;
    int status = QN_EXIT_OK;
    if (!quiet) {
        qn_print_layer_table(stdout, net);
        qn_estimate_t e;
        if (qn_estimate_network(net, &e)) {
            putchar('\n');
            qn_estimate_print(stdout, net, &e);
            qn_estimate_free(&e);
        } else {
            fprintf(stderr, "%s: out of memory\n", argv[optind]);
            status = QN_EXIT_FAIL;
        }
    }
    qn_network_free(net);
    return status;
}
