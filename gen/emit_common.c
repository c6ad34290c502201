/* emit_common.c - pieces of text every emitter uses: the banner, sized
 * hex words, bit counts. */
#include <stdio.h>

#include "emit.h"
#include "version.h"

void qn_emit_banner(qn_buf_t *b, const qn_network_t *net, const char *cm,
                    const char *what)
{
    qn_buf_printf(b, "%s qnngen %s: %s\n", cm, QN_VERSION, what);
    qn_buf_printf(b, "%s source: %s\n", cm, net->source_path);
    qn_buf_printf(b, "%s generated file: do not edit\n", cm);
}

void qn_emit_hex(qn_buf_t *b, int64_t v, int bits)
{
    static const char digits[] = "0123456789abcdef";
    int n = (bits + 3) / 4;
    uint64_t u = (uint64_t)v;
    if (bits < 64)
        u &= ((uint64_t)1 << bits) - 1;
    if (!qn_buf_reserve(b, (size_t)n))
        return;
    for (int i = n - 1; i >= 0; i--)
        b->data[b->len++] = digits[(u >> (4 * i)) & 0xf];
    b->data[b->len] = '\0';
}

int qn_addr_bits(long n)
{
    int bits = 1;
    while (bits < 62 && (1L << bits) < n)
        bits++;
    return bits;
}

int qn_count_bits(long n)
{
    int bits = 1;
    while (bits < 62 && (1L << bits) <= n)
        bits++;
    return bits;
}

int qn_clog2(long n)
{
    int bits = 0;
    while (bits < 62 && (1L << bits) < n)
        bits++;
    return bits;
}

void qn_emit_zext(qn_buf_t *b, const char *expr, int from, int to)
{
    if (to <= from)
        qn_buf_puts(b, expr);
    else
        qn_buf_printf(b, "{%d'd0, %s}", to - from, expr);
}

void qn_layer_module_name(const qn_design_t *d, int li, char *out,
                          size_t cap)
{
    snprintf(out, cap, "%s_%s", d->net->name, d->net->layers[li].name);
}

void qn_lane_ip_name(const qn_design_t *d, int li, int lane, char *out,
                     size_t cap)
{
    snprintf(out, cap, "%s_%s_lane%d_rom", d->net->name,
             d->net->layers[li].name, lane);
}
