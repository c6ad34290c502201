/* emit_design.c - the hardware plan (per-layer geometry, latencies, cycle
 * figures), design.txt, and the order in which the emitters run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "outtree.h"
#include "params.h"
#include "template.h"

int qn_design_plan(qn_design_t *d)
{
    const qn_network_t *net = d->net;
    d->plan = calloc((size_t)net->n_layers, sizeof *d->plan);
    if (!d->plan) {
        qn_error_at(NULL, (qn_mark_t){0, 0}, "out of memory");
        return 0;
    }
    d->in_beats = qn_ceil_div(net->input_size, net->in_per_beat);
    d->out_beats = qn_ceil_div(qn_network_output_size(net), net->out_per_beat);
    d->ideal_interval = d->in_beats > d->out_beats ? d->in_beats
                                                   : d->out_beats;
    d->ideal_latency = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        qn_layer_plan_t *pl = &d->plan[l];
        pl->groups = (int)qn_ceil_div(ly->out, ly->lanes);
        pl->words = (int)qn_ceil_div(ly->in, ly->simd);
        pl->depth = pl->groups * pl->words;
        pl->addr_bits = qn_addr_bits(pl->depth);
        pl->word_bits = ly->simd * ly->weight_bits;
        pl->compute_cycles = qn_layer_compute_cycles(ly);
        /* qn_mac_lane: inputs 1, products 1, a register every 2 tree levels
         * and after the root, the accumulator 1; qn_requant: see
         * qn_requant_latency(). */
        pl->lat_mac = 3 + (qn_clog2(ly->simd) + 1) / 2;
        pl->lat_rq = qn_requant_latency(ly);
        pl->pipe_depth = 1 + pl->lat_mac + pl->lat_rq + 1;
        if (pl->compute_cycles > d->ideal_interval)
            d->ideal_interval = pl->compute_cycles;
        d->ideal_latency += pl->compute_cycles + pl->pipe_depth;
    }
    if (!qn_estimate_network(net, &d->est)) {
        qn_error_at(NULL, (qn_mark_t){0, 0}, "out of memory");
        return 0;
    }
    return 1;
}

void qn_design_free(qn_design_t *d)
{
    free(d->plan);
    qn_estimate_free(&d->est);
    free(d->x);
    qn_trace_free(d->trace);
    d->plan = NULL;
    d->x = NULL;
    d->trace = NULL;
}

/* Cycles between a stage's successive starts when it is the bottleneck:
 * its compute cycles and the hand-over cycle (the drain of its datapath
 * overlaps the next vector). */
static long stage_cycles(const qn_layer_plan_t *pl)
{
    return pl->compute_cycles + 1;
}

int qn_emit_report(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    qn_buf_t b;
    qn_buf_init(&b);
    qn_emit_banner(&b, net, "#", "design report");
    qn_buf_printf(&b, "\nnetwork %s: %d layers, %d inputs -> %d outputs; "
                  "weight memories %s\n\n", net->name, net->n_layers,
                  net->input_size, qn_network_output_size(net),
                  d->opt->memory == QN_MEMORY_XILINX_IP
                      ? "as Xilinx blk_mem_gen IP (stand-ins in rtl/ip)"
                      : d->opt->ram_distributed ? "inferred, distributed RAM"
                                                : "inferred, block RAM");
    qn_buf_printf(&b, "%-12s %6s %6s %5s %4s %5s %5s %8s %5s %8s %6s %6s\n",
                  "layer", "in", "out", "lanes", "simd", "G", "K", "compute",
                  "depth", "stage", "words", "bits");
    long stage_max = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        const qn_layer_plan_t *pl = &d->plan[l];
        qn_buf_printf(&b, "%-12s %6d %6d %5d %4d %5d %5d %8ld %5d %8ld "
                      "%6d %6d\n", ly->name, ly->in, ly->out, ly->lanes,
                      ly->simd, pl->groups, pl->words, pl->compute_cycles,
                      pl->pipe_depth, stage_cycles(pl), pl->depth,
                      pl->word_bits);
        if (stage_cycles(pl) > stage_max)
            stage_max = stage_cycles(pl);
    }
    qn_emit_datapath_choices(&b, d);
    long exp_interval = stage_max;
    if (d->in_beats > exp_interval)
        exp_interval = d->in_beats;
    if (d->out_beats > exp_interval)
        exp_interval = d->out_beats;
    qn_buf_printf(&b,
        "\n"
        "G = ceil(out/lanes) neuron groups, K = ceil(in/simd) input words;\n"
        "words x bits: each lane's weight memory (one per lane).\n"
        "compute = G*K: cycles a layer issues work (spec section 5).\n"
        "depth: the layer's pipeline depth, from its last issued word to its\n"
        "  last results being readable in the next layer's input buffer:\n"
        "  weight memory 1 + lane (qn_mac_lane, 3 + ceil(clog2(simd)/2)) +\n"
        "  requantizer (qn_requant: 3 with a constant shift, 4 with\n"
        "  per-channel shifts, 4 + clog2(multiplier bits) with a multiplier)\n"
        "  + buffer 1.\n"
        "stage = compute + 1: cycles between a layer's starts when it is the\n"
        "  bottleneck (its issue, and the hand-over cycle; its depth overlaps\n"
        "  the next vector).\n"
        "\n"
        "input: %d elements, %d a beat: %ld beats; output: %d elements, "
        "%d a beat: %ld beats.\n"
        "\n"
        "ideal interval (spec 5): max(compute, input beats, output beats) "
        "= %ld cycles\n"
        "ideal latency (spec 5): sum of compute + depth = %ld cycles\n"
        "\n"
        "This design: interval = max(stage, input beats, output beats) = "
        "%ld cycles\n"
        "  or a few cycles more: when a layer's last input words come from\n"
        "  the previous layer's last groups, it waits for their depth before\n"
        "  it can issue them; and when the output beats are the largest and\n"
        "  few, as the output has two buffers and the last layer starts a\n"
        "  vector only once the one two back is sent.\n"
        "Latency (first input beat to first output beat): the first layer\n"
        "  starts on the first input beat and every layer reads each input\n"
        "  word as soon as it is written; a layer starts on a vector the cycle\n"
        "  after the layer before has issued its last word; output beats leave\n"
        "  as soon as their elements are written. So the latency is about the\n"
        "  ideal latency, plus the cycles the first layer waits for input\n"
        "  beats, minus the part of each layer's depth the next layer overlaps.\n",
        net->input_size, net->in_per_beat, d->in_beats,
        qn_network_output_size(net), net->out_per_beat, d->out_beats,
        d->ideal_interval, d->ideal_latency, exp_interval);
    return qn_outtree_add_buf(t, "design.txt", &b);
}

/* Every Verilog module of the design has its own name: a layer called
 * `top` or `tb`, or a network `qn` with a layer `sync`, would clash. */
static int check_module_names(const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    int ok = 1;
    char name[512], other[600];
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        qn_layer_module_name(d, l, name, sizeof name);
        const char *clash = NULL;
        snprintf(other, sizeof other, "%s_top", net->name);
        if (strcmp(name, other) == 0)
            clash = "the top level's";
        snprintf(other, sizeof other, "%s_tb", net->name);
        if (strcmp(name, other) == 0)
            clash = "the testbench's";
        snprintf(other, sizeof other, "%s.v", name);
        if (qn_embedded_find(other))
            clash = "a library module's";
        for (int m = 0; m < net->n_layers && !clash; m++)
            for (int lane = 0; d->opt->memory == QN_MEMORY_XILINX_IP &&
                               lane < net->layers[m].lanes; lane++) {
                qn_lane_ip_name(d, m, lane, other, sizeof other);
                if (strcmp(name, other) == 0) {
                    clash = "a lane memory IP's";
                    break;
                }
            }
        if (clash) {
            qn_error_at(net->source_path, ly->mark,
                        "layer '%s': its Verilog module name %s is also %s; "
                        "rename the layer", ly->name, name, clash);
            ok = 0;
        }
    }
    return ok;
}

int qn_emit_design(qn_outtree_t *t, const qn_design_t *d)
{
    if (!check_module_names(d))
        return 0;
    int ok = qn_emit_library(t, d);
    for (int l = 0; l < d->net->n_layers; l++) {
        ok = qn_emit_lane_memories(t, d, l) && ok;
        ok = qn_emit_param_tables(t, d, l) && ok;
        ok = qn_emit_layer(t, d, l) && ok;
    }
    if (d->opt->memory == QN_MEMORY_XILINX_IP)
        ok = qn_emit_ip_standins(t, d) && ok;
    ok = qn_emit_top(t, d) && ok;
    ok = qn_emit_testbench(t, d) && ok;
    ok = qn_emit_makefile(t, d) && ok;
    ok = qn_emit_synth(t, d) && ok;
    ok = qn_emit_vivado(t, d) && ok;
    ok = qn_emit_report(t, d) && ok;
    ok = qn_emit_params(t, d) && ok;
    return ok;
}
