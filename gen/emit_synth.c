/* emit_synth.c - the synthesis side of a design folder: the Yosys scripts
 * of `make synth` (synth/xc7.ys) and `make synth-ice40` / `make sim-gate`
 * (synth/ice40.ys), and synth/design.yaml, the design's own figures
 * (layers, modules, lane memories, estimates) that `qnngen report` puts
 * beside Yosys' and nextpnr's. */
#include <stdio.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

static int script(qn_outtree_t *t, const qn_design_t *d, const char *tname,
                  const char *path, const char *what, const char *options)
{
    qn_buf_t banner, read, out;
    qn_buf_init(&banner);
    qn_buf_init(&read);
    qn_buf_init(&out);
    qn_emit_banner(&banner, d->net, "#", what);
    banner.data[--banner.len] = '\0';
    qn_buf_puts(&read, "read_verilog -DYOSYS ");
    qn_emit_rtl_list(&read, d, "\nread_verilog -DYOSYS ");
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set_buf(&v, "READ", &read);
    qn_tvars_setf(&v, "TOP", "%s_top", d->net->name);
    if (options)
        qn_tvars_set(&v, "OPTIONS", options);
    int ok = qn_template_fill(tname, &v, &out) == 0;
    qn_tvars_free(&v);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    return ok;
}

static void cost_map(qn_buf_t *b, const qn_cost_t *c)
{
    qn_buf_printf(b, "{lut: %ld, ff: %ld, bram18: %ld, dsp: %ld, "
                  "ice40_lc: %ld, ice40_ram: %ld, cycles: %ld}\n",
                  c->lut, c->ff, c->bram18, c->dsp, c->ice40_lc,
                  c->ice40_ram, c->cycles);
}

static int design_yaml(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    const qn_estimate_t *e = &d->est;
    qn_buf_t b;
    qn_buf_init(&b);
    qn_emit_banner(&b, net, "#", "the design's figures for qnngen report");
    qn_buf_printf(&b,
        "# Read by `qnngen report` beside Yosys' and nextpnr's figures.\n"
        "# Estimates come from the network alone (qnngen check prints "
        "them);\n# bram18 counts RAMB18 equivalents (a RAMB36 is 2).\n"
        "net: \"%s\"\ntop: \"%s_top\"\nmemory: \"%s\"\n"
        "ice40_device: \"%s\"\nice40_package: \"%s\"\nice40_fits: %d\n"
        "io_pins: %d\nideal_interval: %ld\nideal_latency: %ld\n",
        net->name, net->name,
        d->opt->memory == QN_MEMORY_XILINX_IP ? "xilinx-ip"
        : d->opt->ram_distributed             ? "inferred-distributed"
                                              : "inferred-block",
        e->ice40_device, e->ice40_package, e->ice40_fits, e->io_pins,
        d->ideal_interval, d->ideal_latency);
    qn_buf_puts(&b, "estimate_io: ");
    cost_map(&b, &e->io);
    qn_buf_puts(&b, "estimate_total: ");
    cost_map(&b, &e->total);
    qn_buf_puts(&b, "layers:\n");
    char name[512];
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        const qn_layer_plan_t *pl = &d->plan[l];
        qn_layer_module_name(d, l, name, sizeof name);
        qn_buf_printf(&b, "  - name: \"%s\"\n    module: \"%s\"\n"
                      "    lanes: %d\n    simd: %d\n    depth: %d\n"
                      "    word_bits: %d\n    cycles: %ld\n"
                      "    lane_bram18: %ld\n    lane_ice40_ram: %ld\n"
                      "    estimate: ", ly->name, name, ly->lanes,
                      ly->simd, pl->depth, pl->word_bits,
                      pl->compute_cycles, e->lane_bram18[l],
                      e->lane_ice40_ram[l]);
        cost_map(&b, &e->layer[l]);
    }
    return qn_outtree_add_buf(t, "synth/design.yaml", &b);
}

int qn_emit_synth(qn_outtree_t *t, const qn_design_t *d)
{
    int up5k = d->est.ice40_device[0] == 'u';
    int ok = script(t, d, "synth_xc7.ys.in", "synth/xc7.ys",
                    "Yosys script of make synth (Xilinx 7-series)", NULL);
    ok = script(t, d, "synth_ice40.ys.in", "synth/ice40.ys",
                "Yosys script of make synth-ice40 and make sim-gate",
                up5k ? " -dsp" : "") && ok;
    ok = design_yaml(t, d) && ok;
    return ok;
}
