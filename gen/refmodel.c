/* refmodel.c - spec section 3, bit for bit.
 *
 * Sums are taken in unsigned (modular) arithmetic: the accumulator proof
 * guarantees every acc[j] and p[j] fits acc_bits <= 64, so the final
 * modular result is the exact value, whatever order the terms come in, and
 * no signed overflow can happen on the way.  Layers whose acc_bits is at
 * most 32 use 32-bit sums, which the compiler vectorizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "refmodel.h"

int64_t qn_round_shift(int64_t p, int shift, qn_rounding_t mode)
{
    if (shift == 0)
        return p;
    int64_t d = (int64_t)1 << shift;
    /* floor(p / d) without shifting a negative number */
    int64_t q = p >= 0 ? p / d : -((-(p + 1)) / d) - 1;
    int64_t rem = p - q * d;              /* 0 <= rem < d */
    int64_t half = d / 2;
    switch (mode) {
    case QN_ROUND_FLOOR:
        return q;
    case QN_ROUND_HALF_UP:
        return q + (rem >= half);
    case QN_ROUND_HALF_EVEN:
        return q + (rem > half || (rem == half && (q & 1)));
    case QN_ROUND_HALF_AWAY:
        return q + (rem > half || (rem == half && p >= 0));
    }
    return q;
}

int64_t qn_activate_saturate(int64_t q, qn_activation_t act, qn_int_type_t out)
{
    if (act == QN_ACT_RELU && q < 0)
        q = 0;
    int64_t lo = qn_int_type_min(out), hi = qn_int_type_max(out);
    return q < lo ? lo : q > hi ? hi : q;
}

/* acc[j] for all j of one vector, 32-bit modular sums. */
static void dense_acc32(const qn_layer_t *L, const int64_t *x64, int32_t *x32,
                        int64_t *acc)
{
    for (int i = 0; i < L->in; i++)
        x32[i] = (int32_t)x64[i];
    for (int j = 0; j < L->out; j++) {
        const int16_t *w = &L->weight[(size_t)j * (size_t)L->in];
        uint32_t s = (uint32_t)(L->bias[j] * ((int64_t)1 << L->bias_shift));
        /* Four independent sums (modular, so any order gives the same
         * result), then the rest. */
        uint32_t s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= L->in; i += 4) {
            s += (uint32_t)(int32_t)w[i] * (uint32_t)x32[i];
            s1 += (uint32_t)(int32_t)w[i + 1] * (uint32_t)x32[i + 1];
            s2 += (uint32_t)(int32_t)w[i + 2] * (uint32_t)x32[i + 2];
            s3 += (uint32_t)(int32_t)w[i + 3] * (uint32_t)x32[i + 3];
        }
        for (; i < L->in; i++)
            s += (uint32_t)(int32_t)w[i] * (uint32_t)x32[i];
        acc[j] = (int32_t)(s + s1 + s2 + s3);
    }
}

/* The same with 64-bit modular sums. */
static void dense_acc64(const qn_layer_t *L, const int64_t *x, int64_t *acc)
{
    for (int j = 0; j < L->out; j++) {
        const int16_t *w = &L->weight[(size_t)j * (size_t)L->in];
        uint64_t s = (uint64_t)(L->bias[j] * ((int64_t)1 << L->bias_shift));
        uint64_t s1 = 0, s2 = 0, s3 = 0; /* as in dense_acc32 */
        int i = 0;
        for (; i + 4 <= L->in; i += 4) {
            s += (uint64_t)(int64_t)w[i] * (uint64_t)x[i];
            s1 += (uint64_t)(int64_t)w[i + 1] * (uint64_t)x[i + 1];
            s2 += (uint64_t)(int64_t)w[i + 2] * (uint64_t)x[i + 2];
            s3 += (uint64_t)(int64_t)w[i + 3] * (uint64_t)x[i + 3];
        }
        for (; i < L->in; i++)
            s += (uint64_t)(int64_t)w[i] * (uint64_t)x[i];
        acc[j] = (int64_t)(s + s1 + s2 + s3);
    }
}

/* One layer on one vector: x[in] -> y[out]. */
static void dense_forward(const qn_layer_t *L, const int64_t *x, int32_t *x32,
                          int64_t *acc, int64_t *y)
{
    if (L->acc_bits <= 32)
        dense_acc32(L, x, x32, acc);
    else
        dense_acc64(L, x, acc);
    for (int j = 0; j < L->out; j++) {
        int64_t p = (int64_t)((uint64_t)acc[j] * (uint64_t)L->multiplier[j]);
        int64_t q = qn_round_shift(p, L->shift[j], L->rounding);
        y[j] = qn_activate_saturate(q, L->activation, L->out_type);
    }
}

qn_trace_t *qn_ref_run(const qn_network_t *net, const int64_t *x, int n_vectors)
{
    qn_trace_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n_vectors = n_vectors;
    t->n_layers = net->n_layers;
    t->layer_out = calloc((size_t)net->n_layers, sizeof *t->layer_out);
    int widest = net->input_size;
    for (int l = 0; l < net->n_layers; l++)
        if (net->layers[l].out > widest)
            widest = net->layers[l].out;
    int32_t *x32 = malloc((size_t)widest * sizeof *x32);
    int64_t *acc = malloc((size_t)widest * sizeof *acc);
    if (!t->layer_out || !x32 || !acc)
        goto fail;
    for (int l = 0; l < net->n_layers; l++) {
        size_t n = (size_t)n_vectors * (size_t)net->layers[l].out;
        if (!(t->layer_out[l] = malloc((n ? n : 1) * sizeof(int64_t))))
            goto fail;
    }
    for (int v = 0; v < n_vectors; v++) {
        const int64_t *in = &x[(size_t)v * (size_t)net->input_size];
        for (int l = 0; l < net->n_layers; l++) {
            const qn_layer_t *L = &net->layers[l];
            int64_t *y = &t->layer_out[l][(size_t)v * (size_t)L->out];
            dense_forward(L, in, x32, acc, y);
            in = y;
        }
    }
    free(x32);
    free(acc);
    return t;
fail:
    free(x32);
    free(acc);
    qn_trace_free(t);
    return NULL;
}

int qn_inputs_check(const qn_network_t *net, const char *source,
                    const int64_t *x, int n_vectors)
{
    enum { SHOWN = 5 };
    int64_t lo = qn_int_type_min(net->input_type);
    int64_t hi = qn_int_type_max(net->input_type);
    int bad = 0;
    for (int v = 0; v < n_vectors; v++)
        for (int i = 0; i < net->input_size; i++) {
            int64_t value = x[(size_t)v * (size_t)net->input_size + (size_t)i];
            if (value >= lo && value <= hi)
                continue;
            if (bad < SHOWN)
                qn_error_at(source, (qn_mark_t){0, 0},
                            "input vector %d element %d is %lld, outside the "
                            "declared %d-bit %s input range [%lld, %lld]",
                            v, i, (long long)value, net->input_type.bits,
                            net->input_type.is_signed ? "signed" : "unsigned",
                            (long long)lo, (long long)hi);
            bad++;
        }
    if (bad > SHOWN)
        qn_note_at(source, (qn_mark_t){0, 0},
                   "%d more input values are out of range", bad - SHOWN);
    return bad;
}

/* splitmix64: tiny, well mixed, and the same everywhere. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void qn_inputs_random(const qn_network_t *net, uint64_t seed, int n_vectors,
                      int64_t *x)
{
    uint64_t state = seed;
    int64_t lo = qn_int_type_min(net->input_type);
    uint64_t span = (uint64_t)(qn_int_type_max(net->input_type) - lo) + 1;
    size_t n = (size_t)n_vectors * (size_t)net->input_size;
    for (size_t k = 0; k < n; k++)
        x[k] = lo + (int64_t)(splitmix64(&state) % span);
}

void qn_trace_free(qn_trace_t *trace)
{
    if (!trace)
        return;
    if (trace->layer_out)
        for (int l = 0; l < trace->n_layers; l++)
            free(trace->layer_out[l]);
    free(trace->layer_out);
    free(trace);
}
