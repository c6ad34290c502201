/* accproof.c - exact accumulator bounds per neuron (spec 3.2).
 *
 * Each product W[j][i] * x[i] over x[i] in [xmin, xmax] lies between
 * min(W*xmin, W*xmax) and max(...), and the type always contains 0, so
 * every term's least value is <= 0 and greatest >= 0: the running sums
 * only grow away from zero, and an int64 overflow while summing means the
 * true bound really needs more than 64 bits.
 */
#include <stdlib.h>

#include "accproof.h"
#include "diag.h"

int qn_bits_for_range(int64_t lo, int64_t hi)
{
    for (int bits = 2; bits < 64; bits++) {
        int64_t min = -((int64_t)1 << (bits - 1));
        int64_t max = ((int64_t)1 << (bits - 1)) - 1;
        if (lo >= min && hi <= max)
            return bits;
    }
    return 64;
}

/* Bounds of one neuron's acc; returns 0 when they overflow int64. */
static int neuron_acc_bounds(const qn_layer_t *layer, int j, int64_t *lo,
                             int64_t *hi)
{
    int64_t xmin = qn_int_type_min(layer->x_type);
    int64_t xmax = qn_int_type_max(layer->x_type);
    const int16_t *row = &layer->weight[(size_t)j * (size_t)layer->in];
    int64_t sum_lo = 0, sum_hi = 0;
    for (int i = 0; i < layer->in; i++) {
        int64_t a = row[i] * xmin, b = row[i] * xmax; /* |.| < 2^48 */
        int64_t t_lo = a < b ? a : b, t_hi = a < b ? b : a;
        if (__builtin_add_overflow(sum_lo, t_lo, &sum_lo) ||
            __builtin_add_overflow(sum_hi, t_hi, &sum_hi))
            return 0;
    }
    int64_t bias_term = layer->bias[j] * ((int64_t)1 << layer->bias_shift);
    if (__builtin_add_overflow(sum_lo, bias_term, lo) ||
        __builtin_add_overflow(sum_hi, bias_term, hi))
        return 0;
    return 1;
}

int qn_accproof_layer(qn_layer_t *layer, const char *file, qn_mark_t acc_mark)
{
    size_t n = (size_t)layer->out;
    layer->acc_min = calloc(n, sizeof(int64_t));
    layer->acc_max = calloc(n, sizeof(int64_t));
    layer->p_min = calloc(n, sizeof(int64_t));
    layer->p_max = calloc(n, sizeof(int64_t));
    if (!layer->acc_min || !layer->acc_max || !layer->p_min || !layer->p_max) {
        qn_error_at(file, layer->mark, "out of memory");
        return 1;
    }
    int need = 2, worst = 0;
    for (int j = 0; j < layer->out; j++) {
        int64_t lo, hi, m = layer->multiplier[j], plo, phi;
        if (!neuron_acc_bounds(layer, j, &lo, &hi)) {
            qn_error_at(file, layer->mark,
                        "layer '%s': neuron %d's accumulator needs more than "
                        "64 bits; use narrower weights or inputs, or split "
                        "the layer", layer->name, j);
            return 1;
        }
        int64_t a, b;
        if (__builtin_mul_overflow(lo, m, &a) ||
            __builtin_mul_overflow(hi, m, &b)) {
            qn_error_at(file, layer->mark,
                        "layer '%s': neuron %d's product acc * multiplier "
                        "needs more than 64 bits; use a smaller multiplier",
                        layer->name, j);
            return 1;
        }
        plo = a < b ? a : b;
        phi = a < b ? b : a;
        layer->acc_min[j] = lo;
        layer->acc_max[j] = hi;
        layer->p_min[j] = plo;
        layer->p_max[j] = phi;
        int bits_acc = qn_bits_for_range(lo, hi);
        int bits_p = qn_bits_for_range(plo, phi);
        int bits = bits_acc > bits_p ? bits_acc : bits_p;
        if (bits > need) {
            need = bits;
            worst = j;
        }
    }
    layer->acc_bits_needed = need;
    if (layer->acc_bits_auto) {
        layer->acc_bits = need;
        return 0;
    }
    if (layer->acc_bits < need) {
        qn_error_at(file, acc_mark,
                    "layer '%s': acc_bits %d is too small: neuron %d needs %d "
                    "bits (acc in [%lld, %lld], p in [%lld, %lld]); set "
                    "acc_bits to %d or `auto`",
                    layer->name, layer->acc_bits, worst, need,
                    (long long)layer->acc_min[worst],
                    (long long)layer->acc_max[worst],
                    (long long)layer->p_min[worst],
                    (long long)layer->p_max[worst], need);
        return 1;
    }
    return 0;
}
