/* emit_common.c - pieces of text every emitter uses: the banner, sized
 * hex words, bit counts. */
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
