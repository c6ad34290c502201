/* emit_layer.c - rtl/<net>_<layer>.v: one module per dense layer, its
 * lanes explicitly instantiated (templates/layer.v.in, layer_lane.v.in,
 * lane_mem_*.v.in, param_table.v.in).
 *
 * Lane l computes neurons j = g*L + l.  Its results leave group by group,
 * all lanes side by side, into the next layer's (or the output's) input
 * buffer, which keeps neuron g*L + l (a lane with no neuron in the last
 * group, l >= out - (G-1)*L, carries a value nobody keeps).
 */
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

int qn_requant_latency(const qn_layer_t *ly)
{
    int mb = ly->multiplier_bits < ly->acc_bits ? ly->multiplier_bits
                                                : ly->acc_bits;
    int in_reg = ly->has_multiplier || ly->shift_per_channel;
    return in_reg + (ly->has_multiplier ? qn_clog2(mb) : 0) + 3;
}

void qn_emit_datapath_choices(qn_buf_t *b, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    qn_buf_puts(b, "\n");
    qn_buf_printf(b, "%-12s %-14s %s\n", "layer", "weight_store", "mac");
    for (int l = 0; l < net->n_layers; l++) {
        const qn_layer_t *ly = &net->layers[l];
        const qn_layer_plan_t *pl = &d->plan[l];
        const char *store = ly->weight_store == QN_STORE_BRAM
                                ? "bram"
                                : pl->depth == 1 ? "lut (constant)" : "lut (rom)";
        const char *mac = ly->weight_bits == 1 ? "none (binary)"
                          : ly->mac == QN_MAC_DSP ? "dsp"
                          : ly->mac == QN_MAC_LUT ? "lut (shift-add)"
                                                  : "auto";
        qn_buf_printf(b, "%-12s %-14s %s\n", ly->name, store, mac);
    }
}

/* Groups in which lane l has a neuron. */
static int lane_groups(const qn_layer_t *ly, const qn_layer_plan_t *pl,
                       int lane)
{
    int last = ly->out - (pl->groups - 1) * ly->lanes; /* lanes in use, last group */
    return lane < last ? pl->groups : pl->groups - 1;
}

/* The address lane `lane` reads in a per-neuron table: g*L + l, with g the
 * `gexpr` counter (gbits wide), as an `aw`-bit Verilog expression. */
static void table_addr(qn_buf_t *b, const qn_layer_t *ly,
                       const qn_layer_plan_t *pl, int lane, const char *gexpr,
                       int gbits, int aw)
{
    if (pl->groups == 1) {
        qn_buf_printf(b, "%d'd%d", aw, lane);
        return;
    }
    qn_emit_zext(b, gexpr, gbits, aw);
    if (ly->lanes > 1)
        qn_buf_printf(b, " * %d'd%d", aw, ly->lanes);
    if (lane > 0)
        qn_buf_printf(b, " + %d'd%d", aw, lane);
}

/* One per-neuron table with a port per lane. */
static int table(qn_buf_t *out, const qn_design_t *d, int li,
                 const char *kind, int width, const char *gexpr,
                 const char *when)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    int depth = pl->groups * ly->lanes;
    int aw = qn_addr_bits(depth);
    int gbits = qn_addr_bits(pl->groups);
    qn_buf_t addrs;
    qn_buf_init(&addrs);
    for (int lane = ly->lanes - 1; lane >= 0; lane--) {
        table_addr(&addrs, ly, pl, lane, gexpr, gbits, aw);
        if (lane > 0)
            qn_buf_puts(&addrs, ",\n                         ");
    }
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set(&v, "KIND", kind);
    qn_tvars_setf(&v, "FILE", "mem/%s_%s.mem", ly->name, kind);
    qn_tvars_set_long(&v, "DEPTH", depth);
    qn_tvars_set_long(&v, "WIDTH", width);
    qn_tvars_set_long(&v, "PORTS", ly->lanes);
    qn_tvars_set_long(&v, "AW", aw);
    qn_tvars_set_buf(&v, "ADDRS", &addrs);
    qn_tvars_set(&v, "WHEN", when);
    int e = qn_template_fill("param_table.v.in", &v, out);
    qn_tvars_free(&v);
    return e == 0;
}

/* Word `addr` of lane `lane` (README "Lane weight memory") as ceil(bits/4)
 * hex digits: weight s of the word at bits [s*wb +: wb], binary weights
 * as 1 for +1 and 0 for -1, zero past the layer's ends. */
static void lane_word_hex(qn_buf_t *b, const qn_layer_t *ly,
                          const qn_layer_plan_t *pl, int lane, int addr)
{
    static const char hex[] = "0123456789abcdef";
    int wb = ly->weight_bits;
    int g = addr / pl->words, k = addr % pl->words;
    int j = g * ly->lanes + lane;
    int digits = (pl->word_bits + 3) / 4;
    for (int dg = digits - 1; dg >= 0; dg--) {
        int nib = 0;
        for (int bit = 3; bit >= 0; bit--) {
            int pos = dg * 4 + bit; /* bit of the word */
            int s = pos / wb, i = k * ly->simd + s;
            int v = 0;
            if (s < ly->simd && j < ly->out && i < ly->in) {
                int w = ly->weight[(size_t)j * (size_t)ly->in + (size_t)i];
                uint32_t code = wb == 1 ? (w > 0) : (uint32_t)w;
                v = (int)(code >> (pos % wb)) & 1;
            }
            nib = nib * 2 + v;
        }
        qn_buf_printf(b, "%c", hex[nib]);
    }
}

/* A lane's weights as constants (weight_store: lut): a ROM in logic, or
 * the one word itself when the lane has one. */
static int lane_constants(qn_buf_t *out, const qn_layer_t *ly,
                          const qn_layer_plan_t *pl, int lane)
{
    qn_tvars_t v;
    qn_buf_t words;
    qn_tvars_init(&v);
    qn_buf_init(&words);
    qn_tvars_set_long(&v, "L", lane);
    qn_tvars_set_long(&v, "WIDTH", pl->word_bits);
    const char *tname = "lane_mem_const.v.in";
    if (pl->depth == 1) {
        lane_word_hex(&words, ly, pl, lane, 0);
        qn_tvars_set_buf(&v, "WORD", &words);
    } else {
        for (int a = 0; a < pl->depth; a++) {
            qn_buf_printf(&words, "                %d'd%d: w_rom_%d <= %d'h",
                          pl->addr_bits, a, lane, pl->word_bits);
            lane_word_hex(&words, ly, pl, lane, a);
            qn_buf_puts(&words, ";\n");
        }
        qn_tvars_set_buf(&v, "CASES", &words);
        tname = "lane_mem_lut.v.in";
    }
    int e = qn_template_fill(tname, &v, out);
    qn_tvars_free(&v);
    qn_buf_free(&words);
    return e == 0;
}

/* The weight memory instance of one lane. */
static int lane_memory(qn_buf_t *out, const qn_design_t *d, int li,
                       int lane)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    if (ly->weight_store == QN_STORE_LUT)
        return lane_constants(out, ly, pl, lane);
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_long(&v, "L", lane);
    const char *tname;
    if (d->opt->memory == QN_MEMORY_XILINX_IP) {
        char ip[512];
        qn_lane_ip_name(d, li, lane, ip, sizeof ip);
        qn_tvars_set(&v, "IP", ip);
        qn_tvars_setf(&v, "COE", "coe/%s_lane%d.coe", ly->name, lane);
        tname = "lane_mem_ip.v.in";
    } else {
        qn_tvars_set_long(&v, "DEPTH", pl->depth);
        qn_tvars_set_long(&v, "WIDTH", pl->word_bits);
        qn_tvars_setf(&v, "INIT_FILE", "mem/%s_lane%d.mem", ly->name, lane);
        qn_tvars_set(&v, "RAM_STYLE",
                     d->opt->ram_distributed ? "distributed" : "block");
        tname = "lane_mem_inferred.v.in";
    }
    int e = qn_template_fill(tname, &v, out);
    qn_tvars_free(&v);
    return e == 0;
}

/* Which neurons lane l computes, for the comment. */
static void lane_neurons(qn_buf_t *b, const qn_layer_t *ly, int n, int lane)
{
    if (n == 1)
        qn_buf_printf(b, "%d", lane);
    else if (n == 2)
        qn_buf_printf(b, "%d and %d", lane, ly->lanes + lane);
    else
        qn_buf_printf(b, "%d, %d, .. %d (every %d-th)", lane,
                      ly->lanes + lane, (n - 1) * ly->lanes + lane,
                      ly->lanes);
}

static int lane(qn_buf_t *out, const qn_design_t *d, int li, int l)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    int acc = ly->acc_bits;
    int n = lane_groups(ly, pl, l);
    qn_buf_t mem, tmp;
    qn_buf_init(&mem);
    qn_buf_init(&tmp);
    int ok = lane_memory(&mem, d, li, l);

    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_long(&v, "L", l);
    lane_neurons(&tmp, ly, n, l);
    qn_tvars_set_buf(&v, "NEURONS", &tmp);
    qn_tvars_set_buf(&v, "MEMORY", &mem);
    qn_tvars_set_long(&v, "WORD_BITS_W", pl->word_bits);
    qn_tvars_set_long(&v, "ACC_BITS", acc);
    qn_tvars_set_long(&v, "Y_BITS", ly->out_type.bits);
    qn_tvars_set_long(&v, "SIMD", ly->simd);
    qn_tvars_set_long(&v, "W_BITS", ly->weight_bits);
    qn_tvars_set_long(&v, "X_BITS", ly->x_type.bits);
    qn_tvars_set_long(&v, "X_SIGNED", ly->x_type.is_signed);
    static const char *const mac_names[] = { "auto", "dsp", "lut" };
    qn_tvars_set_long(&v, "MAC_STYLE", (long)ly->mac);
    qn_tvars_set(&v, "MAC_NAME", mac_names[ly->mac]);
    /* mac: dsp also leaves the requantizer's multiplier to a DSP block. */
    qn_tvars_set_long(&v, "MULT_DSP", ly->mac == QN_MAC_DSP);
    if (ly->has_bias)
        qn_tvars_setf(&v, "BIAS_TERM", "bias_data[%d:%d]", (l + 1) * acc - 1,
                      l * acc);
    else
        qn_tvars_setf(&v, "BIAS_TERM", "%d'd0", acc);
    int mult_bits = ly->has_multiplier ? ly->multiplier_bits : 2;
    qn_tvars_set_long(&v, "HAS_MULT", ly->has_multiplier);
    qn_tvars_set_long(&v, "MULT_BITS", mult_bits);
    if (!ly->has_multiplier)
        qn_tvars_set(&v, "MULT", "2'd1");
    else if (ly->multiplier_per_channel)
        qn_tvars_setf(&v, "MULT", "mult_data[%d:%d]",
                      (l + 1) * mult_bits - 1, l * mult_bits);
    else {
        qn_emit_hex(&tmp, ly->multiplier[0], mult_bits);
        qn_tvars_setf(&v, "MULT", "%d'h%s", mult_bits, tmp.data);
        qn_buf_free(&tmp);
    }
    qn_tvars_set_long(&v, "ROUNDING", (long)ly->rounding);
    qn_tvars_set_long(&v, "RELU", ly->activation == QN_ACT_RELU);
    qn_tvars_set_long(&v, "Y_SIGNED", ly->out_type.is_signed);
    qn_tvars_set_long(&v, "PER_CHANNEL_SHIFT", ly->shift_per_channel);
    qn_tvars_set_long(&v, "LAT_MAC", pl->lat_mac);
    qn_tvars_set_long(&v, "LAT_RQ", pl->lat_rq);
    if (ly->shift_per_channel)
        qn_tvars_setf(&v, "SHIFT", "shift_data[%d:%d]", (l + 1) * 6 - 1,
                      l * 6);
    else
        qn_tvars_setf(&v, "SHIFT", "6'd%d", ly->shift[0]);

    ok = qn_template_fill("layer_lane.v.in", &v, out) == 0 && ok;
    qn_tvars_free(&v);
    qn_buf_free(&tmp);
    return ok;
}

/* "{q_{L-1}, .., q_0}": the lanes' results side by side. */
static void lane_results(qn_buf_t *b, const qn_layer_t *ly)
{
    if (ly->lanes == 1) {
        qn_buf_puts(b, "q_0");
        return;
    }
    qn_buf_putc(b, '{');
    for (int l = ly->lanes - 1; l >= 0; l--)
        qn_buf_printf(b, "q_%d%s", l, l ? ", " : "}");
}

/* "{a_{L-1}, .., a_0}" style reduction of a per-lane signal. */
static void all_lanes(qn_buf_t *b, const qn_layer_t *ly, const char *sig)
{
    if (ly->lanes == 1) {
        qn_buf_printf(b, "%s_0", sig);
        return;
    }
    qn_buf_puts(b, "&{");
    for (int l = ly->lanes - 1; l >= 0; l--)
        qn_buf_printf(b, "%s_%d%s", sig, l, l ? ", " : "}");
}

int qn_emit_layer(qn_outtree_t *t, const qn_design_t *d, int li)
{
    const qn_network_t *net = d->net;
    const qn_layer_t *ly = &net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    int xb = ly->x_type.bits;
    long word_w = (long)ly->simd * xb;
    /* The input arrives in chunks: input beats for the first layer, the
     * previous layer's groups (one result a lane) for the others. */
    int chunk = li == 0 ? net->in_per_beat : net->layers[li - 1].lanes;
    int gbits = qn_addr_bits(pl->groups);
    int ok = 1;
    char module[512];
    qn_layer_module_name(d, li, module, sizeof module);

    qn_buf_t banner, tables, lanes, tmp;
    qn_buf_init(&banner);
    qn_buf_init(&tables);
    qn_buf_init(&lanes);
    qn_buf_init(&tmp);
    char what[600];
    snprintf(what, sizeof what, "layer %s (module %s)", ly->name, module);
    qn_emit_banner(&banner, net, "//", what);
    banner.data[--banner.len] = '\0';

    if (ly->has_bias)
        ok = table(&tables, d, li, "bias", ly->acc_bits, "mac_group",
                   "entering the lanes (mac_group)") && ok;
    if (ly->has_multiplier && ly->multiplier_per_channel)
        ok = table(&tables, d, li, "mult", ly->multiplier_bits, "acc_group",
                   "whose sums are ready (acc_group)") && ok;
    if (ly->shift_per_channel)
        ok = table(&tables, d, li, "shift", 6, "acc_group",
                   "whose sums are ready (acc_group)") && ok;
    for (int l = 0; l < ly->lanes; l++)
        ok = lane(&lanes, d, li, l) && ok;

    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "MODULE", module);
    qn_tvars_set(&v, "LAYER", ly->name);
    qn_tvars_set(&v, "NET", net->name);
    qn_tvars_set_long(&v, "IN", ly->in);
    qn_tvars_set_long(&v, "OUT", ly->out);
    qn_tvars_set_long(&v, "LANES_N", ly->lanes);
    qn_tvars_set_long(&v, "SIMD", ly->simd);
    qn_tvars_set_long(&v, "SIMD_MAX", ly->simd - 1);
    qn_tvars_set_long(&v, "GROUPS", pl->groups);
    qn_tvars_set_long(&v, "GROUPS_MAX", pl->groups - 1);
    qn_tvars_set_long(&v, "WORDS", pl->words);
    qn_tvars_set_long(&v, "COMPUTE", pl->compute_cycles);
    qn_tvars_set_long(&v, "DEPTH", pl->pipe_depth);
    qn_tvars_set_long(&v, "DEPTH_M1", pl->pipe_depth - 1);
    qn_tvars_set_long(&v, "LAT_MAC", pl->lat_mac);
    qn_tvars_set_long(&v, "LAT_RQ", pl->lat_rq);
    qn_tvars_set_long(&v, "CHUNK", chunk);
    qn_tvars_set_long(&v, "XC_BITS", qn_addr_bits(qn_ceil_div(ly->in, chunk)));
    qn_tvars_set_long(&v, "XC_W", (long)chunk * xb);
    qn_tvars_set_long(&v, "Y_DATA_W", (long)ly->lanes * ly->out_type.bits);
    qn_tvars_set_long(&v, "X_BITS", xb);
    qn_tvars_set_long(&v, "Y_BITS", ly->out_type.bits);
    qn_tvars_set_long(&v, "ADDR_BITS", pl->addr_bits);
    qn_tvars_set_long(&v, "WORD_BITS", qn_addr_bits(pl->words));
    qn_tvars_set_long(&v, "GROUP_BITS", gbits);
    qn_tvars_set_long(&v, "WORD_W", word_w);
    lane_results(&tmp, ly);
    qn_tvars_set_buf(&v, "Y_DATA", &tmp);
    qn_tvars_set_buf(&v, "TABLES", &tables);
    qn_tvars_set_buf(&v, "LANES", &lanes);
    all_lanes(&tmp, ly, "acc_valid");
    qn_tvars_set_buf(&v, "ACC_VALID_ALL", &tmp);
    all_lanes(&tmp, ly, "q_valid");
    qn_tvars_set_buf(&v, "WR_VALID_ALL", &tmp);

    /* Sequencer outputs this layer leaves unread. */
    qn_buf_puts(&tmp, "rd_group, rd_word");
    /* Table addresses are constants when there is one group. */
    if (!ly->has_bias || pl->groups == 1)
        qn_buf_puts(&tmp, ", mac_group");
    if ((!(ly->has_multiplier && ly->multiplier_per_channel) &&
         !ly->shift_per_channel) || pl->groups == 1)
        qn_buf_puts(&tmp, ", acc_group");
    /* Constant weights read no memory address. */
    if (ly->weight_store == QN_STORE_LUT && pl->depth == 1)
        qn_buf_puts(&tmp, ", rd_addr");
    qn_tvars_set_buf(&v, "UNUSED", &tmp);

    qn_buf_t out;
    qn_buf_init(&out);
    ok = qn_template_fill("layer.v.in", &v, &out) == 0 && ok;
    qn_tvars_free(&v);
    char path[600];
    snprintf(path, sizeof path, "rtl/%s.v", module);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    return ok;
}
