/* floatcmp.c - the float network from meta.quantize, against the integer
 * outputs; see floatcmp.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "diag.h"
#include "floatcmp.h"
#include "quantize.h"

/* meta.quantize.KEY of a meta tree, or NULL. */
static const qn_node_t *quant_meta(const qn_node_t *meta, const char *key)
{
    const qn_node_t *q = meta && meta->kind == QN_NODE_MAP ? qn_node_get(meta, "quantize") : NULL;
    const qn_node_t *v = q && q->kind == QN_NODE_MAP ? qn_node_get(q, key) : NULL;
    return v && v->kind == QN_NODE_SCALAR ? v : NULL;
}

static int meta_real(const qn_network_t *net, const qn_node_t *meta,
                     const char *where, const char *key, double *out)
{
    const qn_node_t *v = quant_meta(meta, key);
    char *end = NULL;
    if (v)
        *out = strtod(v->text, &end);
    if (!v || end == v->text || *end || !isfinite(*out)) {
        qn_error_at(net->source_path, v ? v->mark : (qn_mark_t){0, 0},
                    "%s%s--float needs meta.quantize.%s, a number, as `qnngen "
                    "quantize` writes it; quantize the float network with it",
                    where, where[0] ? ": " : "", key);
        return 0;
    }
    return 1;
}

int qn_float_inputs_read(const qn_network_t *net, const char *path,
                         double **x_real, int64_t **x_int, int *n_vectors)
{
    double scale, zp;
    *x_real = NULL;
    *x_int = NULL;
    if (!meta_real(net, net->meta, "", "input_scale", &scale) ||
        !meta_real(net, net->meta, "", "input_zero_point", &zp))
        return 0;
    qn_array_t a;
    qn_array_error_t err = {0};
    if (!qn_array_read_path(path, &a, &err)) {
        qn_error_at(path, (qn_mark_t){err.line, err.col}, "%s", err.message);
        return 0;
    }
    size_t size = (size_t)net->input_size;
    int ok = 0;
    if (a.kind == QN_ARRAY_BOOL ||
        !((a.ndim == 2 && a.shape[1] == size) || (a.ndim == 1 && a.shape[0] == size)) ||
        a.count / size > 1000000) {
        qn_error_at(path, (qn_mark_t){0, 0}, "float input vectors must be "
                    "numbers of shape [N, %zu] (input.size)", size);
    } else if ((*x_real = malloc(a.count * sizeof **x_real)) &&
               (*x_int = malloc(a.count * sizeof **x_int))) {
        *n_vectors = (int)(a.count / size);
        for (size_t k = 0; k < a.count; k++) {
            (*x_real)[k] = a.kind == QN_ARRAY_FLOAT ? a.reals[k] : (double)a.ints[k];
            (*x_int)[k] = qn_q_input((*x_real)[k], scale, (int64_t)zp, net->input_type);
        }
        ok = 1;
    }
    qn_array_free(&a);
    if (!ok) {
        free(*x_real), free(*x_int);
        *x_real = NULL, *x_int = NULL;
    }
    return ok;
}

/* A float array of the network's float container, of shape [d0] or
 * [d0][d1]; NULL after reporting. */
static double *float_member(const qn_network_t *net, qn_npz_t *npz,
                            const qn_layer_t *L, const char *key, int ndim,
                            size_t d0, size_t d1)
{
    const qn_node_t *v = quant_meta(L->meta, key);
    if (!v)
        return NULL;
    qn_array_t a;
    qn_array_error_t err = {0};
    double *out = NULL;
    if (!qn_npz_read(npz, v->text, &a, &err)) {
        qn_error_at(net->source_path, v->mark, "layer '%s': %s", L->name, err.message);
        return NULL;
    }
    if (a.kind != QN_ARRAY_FLOAT || a.ndim != ndim || a.shape[0] != d0 ||
        (ndim == 2 && a.shape[1] != d1))
        qn_error_at(net->source_path, v->mark, "layer '%s': %s is not a float "
                    "array of the layer's shape", L->name, v->text);
    else if ((out = malloc(a.count * sizeof *out)))
        memcpy(out, a.reals, a.count * sizeof *out);
    qn_array_free(&a);
    return out;
}

int64_t *qn_labels_read(const char *path, int n_vectors)
{
    qn_array_t a;
    qn_array_error_t err = {0};
    if (!qn_array_read_path(path, &a, &err)) {
        qn_error_at(path, (qn_mark_t){err.line, err.col}, "%s", err.message);
        return NULL;
    }
    int64_t *labels = NULL;
    if (a.kind != QN_ARRAY_INT || a.ndim != 1 || a.count != (size_t)n_vectors)
        qn_error_at(path, (qn_mark_t){0, 0}, "labels must be integers of "
                    "shape [%d], one per input vector", n_vectors);
    else
        labels = a.ints, a.ints = NULL;
    qn_array_free(&a);
    return labels;
}

int qn_float_compare(FILE *f, const qn_network_t *net, const double *x_real,
                     int64_t *const *layer_out, int n_vectors,
                     const char *labels_path)
{
    const qn_node_t *container = quant_meta(net->meta, "float_weights");
    if (!container) {
        qn_error_at(net->source_path, (qn_mark_t){0, 0}, "--float needs the "
                    "float arrays `qnngen quantize` records (meta.quantize."
                    "float_weights); this network has none");
        return 0;
    }
    size_t n = strlen(net->source_dir) + strlen(container->text) + 2;
    char *path = malloc(n);
    if (!path)
        return 0;
    snprintf(path, n, "%s%s%s", net->source_dir, net->source_dir[0] ? "/" : "",
             container->text);
    qn_array_error_t err = {0};
    qn_npz_t *npz = qn_npz_open(path, &err);
    if (!npz)
        qn_error_at(net->source_path, container->mark, "%s: %s", path, err.message);
    free(path);
    if (!npz)
        return 0;

    int widest = net->input_size, ok = 1;
    for (int l = 0; l < net->n_layers; l++)
        widest = net->layers[l].out > widest ? net->layers[l].out : widest;
    size_t per = (size_t)widest;
    double *act = malloc((size_t)n_vectors * per * sizeof *act);
    double *next = malloc((size_t)n_vectors * per * sizeof *next);
    int64_t *labels = labels_path ? qn_labels_read(labels_path, n_vectors) : NULL;
    if (!act || !next || (labels_path && !labels))
        ok = 0;
    for (int v = 0; ok && v < n_vectors; v++)
        memcpy(act + v * per, x_real + (size_t)v * net->input_size,
               (size_t)net->input_size * sizeof *act);
    if (ok)
        fprintf(f, "float comparison of %s: %d vectors; dequantized integer "
                   "outputs against the float network\n%-16s %6s %13s %13s %13s %13s\n",
                net->name, n_vectors, "layer", "out", "out_scale", "max_abs_err",
                "mean_abs_err", "max_abs_float");
    for (int l = 0; ok && l < net->n_layers; l++) {
        const qn_layer_t *L = &net->layers[l];
        double scale;
        double *w = float_member(net, npz, L, "float_weight", 2, (size_t)L->out, (size_t)L->in);
        double *b = quant_meta(L->meta, "float_bias")
                        ? float_member(net, npz, L, "float_bias", 1, (size_t)L->out, 0) : NULL;
        if (!w || (quant_meta(L->meta, "float_bias") && !b) ||
            !meta_real(net, L->meta, L->name, "output_scale", &scale)) {
            if (!w && !quant_meta(L->meta, "float_weight"))
                qn_error_at(net->source_path, L->mark, "layer '%s': --float "
                            "needs meta.quantize.float_weight", L->name);
            free(w), free(b);
            ok = 0;
            break;
        }
        double zp = 0.0;
        if (quant_meta(L->meta, "output_zero_point") &&
            !meta_real(net, L->meta, L->name, "output_zero_point", &zp)) {
            free(w), free(b);
            ok = 0;
            break;
        }
        double max_err = 0.0, sum_err = 0.0, max_float = 0.0;
        for (int v = 0; v < n_vectors; v++) {
            double *y = next + v * per;
            qn_float_dense(w, b, L->out, L->in, act + v * per, y,
                           L->activation == QN_ACT_RELU);
            for (int j = 0; j < L->out; j++) {
                double deq = scale * ((double)layer_out[l][(size_t)v * L->out + j] - zp);
                double e = fabs(deq - y[j]);
                max_err = e > max_err ? e : max_err;
                sum_err += e;
                max_float = fabs(y[j]) > max_float ? fabs(y[j]) : max_float;
            }
        }
        fprintf(f, "%-16s %6d %13.6g %13.6g %13.6g %13.6g\n", L->name, L->out,
                scale, max_err, sum_err / ((double)n_vectors * L->out), max_float);
        free(w), free(b);
        double *t = act;
        act = next;
        next = t;
    }
    if (ok && labels) {
        const qn_layer_t *last = &net->layers[net->n_layers - 1];
        int right_f = 0, right_q = 0, agree = 0;
        for (int v = 0; v < n_vectors; v++) {
            int pf = qn_argmax_f(act + v * per, last->out);
            int pq = qn_argmax_i(layer_out[net->n_layers - 1] + (size_t)v * last->out, last->out);
            right_f += pf == labels[v];
            right_q += pq == labels[v];
            agree += pf == pq;
        }
        fprintf(f, "accuracy: float %.4f (%d/%d), quantized %.4f (%d/%d); "
                   "same prediction on %d/%d\n",
                (double)right_f / n_vectors, right_f, n_vectors,
                (double)right_q / n_vectors, right_q, n_vectors, agree, n_vectors);
    }
    free(act), free(next), free(labels);
    qn_npz_close(npz);
    return ok;
}
