/* inputs.h - input vectors for `run` and `generate`: read from .npy or
 * .csv, shape [N][input.size] or [input.size], checked against the
 * declared input type (spec 3.1: out of range is an error, not clamped).
 */
#ifndef QN_INPUTS_H
#define QN_INPUTS_H

#include <stdint.h>

#include "ir.h"

/* Reads and checks the vectors in `path`.  Returns 1 with *x (malloc'd,
 * caller frees) holding (*n_vectors) * input_size values, or 0 after
 * reporting what is wrong. */
int qn_inputs_read(const qn_network_t *net, const char *path, int64_t **x,
                   int *n_vectors);

#endif /* QN_INPUTS_H */
