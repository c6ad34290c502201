/* floatcmp.h - `qnngen run --float`: the float network that a quantized
 * network was made from (the float arrays and scales `qnngen quantize`
 * keeps under meta.quantize), against the integer reference model. */
#ifndef QN_FLOATCMP_H
#define QN_FLOATCMP_H

#include <stdint.h>
#include <stdio.h>

#include "ir.h"

/* Reads float input vectors from `path` and quantizes them by the
 * network's input scale and zero point (QUANTIZATION step 4).  Returns 1
 * with *x_real and *x_int (malloc'd, caller frees), or 0 after reporting. */
int qn_float_inputs_read(const qn_network_t *net, const char *path,
                         double **x_real, int64_t **x_int, int *n_vectors);

/* The labels in `path`: integers of shape [n_vectors] (malloc'd, caller
 * frees), or NULL after reporting. */
int64_t *qn_labels_read(const char *path, int n_vectors);

/* Computes the float network on x_real and prints, per layer, the largest
 * and mean absolute error of the dequantized integer outputs `layer_out`
 * (the reference model's trace) against it; with `labels_path`, the
 * accuracy of both.  Returns 1, or 0 after reporting. */
int qn_float_compare(FILE *f, const qn_network_t *net, const double *x_real,
                     int64_t *const *layer_out, int n_vectors,
                     const char *labels_path);

#endif /* QN_FLOATCMP_H */
