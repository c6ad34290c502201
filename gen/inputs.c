/* inputs.c - read and check input vectors. */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "diag.h"
#include "inputs.h"
#include "qn_limits.h"
#include "refmodel.h"

/* Values the reference model keeps per vector: every layer's outputs. */
static long long trace_width(const qn_network_t *net)
{
    long long w = 0;
    for (int l = 0; l < net->n_layers; l++)
        w += net->layers[l].out;
    return w;
}

int qn_inputs_read(const qn_network_t *net, const char *path, int64_t **x,
                   int *n_vectors)
{
    qn_array_t a;
    qn_array_error_t err = {0};
    int ok;
    *x = NULL;
    *n_vectors = 0;
    if (!qn_has_suffix(path, ".npy") && !qn_has_suffix(path, ".csv")) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "input vectors must be an .npy or .csv file");
        return 0;
    }
    if (!(ok = qn_array_read_path(path, &a, &err))) {
        qn_error_at(path, (qn_mark_t){err.line, err.col}, "%s", err.message);
        return 0;
    }
    size_t size = (size_t)net->input_size;
    ok = 0;
    if (a.kind != QN_ARRAY_INT) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "input vectors are %s (dtype %s); give integers in the "
                    "declared input type", a.kind == QN_ARRAY_FLOAT ? "floats" : "bools",
                    a.dtype);
    } else if (!((a.ndim == 2 && a.shape[1] == size) ||
                 (a.ndim == 1 && a.shape[0] == size))) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "input vectors have shape [%zu%s%zu], expected [N, %zu] "
                    "(input.size is %zu)", a.shape[0], a.ndim == 2 ? ", " : "",
                    a.ndim == 2 ? a.shape[1] : (size_t)0, size, size);
    } else if (a.count / size > QN_MAX_VECTORS) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "%zu input vectors, more than the %d qnngen takes; split "
                    "them over several runs", a.count / size, QN_MAX_VECTORS);
    } else if ((long long)(a.count / size) * trace_width(net) >
               QN_MAX_TRACE_VALUES) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "%zu input vectors give %lld layer outputs, more than the "
                    "%lld qnngen keeps (%lld MiB); split them over several runs",
                    a.count / size, (long long)(a.count / size) * trace_width(net),
                    QN_MAX_TRACE_VALUES, QN_MAX_TRACE_VALUES * 8 / 1048576);
    } else {
        *n_vectors = (int)(a.count / size);
        ok = qn_inputs_check(net, path, a.ints, *n_vectors) == 0;
    }
    if (ok) {
        *x = a.ints;   /* hand the buffer over */
        a.ints = NULL;
    }
    qn_array_free(&a);
    return ok;
}
