/* estimate.c - the cost model of estimate.h.
 *
 * Every figure follows one structure of the generated design (see
 * templates/README.md); the constants were fitted to Yosys 0.23 on
 * examples/tiny and small random networks.  The block RAM counts use the
 * shapes Yosys tiles a ROM with, so they are exact where it maps a lane
 * memory to block RAM; the LUT and flip-flop figures are within a factor
 * of about 1.5 (`make bench` measures the ratio). */
#include <stdlib.h>

#include "estimate.h"

/* Bits needed for 0..n-1 (at least 1), $clog2(n) with a floor of 1. */
static long clog2p(long n)
{
    long b = 1;
    while (b < 62 && (1L << b) < n)
        b++;
    return b;
}

static long ceil_div(long a, long b)
{
    return (a + b - 1) / b;
}

/* Cheapest tiling of depth x width by blocks of one of `n` shapes
 * (`shape_depth[i]` x `shape_width[i]`, costing `cost[i]` each). */
static long tile(long depth, long width, const long *shape_depth,
                 const long *shape_width, const long *cost, int n)
{
    long best = -1;
    for (int i = 0; i < n; i++) {
        long c = ceil_div(depth, shape_depth[i]) *
                 ceil_div(width, shape_width[i]) * cost[i];
        if (best < 0 || c < best)
            best = c;
    }
    return best;
}

long qn_bram18_for(long depth, long width)
{
    /* RAMB18E1 (cost 1) and RAMB36E1 (cost 2), as one read port: the
     * widest shape at each depth (Yosys uses both ports of a block for
     * the 36- and 72-bit shapes). */
    static const long d[] = {512, 1024, 2048, 4096, 8192, 16384,
                             512, 1024, 2048, 4096, 8192, 16384, 32768};
    static const long w[] = {36, 18, 9, 4, 2, 1,
                             72, 36, 18, 9, 4, 2, 1};
    static const long c[] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2};
    if (depth < 1 || width < 1)
        return 0;
    return tile(depth, width, d, w, c, 13);
}

long qn_ice40_ram_for(long depth, long width)
{
    static const long d[] = {256, 512, 1024, 2048};
    static const long w[] = {16, 8, 4, 2};
    static const long c[] = {1, 1, 1, 1};
    if (depth < 1 || width < 1)
        return 0;
    return tile(depth, width, d, w, c, 4);
}

/* Yosys' synth_xilinx puts a product in a DSP48E1 when both operands
 * have at least 2 bits and the product at least 9. */
static int mul_in_dsp(long a_bits, long b_bits)
{
    return a_bits >= 2 && b_bits >= 2 && a_bits + b_bits >= 9;
}

/* One lane (qn_mac_lane): products, adder tree, accumulator. */
static void lane_cost(const qn_layer_t *ly, qn_cost_t *c)
{
    long s = ly->simd, wb = ly->weight_bits, xb = ly->x_type.bits;
    long acc = ly->acc_bits;
    long pb = wb == 1 ? xb + 1 : wb + xb; /* product width */
    long levels = s > 1 ? clog2p(s) : 0;
    c->ff += s * (wb + xb) + acc + 3; /* input register */
    if (wb == 1)
        c->lut += s * (xb + 1); /* w ? x : -x */
    else if (ly->mac != QN_MAC_LUT && mul_in_dsp(wb, xb))
        c->dsp += s;
    else
        c->lut += s * ((3 * wb * xb + 1) / 2); /* LUT array multipliers */
    c->ff += s * pb;                      /* product registers */
    c->lut += (s - 1) * (pb + levels);    /* adder tree */
    c->ff += (s - 1) * (pb + levels) / 2; /* a register every 2 levels */
    c->lut += acc + acc / 2;              /* accumulator and bias preload */
    c->ff += acc + 2;
}

/* One requantizer (qn_requant). */
static void requant_cost(const qn_layer_t *ly, qn_cost_t *c)
{
    long acc = ly->acc_bits, ob = ly->out_type.bits;
    long mb = ly->multiplier_bits < acc ? ly->multiplier_bits : acc;
    if (ly->has_multiplier || ly->shift_per_channel)
        c->ff += acc + 6; /* input register */
    if (ly->has_multiplier) {
        long stages = clog2p(mb);
        if (ly->mac == QN_MAC_DSP && mul_in_dsp(acc, ly->multiplier_bits)) {
            c->dsp += ceil_div(acc, 25) * ceil_div(ly->multiplier_bits, 18);
        } else {
            /* Adder tree of mb partial products, a register per level;
             * an add covers the bits above its right operand's zeros. */
            c->lut += (mb - 1) * (acc - mb / 2) + mb;
            c->ff += (mb - 1) * acc + acc + ly->multiplier_bits;
        }
        c->ff += stages * 6; /* the shift alongside */
    }
    if (ly->shift_per_channel)
        c->lut += acc * 3; /* barrel shifter, 6-bit amount */
    c->ff += 2 * (acc + 1); /* after the shifter, after the rounding add */
    c->lut += 2 * acc + 2 * ob; /* final add, relu, saturation */
    if (ly->rounding != QN_ROUND_FLOOR)
        c->lut += 4 * acc;      /* the rounding increment's terms */
    c->ff += ob + 1;
}

static void layer_cost(const qn_layer_t *ly, qn_cost_t *c, long *lane_b18,
                       long *lane_r40)
{
    long groups = ceil_div(ly->out, ly->lanes);
    long words = ceil_div(ly->in, ly->simd);
    long depth = groups * words;
    long width = (long)ly->simd * ly->weight_bits;
    long xb = ly->x_type.bits, ob = ly->out_type.bits;
    qn_cost_t one = {0};
    lane_cost(ly, &one);
    requant_cost(ly, &one);
    c->lut += ly->lanes * one.lut;
    c->ff += ly->lanes * one.ff;
    c->dsp += ly->lanes * one.dsp;
    /* Sequencer: group and word counters, address, pipeline flags. */
    long ab = clog2p(depth);
    c->lut += 12 + 2 * ab;
    c->ff += 12 + 3 * ab;
    /* Input register and the word selection in front of the lanes (an
     * indexed part-select, which Yosys builds as a shifter over the whole
     * register: about 1.5 LUTs per register bit). */
    c->ff += words * ly->simd * xb + ly->simd * xb;
    c->lut += words > 1 ? 3 * words * ly->simd * xb / 2 : 0;
    /* Result register, written a group at a time: a write enable and
     * data multiplexer per bit. */
    c->ff += (long)ly->out * ob;
    c->lut += groups > 1 ? (long)ly->out * ob : 0;
    /* Bias table (and per-channel ones), read by every lane. */
    c->lut += ly->lanes * ly->acc_bits * ceil_div(groups, 64);
    /* Lane memories. */
    if (ly->weight_store == QN_STORE_LUT) {
        *lane_b18 = 0;
        *lane_r40 = 0;
        c->lut += ly->lanes * width * ceil_div(depth, 64);
        c->ff += ly->lanes * width;
    } else {
        *lane_b18 = qn_bram18_for(depth, width);
        *lane_r40 = qn_ice40_ram_for(depth, width);
        c->bram18 += ly->lanes * *lane_b18;
        c->ice40_ram += ly->lanes * *lane_r40;
    }
    c->cycles = qn_layer_compute_cycles(ly);
}

/* iCE40: one LUT4 and one flip-flop per logic cell; a LUT6 of the
 * 7-series model is about 3/4 of a cell once flattened, and a third of
 * the flip-flops find no LUT to share a cell with. */
static long ice40_cells(const qn_cost_t *c)
{
    return (3 * c->lut) / 4 + c->ff / 3 + 16L * c->dsp;
}

static void add_cost(qn_cost_t *to, const qn_cost_t *c)
{
    to->lut += c->lut;
    to->ff += c->ff;
    to->bram18 += c->bram18;
    to->dsp += c->dsp;
    to->ice40_lc += c->ice40_lc;
    to->ice40_ram += c->ice40_ram;
    to->cycles += c->cycles;
}

int qn_estimate_network(const qn_network_t *net, qn_estimate_t *e)
{
    int n = net->n_layers;
    e->n_layers = n;
    e->layer = calloc((size_t)n, sizeof *e->layer);
    e->lane_bram18 = calloc((size_t)n, sizeof *e->lane_bram18);
    e->lane_ice40_ram = calloc((size_t)n, sizeof *e->lane_ice40_ram);
    if (!e->layer || !e->lane_bram18 || !e->lane_ice40_ram) {
        qn_estimate_free(e);
        return 0;
    }
    qn_cost_t total = {0};
    for (int l = 0; l < n; l++) {
        qn_cost_t *c = &e->layer[l];
        layer_cost(&net->layers[l], c, &e->lane_bram18[l],
                   &e->lane_ice40_ram[l]);
        c->ice40_lc = ice40_cells(c);
        add_cost(&total, c);
    }
    /* Stream interfaces (a collecting shift register, the sender's) and
     * the hand-over controller. */
    qn_int_type_t ot = qn_network_output_type(net);
    long in_bits = (long)net->in_per_beat * net->input_type.bits;
    long out_bits = (long)net->out_per_beat * ot.bits;
    qn_cost_t io = {0};
    io.ff = (long)net->input_size * net->input_type.bits + 2 * in_bits +
            (long)qn_network_output_size(net) * ot.bits + 24 + 2 * n;
    io.lut = in_bits + (long)qn_network_output_size(net) * ot.bits +
             out_bits + 24 + 4 * n; /* the sender shifts the whole vector */
    io.ice40_lc = ice40_cells(&io);
    e->io = io;
    add_cost(&total, &io);
    e->total = total;
    e->io_pins = (int)(in_bits + out_bits + 7);

    /* The iCE40 part: HX8K (7680 cells, 32 RAM blocks, 206 I/O in
     * CT256) when the design fits it, else UP5K (5280, 30, 39 in SG48)
     * when it fits that one, else HX8K all the same. */
    if (total.ice40_lc <= 7680 && total.ice40_ram <= 32 &&
        e->io_pins <= 206) {
        e->ice40_device = "hx8k";
        e->ice40_package = "ct256";
        e->ice40_fits = 1;
    } else if (total.ice40_lc <= 5280 && total.ice40_ram <= 30 &&
               e->io_pins <= 39) {
        e->ice40_device = "up5k";
        e->ice40_package = "sg48";
        e->ice40_fits = 1;
    } else {
        e->ice40_device = "hx8k";
        e->ice40_package = "ct256";
        e->ice40_fits = 0;
    }
    return 1;
}

void qn_estimate_free(qn_estimate_t *e)
{
    if (!e)
        return;
    free(e->layer);
    free(e->lane_bram18);
    free(e->lane_ice40_ram);
    e->layer = NULL;
    e->lane_bram18 = NULL;
    e->lane_ice40_ram = NULL;
}

static void print_row(FILE *f, const char *name, const qn_cost_t *c,
                      int cycles)
{
    fprintf(f, "%-12s %8ld %8ld %7ld %5ld %9ld %9ld", name, c->lut, c->ff,
            c->bram18, c->dsp, c->ice40_lc, c->ice40_ram);
    if (cycles)
        fprintf(f, " %10ld", c->cycles);
    fputc('\n', f);
}

void qn_estimate_print(FILE *f, const qn_network_t *net,
                       const qn_estimate_t *e)
{
    fprintf(f, "estimate (before synthesis; Yosys synth_xilinx xc7 and "
               "synth_ice40 mapping):\n");
    fprintf(f, "%-12s %8s %8s %7s %5s %9s %9s %10s\n", "layer", "LUT", "FF",
            "BRAM18", "DSP", "ice40_LC", "ice40_RAM", "cycles");
    for (int l = 0; l < e->n_layers; l++)
        print_row(f, net->layers[l].name, &e->layer[l], 1);
    print_row(f, "stream/sync", &e->io, 0);
    print_row(f, "total", &e->total, 1);
    fprintf(f, "BRAM18: RAMB18 equivalents (a RAMB36 counts 2). iCE40 part: "
               "%s (%s)%s\n", e->ice40_device, e->ice40_package,
            e->ice40_fits ? ", which the estimate fits"
                          : "; the estimate fits no iCE40 part");
}
