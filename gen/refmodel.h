/* refmodel.h - the bit-exact reference model of spec section 3.
 *
 * Reads the IR only.  Every layer's outputs are kept (a trace), so the
 * testbench can check every layer and `qnngen run --trace` can write them.
 *
 * Ownership: qn_ref_run() returns a trace the caller frees with
 * qn_trace_free() (which takes NULL).
 */
#ifndef QN_REFMODEL_H
#define QN_REFMODEL_H

#include <stdint.h>

#include "ir.h"

typedef struct qn_trace {
    int n_vectors;
    int n_layers;
    /* layer_out[l][v * layers[l].out + j]: output j of layer l on vector v */
    int64_t **layer_out;
} qn_trace_t;

/* Step 3 of spec section 3: p / 2^shift rounded by `mode`, exactly, for
 * any int64 p and shift 0..62. */
int64_t qn_round_shift(int64_t p, int shift, qn_rounding_t mode);

/* Steps 4 and 5: relu (if any), then clamp to the output type. */
int64_t qn_activate_saturate(int64_t q, qn_activation_t act, qn_int_type_t out);

/* Runs `n_vectors` input vectors x[v * input_size + i] through the network.
 * The inputs must be in range (qn_inputs_check).  Returns NULL only when
 * out of memory. */
qn_trace_t *qn_ref_run(const qn_network_t *net, const int64_t *x, int n_vectors);

/* Checks every input value against the declared input type; reports each
 * bad one (up to a few) as `source: error: ...` and returns the count. */
int qn_inputs_check(const qn_network_t *net, const char *source,
                    const int64_t *x, int n_vectors);

/* Fills x[n_vectors * input_size] with uniformly random in-range values
 * from a fixed generator (splitmix64), the same on every machine. */
void qn_inputs_random(const qn_network_t *net, uint64_t seed, int n_vectors,
                      int64_t *x);

void qn_trace_free(qn_trace_t *trace);

#endif /* QN_REFMODEL_H */
