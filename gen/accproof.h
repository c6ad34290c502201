/* accproof.h - the accumulator proof of spec section 3.2.
 *
 * For every neuron, the exact least and greatest acc[j] and p[j] when every
 * input element ranges over its declared type, from the actual weights,
 * biases and multipliers; then the least two's complement width holding
 * them all.
 */
#ifndef QN_ACCPROOF_H
#define QN_ACCPROOF_H

#include <stdint.h>

#include "ir.h"

/* Least two's complement width (at least 2) holding every value in [lo, hi]. */
int qn_bits_for_range(int64_t lo, int64_t hi);

/* Fills acc_min/acc_max/p_min/p_max and acc_bits_needed of `layer`
 * (whose weights, biases, multipliers and x_type are set), then sets
 * acc_bits when `auto` or checks the given width.  Problems are reported
 * against `file` at the layer's mark (a too small acc_bits at `acc_mark`);
 * returns the number of errors. */
int qn_accproof_layer(qn_layer_t *layer, const char *file, qn_mark_t acc_mark);

#endif /* QN_ACCPROOF_H */
