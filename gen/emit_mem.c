/* emit_mem.c - memory initializers: per lane, the weight words as a
 * $readmemh file (mem/) and as a Xilinx .coe file (coe/) holding the same
 * words; per layer, the bias, multiplier and shift tables (mem/).
 *
 * Word layout (templates/README.md, "Lane weight memory"): word g*K + k of
 * lane l holds W[j][k*S + s], j = g*L + l, at bits [s*W +: W]; entries past
 * the last neuron or input are 0; binary weights are 1 for +1, 0 for -1.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "outtree.h"

static const char hex_digit[] = "0123456789abcdef";

/* The bits of weight w as stored in a word. */
static uint32_t weight_code(const qn_layer_t *ly, int w)
{
    if (ly->weight_bits == 1)
        return w > 0 ? 1u : 0u;
    return (uint32_t)w & ((1u << ly->weight_bits) - 1u);
}

/* Writes the hex digits of one word (most significant first) into
 * out[digits]: weights row[0..count-1] at bits [s*W +: W], zeros above.
 * row is NULL for a neuron past the last one (an all-zero word). */
static void lane_word(const qn_layer_t *ly, const int16_t *row, int count,
                      char *out, int digits)
{
    const char *hex = hex_digit;
    int wb = ly->weight_bits;
    int n = digits; /* out[n..] are written */
    if (row && wb % 4 == 0) {
        /* 4, 8, 12 or 16 bits: whole hex digits per weight. */
        for (int s = 0; s < count; s++) {
            uint32_t code = weight_code(ly, row[s]);
            for (int q = 0; q < wb; q += 4) {
                out[--n] = hex[code & 0xf];
                code >>= 4;
            }
        }
    } else if (row) {
        uint32_t acc = 0; /* bits not yet written as digits */
        int bits = 0;     /* how many */
        for (int s = 0; s < count; s++) {
            acc |= weight_code(ly, row[s]) << bits;
            bits += wb;
            while (bits >= 4) {
                out[--n] = hex[acc & 0xf];
                acc >>= 4;
                bits -= 4;
            }
        }
        if (bits > 0)
            out[--n] = hex[acc];
    }
    while (n > 0)
        out[--n] = '0';
}

/* The header comment of both forms of a lane memory, with prefix cm. */
static void lane_header(qn_buf_t *b, const qn_design_t *d, int li, int lane,
                        const char *cm)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    char what[160];
    snprintf(what, sizeof what, "weights of layer %s, lane %d of %d",
             ly->name, lane, ly->lanes);
    qn_emit_banner(b, d->net, cm, what);
    qn_buf_printf(b, "%s %d words of %d bits (%d hex digits).\n", cm,
                  pl->depth, pl->word_bits, (pl->word_bits + 3) / 4);
    qn_buf_printf(b, "%s Word g*%d + k (g = 0..%d, k = 0..%d) holds the weights "
                  "W[j][k*%d + s]\n", cm, pl->words, pl->groups - 1,
                  pl->words - 1, ly->simd);
    qn_buf_printf(b, "%s of neuron j = g*%d + %d at bits [s*%d +: %d], "
                  "s = 0..%d.\n", cm, ly->lanes, lane, ly->weight_bits,
                  ly->weight_bits, ly->simd - 1);
    if (ly->weight_bits == 1)
        qn_buf_printf(b, "%s Binary weights: bit 1 means +1, 0 means -1.\n",
                      cm);
    else
        qn_buf_printf(b, "%s Weights are %d-bit two's complement.\n", cm,
                      ly->weight_bits);
    qn_buf_printf(b, "%s Entries past neuron %d or input %d are 0.\n", cm,
                  ly->out - 1, ly->in - 1);
}

int qn_emit_lane_memories(qn_outtree_t *t, const qn_design_t *d, int li)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    int digits = (pl->word_bits + 3) / 4;
    bool one_weight_digits = ly->simd == 1 && ly->weight_bits % 4 == 0;
    int ok = 1;
    for (int lane = 0; ok && lane < ly->lanes; lane++) {
        qn_buf_t mem, coe;
        qn_buf_init(&mem);
        qn_buf_init(&coe);
        lane_header(&mem, d, li, lane, "//");
        lane_header(&coe, d, li, lane, ";");
        qn_buf_puts(&coe, "memory_initialization_radix=16;\n"
                          "memory_initialization_vector=\n");
        size_t line = (size_t)digits + 2;
        if (qn_buf_reserve(&mem, (size_t)pl->depth * line) &&
            qn_buf_reserve(&coe, (size_t)pl->depth * line)) {
            /* Both files in one pass: each word's digits are made once,
             * into the .mem line, and copied to the .coe line. */
            char *m = mem.data + mem.len, *c = coe.data + coe.len;
            for (int g = 0; g < pl->groups; g++) {
                int j = g * ly->lanes + lane;
                const int16_t *row = j < ly->out
                    ? ly->weight + (size_t)j * (size_t)ly->in : NULL;
                if (row && one_weight_digits) {
                    /* One weight a word, whole digits (simd 1, 4/8/12/16
                     * bits): the common case of large layers, kept tight. */
                    uint32_t mask = (1u << ly->weight_bits) - 1u;
                    for (int k = 0; k < pl->words; k++) {
                        uint32_t code = (uint32_t)row[k] & mask;
                        for (int i = digits - 1; i >= 0; i--, code >>= 4)
                            m[i] = c[i] = hex_digit[code & 0xf];
                        m[digits] = '\n';
                        c[digits] = ',';
                        c[digits + 1] = '\n';
                        m += digits + 1;
                        c += digits + 2;
                    }
                    continue;
                }
                for (int k = 0; k < pl->words; k++) {
                    int first = k * ly->simd;
                    int count = ly->in - first < ly->simd ? ly->in - first
                                                          : ly->simd;
                    lane_word(ly, row ? row + first : NULL, count, m, digits);
                    for (int i = 0; i < digits; i++)
                        c[i] = m[i];
                    m[digits] = '\n';
                    c[digits] = ',';
                    c[digits + 1] = '\n';
                    m += digits + 1;
                    c += digits + 2;
                }
            }
            if (pl->depth > 0)
                c[-2] = ';';
            mem.len = (size_t)(m - mem.data);
            coe.len = (size_t)(c - coe.data);
            mem.data[mem.len] = '\0';
            coe.data[coe.len] = '\0';
        }
        char path[512];
        snprintf(path, sizeof path, "mem/%s_lane%d.mem", ly->name, lane);
        ok = qn_outtree_add_buf(t, path, &mem);
        snprintf(path, sizeof path, "coe/%s_lane%d.coe", ly->name, lane);
        ok = qn_outtree_add_buf(t, path, &coe) && ok;
        qn_buf_free(&mem);
        qn_buf_free(&coe);
    }
    return ok;
}

/* One per-neuron table: `n` words of `bits` bits, value(j) for j < out and
 * 0 after. */
static int param_table(qn_outtree_t *t, const qn_design_t *d, int li,
                       const char *kind, int bits, const int64_t *v64,
                       const int *vint, int scale_shift)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    int n = pl->groups * ly->lanes;
    qn_buf_t b;
    qn_buf_init(&b);
    char what[160];
    snprintf(what, sizeof what, "%s table of layer %s",
             strcmp(kind, "mult") == 0 ? "multiplier" : kind, ly->name);
    qn_emit_banner(&b, d->net, "//", what);
    const char *noun = strcmp(kind, "mult") == 0 ? "multiplier" : kind;
    qn_buf_printf(&b, "// %d words of %d bits, two's complement: word j holds "
                  "neuron j's %s", n, bits, noun);
    if (scale_shift > 0)
        qn_buf_printf(&b, " * 2^%d (bias_shift)", scale_shift);
    qn_buf_puts(&b, ".\n");
    if (ly->out + 1 == n)
        qn_buf_printf(&b, "// Word %d (past the last neuron) is 0.\n", ly->out);
    else if (ly->out < n)
        qn_buf_printf(&b, "// Words %d..%d (past the last neuron) are 0.\n",
                      ly->out, n - 1);
    for (int j = 0; j < n; j++) {
        int64_t v = 0;
        if (j < ly->out) {
            v = v64 ? v64[j] : vint[j];
            /* v * 2^scale_shift, exactly, as two's complement bits. */
            v = (int64_t)((uint64_t)v << scale_shift);
        }
        qn_emit_hex(&b, v, bits);
        qn_buf_putc(&b, '\n');
    }
    char path[512];
    snprintf(path, sizeof path, "mem/%s_%s.mem", ly->name, kind);
    return qn_outtree_add_buf(t, path, &b);
}

int qn_emit_param_tables(qn_outtree_t *t, const qn_design_t *d, int li)
{
    const qn_layer_t *ly = &d->net->layers[li];
    int ok = 1;
    if (ly->has_bias)
        ok = param_table(t, d, li, "bias", ly->acc_bits, ly->bias, NULL,
                         ly->bias_shift);
    if (ly->has_multiplier && ly->multiplier_per_channel)
        ok = param_table(t, d, li, "mult", ly->multiplier_bits,
                         ly->multiplier, NULL, 0) && ok;
    if (ly->shift_per_channel)
        ok = param_table(t, d, li, "shift", 6, NULL, ly->shift, 0) && ok;
    return ok;
}
