/* quantize_spec.c - reads the float network of `qnngen quantize`: the keys
 * of a format-1 network minus those quantize computes, the `quantization`
 * sections, the float arrays and the calibration vectors.  Problems are
 * reported with their YAML marks, all in one run (diag.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "diag.h"
#include "loadutil.h"
#include "quantize.h"

enum { MAX_SIZE = 1 << 20, MAX_LAYERS = 4096 };

static const char *const top_keys[] = {
    "qnngen", "name", "weights", "input", "io", "defaults", "layers", "meta",
    "quantization", NULL
};
static const char *const input_keys[] = { "size", "bits", "signed", NULL };
static const char *const io_keys[] = { "in_per_beat", "out_per_beat", NULL };
static const char *const quant_keys[] = {
    "mode", "multiplier_bits", "shift_rule", "granularity", "input_range",
    "calibration", NULL
};
static const char *const layer_quant_keys[] = {
    "weight_scale", "range", "granularity", "zero_point", NULL
};
/* Keys quantize computes: named in their own message.  The layer key
 * lists below include them so they are not reported twice. */
static const char *const computed_keys[] = {
    "shift", "multiplier", "multiplier_bits", "out_signed", "bias_bits",
    "bias_shift", NULL
};
static const char *const layer_keys[] = {
    "name", "type", "in", "out", "weight", "bias", "weight_bits", "out_bits",
    "rounding", "activation", "acc_bits", "lanes", "simd", "meta",
    "quantization", "shift", "multiplier", "multiplier_bits", "out_signed",
    "bias_bits", "bias_shift", NULL
};
static const char *const default_keys[] = {
    "weight_bits", "out_bits", "rounding", "activation", "acc_bits", "lanes",
    "simd", "shift", "multiplier", "multiplier_bits", "out_signed",
    "bias_bits", "bias_shift", NULL
};
static const char *const mode_names[] = { "shift", "multiplier", NULL };
static const char *const rule_names[] = { "nearest", "floor", "ceil", NULL };
static const char *const granularity_names[] = { "per_tensor", "per_channel", NULL };

static void reject_computed(const qn_loader_t *ld, const qn_node_t *map)
{
    for (size_t i = 0; i < map->n; i++)
        for (const char *const *c = computed_keys; *c; c++)
            if (!strcmp(map->pairs[i].key->text, *c))
                qn_error_at(ld->path, map->pairs[i].key->mark,
                            "`%s` is computed by qnngen quantize; remove it "
                            "(qnngen-yaml(5), QUANTIZATION, says how)", *c);
}

/* A finite real number. */
static int get_real(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                    double *out)
{
    if (n->kind == QN_NODE_SCALAR && !n->quoted && n->text[0]) {
        char *end;
        errno = 0;
        double v = strtod(n->text, &end);
        if (!*end && !errno && isfinite(v)) {
            *out = v;
            return 1;
        }
    }
    qn_error_at(ld->path, n->mark, "%s must be a finite number, not %s%s%s",
                what, n->kind == QN_NODE_SCALAR ? "'" : "",
                n->kind == QN_NODE_SCALAR ? n->text : qn_node_kind_name(n),
                n->kind == QN_NODE_SCALAR ? "'" : "");
    return 0;
}

/* [lo, hi]: two numbers, lo <= hi. */
static int get_range(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                     double *lo, double *hi)
{
    if (n->kind != QN_NODE_SEQ || n->n != 2) {
        qn_error_at(ld->path, n->mark, "%s must be a list of two numbers, "
                    "[lo, hi]", what);
        return 0;
    }
    if (!get_real(ld, n->items[0], what, lo) || !get_real(ld, n->items[1], what, hi))
        return 0;
    if (*lo > *hi) {
        qn_error_at(ld->path, n->mark, "%s is [%g, %g]: lo is above hi", what,
                    *lo, *hi);
        return 0;
    }
    return 1;
}

/* A float (or integer) array of an exact shape, as doubles. */
static double *get_reals(qn_loader_t *ld, const qn_node_t *ref, const char *layer,
                         const char *what, int ndim, size_t d0, size_t d1)
{
    qn_array_t a;
    if (!qn_load_array(ld, ref, &a))
        return NULL;
    double *v = NULL;
    if (a.kind == QN_ARRAY_BOOL) {
        qn_error_at(ld->path, ref->mark, "layer '%s': %s is a bool array; "
                    "give float weights", layer, what);
    } else if (a.ndim != ndim || a.shape[0] != d0 || (ndim == 2 && a.shape[1] != d1)) {
        if (ndim == 1)
            qn_error_at(ld->path, ref->mark, "layer '%s': %s has %d dimensions "
                        "or the wrong length; expected [%zu]", layer, what,
                        a.ndim, d0);
        else
            qn_error_at(ld->path, ref->mark, "layer '%s': %s does not have "
                        "shape [%zu, %zu] ([out, in])", layer, what, d0, d1);
    } else if ((v = malloc((a.count ? a.count : 1) * sizeof *v))) {
        for (size_t k = 0; k < a.count; k++) {
            v[k] = a.kind == QN_ARRAY_FLOAT ? a.reals[k] : (double)a.ints[k];
            if (!isfinite(v[k])) {
                qn_error_at(ld->path, ref->mark, "layer '%s': %s[%zu] is not "
                            "finite (%g)", layer, what, k, v[k]);
                free(v);
                v = NULL;
                break;
            }
        }
    }
    qn_array_free(&a);
    return v;
}

static const qn_node_t *layer_key(const qn_loader_t *ld, const qn_node_t *layer,
                                  const char *key)
{
    const qn_node_t *v = qn_node_get(layer, key);
    return v ? v : ld->defaults ? qn_node_get(ld->defaults, key) : NULL;
}

/* An integer key passed through as written (acc_bits may be `auto`). */
static char *pass_int(const qn_loader_t *ld, const qn_node_t *layer,
                      const char *key, int64_t lo, int64_t hi, int auto_ok)
{
    const qn_node_t *k = layer_key(ld, layer, key);
    int64_t v;
    if (!k)
        return NULL;
    if (auto_ok && k->kind == QN_NODE_SCALAR && !strcmp(k->text, "auto"))
        return strdup("auto");
    if (!qn_load_int(ld, k, key, lo, hi, &v))
        return NULL;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return strdup(buf);
}

static void load_layer_quant(qn_loader_t *ld, const qn_node_t *node,
                             qn_qlayer_t *L, bool net_per_channel, qn_qmode_t mode)
{
    const qn_node_t *qn = qn_node_get(node, "quantization"), *k;
    L->per_channel = net_per_channel;
    if (!qn)
        return;
    if (qn->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, qn->mark, "layer '%s': quantization must be a "
                    "mapping (weight_scale, range, granularity)", L->name);
        return;
    }
    qn_load_check_keys(ld, qn, layer_quant_keys, "a layer's quantization");
    if ((k = qn_node_get(qn, "granularity"))) {
        int c = qn_load_choice(ld, k, "granularity", granularity_names);
        if (c >= 0)
            L->per_channel = c == 1;
    }
    if ((k = qn_node_get(qn, "range")))
        L->has_range = get_range(ld, k, "range", &L->range_lo, &L->range_hi);
    if ((k = qn_node_get(qn, "zero_point")) &&
        qn_load_bool(ld, k, "zero_point", &L->zero_point) && L->zero_point) {
        L->zero_point_mark = k->mark;
        if (L->activation == QN_ACT_RELU)
            qn_error_at(ld->path, k->mark, "layer '%s': zero_point needs "
                        "`activation: none`; a relu output is non-negative and "
                        "already uses the whole unsigned range", L->name);
        else if (mode != QN_QMODE_SHIFT)
            qn_error_at(ld->path, k->mark, "layer '%s': zero_point needs "
                        "`mode: shift`: the zero point is folded into the bias "
                        "as z * 2^shift, an integer only without a multiplier",
                        L->name);
    }
    if ((k = qn_node_get(qn, "weight_scale"))) {
        double s;
        L->scale_mark = k->mark;
        char *end = NULL;
        int is_number = k->kind == QN_NODE_SCALAR && !k->quoted &&
                        (strtod(k->text, &end), end != k->text && !*end);
        if (is_number && get_real(ld, k, "weight_scale", &s)) {
            if (!(L->given_scale = malloc((size_t)L->out * sizeof *L->given_scale)))
                return;
            for (int j = 0; j < L->out; j++)
                L->given_scale[j] = s;
        } else if (!is_number) {
            L->given_scale = get_reals(ld, k, L->name, "weight_scale", 1,
                                       (size_t)L->out, 0);
            L->per_channel = true;
        }
        for (int j = 0; L->given_scale && j < L->out; j++)
            if (!(L->given_scale[j] > 0.0)) {
                qn_error_at(ld->path, k->mark, "layer '%s': weight_scale[%d] "
                            "is %g; scales must be positive", L->name, j,
                            L->given_scale[j]);
                break;
            }
    }
}

static int load_layer(qn_loader_t *ld, const qn_node_t *node, qn_qlayer_t *L,
                      int in, bool net_per_channel, qn_qmode_t mode)
{
    int errors = qn_error_count();
    const qn_node_t *k;
    int64_t v;
    const char *name = NULL;
    L->mark = node->mark;
    L->in = in;
    reject_computed(ld, node);
    qn_load_check_keys(ld, node, layer_keys, "a layer");
    if ((k = qn_node_get(node, "name")))
        qn_load_name(ld, k, "layer name", 1, &name);
    else
        qn_error_at(ld->path, node->mark, "a layer has no `name`; add `name: fcN`");
    if (!(L->name = strdup(name ? name : "?")))
        return 0;
    if ((k = qn_node_get(node, "type")) &&
        (k->kind != QN_NODE_SCALAR || strcmp(k->text, "dense")))
        qn_error_at(ld->path, k->mark, "layer '%s': format 1 knows only "
                    "`type: dense`", L->name);
    if ((k = qn_node_get(node, "in")) && qn_load_int(ld, k, "in", 1, MAX_SIZE, &v) &&
        v != in)
        qn_error_at(ld->path, k->mark, "layer '%s': in is %lld, but its input "
                    "has %d elements", L->name, (long long)v, in);
    if (!(k = qn_node_get(node, "out")))
        qn_error_at(ld->path, node->mark, "layer '%s' has no `out`", L->name);
    else if (qn_load_int(ld, k, "out", 1, MAX_SIZE, &v))
        L->out = (int)v;
    if (!(k = layer_key(ld, node, "weight_bits")))
        qn_error_at(ld->path, node->mark, "layer '%s' has no `weight_bits`; "
                    "add `weight_bits: N` (2..16) to it or to `defaults`", L->name);
    else if (qn_load_int(ld, k, "weight_bits (quantize takes 2..16)", 2, 16, &v))
        L->weight_bits = (int)v;
    if (!(k = layer_key(ld, node, "out_bits")))
        qn_error_at(ld->path, node->mark, "layer '%s' has no `out_bits`; "
                    "add `out_bits: N` (2..32) to it or to `defaults`", L->name);
    else if (qn_load_int(ld, k, "out_bits (quantize takes 2..32)", 2, 32, &v))
        L->out_bits = (int)v;
    qn_load_layer_modes(ld, layer_key(ld, node, "rounding"),
                        layer_key(ld, node, "activation"), QN_ROUND_HALF_EVEN,
                        &L->rounding, &L->activation);
    L->acc_bits = pass_int(ld, node, "acc_bits", 2, 64, 1);
    L->lanes = pass_int(ld, node, "lanes", 1, MAX_SIZE, 0);
    L->simd = pass_int(ld, node, "simd", 1, MAX_SIZE, 0);
    if (qn_error_count() != errors || L->out == 0)
        return 0;

    load_layer_quant(ld, node, L, net_per_channel, mode);
    if (!(k = qn_node_get(node, "weight"))) {
        qn_error_at(ld->path, node->mark, "layer '%s' has no `weight`; name "
                    "its [out][in] float array", L->name);
    } else {
        L->w_name = strdup(k->kind == QN_NODE_SCALAR ? k->text : "(inline)");
        L->w = get_reals(ld, k, L->name, "weight", 2, (size_t)L->out, (size_t)in);
    }
    if ((k = layer_key(ld, node, "bias"))) {
        L->b_name = strdup(k->kind == QN_NODE_SCALAR ? k->text : "(inline)");
        L->b = get_reals(ld, k, L->name, "bias", 1, (size_t)L->out, 0);
    }
    return qn_error_count() == errors;
}

static void load_quantization(qn_loader_t *ld, const qn_node_t *root,
                              qn_qspec_t *q, bool *per_channel)
{
    const qn_node_t *qn = qn_node_get(root, "quantization"), *k;
    int64_t v;
    q->mode = QN_QMODE_SHIFT;
    q->multiplier_bits = 16;
    q->shift_rule = QN_SHIFT_NEAREST;
    *per_channel = false;
    if (!qn) {
        qn_error_at(ld->path, root->mark, "no `quantization:` section; add "
                    "one (mode, input_range or calibration: see "
                    "qnngen-yaml(5), QUANTIZATION)");
        return;
    }
    q->quant_mark = qn->mark;
    if (qn->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, qn->mark, "quantization must be a mapping");
        return;
    }
    qn_load_check_keys(ld, qn, quant_keys, "quantization");
    int c;
    if ((k = qn_node_get(qn, "mode")) && (c = qn_load_choice(ld, k, "mode", mode_names)) >= 0)
        q->mode = (qn_qmode_t)c;
    if ((k = qn_node_get(qn, "shift_rule")) &&
        (c = qn_load_choice(ld, k, "shift_rule", rule_names)) >= 0)
        q->shift_rule = (qn_shift_rule_t)c;
    if ((k = qn_node_get(qn, "granularity")) &&
        (c = qn_load_choice(ld, k, "granularity", granularity_names)) >= 0)
        *per_channel = c == 1;
    if ((k = qn_node_get(qn, "multiplier_bits")) &&
        qn_load_int(ld, k, "multiplier_bits", 2, 32, &v))
        q->multiplier_bits = (int)v;
    if ((k = qn_node_get(qn, "input_range")))
        q->has_input_range = get_range(ld, k, "input_range", &q->input_lo,
                                       &q->input_hi);
    if ((k = qn_node_get(qn, "calibration"))) {
        qn_array_t a;
        q->calib_mark = k->mark;
        if (k->kind != QN_NODE_SCALAR) {
            qn_error_at(ld->path, k->mark, "calibration must be a path to an "
                        ".npy or .csv of float input vectors");
        } else if (qn_load_array(ld, k, &a)) {
            size_t n = a.ndim == 2 ? a.shape[0] : 1;
            size_t w = a.ndim == 2 ? a.shape[1] : a.ndim == 1 ? a.shape[0] : 0;
            if (a.kind == QN_ARRAY_BOOL || a.ndim < 1 || a.ndim > 2 ||
                w != (size_t)q->input_size || n == 0 || n > MAX_SIZE) {
                qn_error_at(ld->path, k->mark, "calibration %s must have "
                            "shape [N][%d] (input.size)", k->text, q->input_size);
            } else if ((q->calib = malloc(a.count * sizeof *q->calib))) {
                q->n_calib = (int)n;
                for (size_t i = 0; i < a.count; i++)
                    q->calib[i] = a.kind == QN_ARRAY_FLOAT ? a.reals[i]
                                                           : (double)a.ints[i];
            }
            qn_array_free(&a);
        }
    }
}

static void load_top(qn_loader_t *ld, const qn_node_t *root, qn_qspec_t *q)
{
    const qn_node_t *k, *n;
    int64_t v;
    qn_load_check_keys(ld, root, top_keys, "the network");
    if (!(k = qn_node_get(root, "qnngen")) || !qn_load_parse_int(k, &v) || v != 1)
        qn_error_at(ld->path, k ? k->mark : root->mark,
                    "a float network starts with `qnngen: 1` too");
    const char *name = NULL;
    if (!(k = qn_node_get(root, "name")))
        qn_error_at(ld->path, root->mark, "the network has no `name`; add `name: mynet`");
    else
        qn_load_name(ld, k, "network name", 0, &name);
    q->name = strdup(name ? name : "?");
    if ((k = qn_node_get(root, "weights"))) {
        if (k->kind != QN_NODE_SCALAR || !k->text[0])
            qn_error_at(ld->path, k->mark, "weights must be a path to an .npz file");
        else
            ld->weights = k;
    }
    if (!(n = qn_node_get(root, "input")) || n->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, n ? n->mark : root->mark, "the network needs "
                    "`input: {size: N, bits: B, signed: true}`");
    } else {
        qn_load_check_keys(ld, n, input_keys, "input");
        if (!(k = qn_node_get(n, "size")))
            qn_error_at(ld->path, n->mark, "input has no `size`");
        else if (qn_load_int(ld, k, "input.size", 1, MAX_SIZE, &v))
            q->input_size = (int)v;
        if (!(k = qn_node_get(n, "bits")))
            qn_error_at(ld->path, n->mark, "input has no `bits`");
        else if (qn_load_int(ld, k, "input.bits (quantize takes 2..32)", 2, 32, &v))
            q->input_type.bits = (int)v;
        q->input_type.is_signed = true;
        if ((k = qn_node_get(n, "signed")))
            qn_load_bool(ld, k, "input.signed", &q->input_type.is_signed);
    }
    if ((n = qn_node_get(root, "io"))) {
        if (n->kind != QN_NODE_MAP) {
            qn_error_at(ld->path, n->mark, "io must be a mapping");
        } else {
            qn_load_check_keys(ld, n, io_keys, "io");
            if ((k = qn_node_get(n, "in_per_beat")) &&
                qn_load_int(ld, k, "io.in_per_beat", 1, MAX_SIZE, &v))
                q->in_per_beat = (int)v;
            if ((k = qn_node_get(n, "out_per_beat")) &&
                qn_load_int(ld, k, "io.out_per_beat", 1, MAX_SIZE, &v))
                q->out_per_beat = (int)v;
        }
    }
    if ((n = qn_node_get(root, "defaults"))) {
        if (n->kind != QN_NODE_MAP) {
            qn_error_at(ld->path, n->mark, "defaults must be a mapping of layer keys");
        } else {
            reject_computed(ld, n);
            qn_load_check_keys(ld, n, default_keys, "defaults");
            ld->defaults = n;
        }
    }
}

qn_qspec_t *qn_qspec_load(const char *path)
{
    int errors = qn_error_count();
    qn_node_t *root = qn_yaml_read_file(path);
    if (!root)
        return NULL;
    qn_qspec_t *q = calloc(1, sizeof *q);
    char *dir = qn_dir_of(path);
    qn_loader_t ld = { .path = path, .dir = dir ? dir : "", .errors_at_start = errors };
    if (!q || !dir) {
        qn_error_at(path, (qn_mark_t){0, 0}, "out of memory");
        goto fail;
    }
    q->path = path;
    if (root->kind != QN_NODE_MAP) {
        qn_error_at(path, root->mark, "a float network is a mapping that "
                    "starts with `qnngen: 1`");
        goto fail;
    }
    load_top(&ld, root, q);
    bool per_channel = false;
    load_quantization(&ld, root, q, &per_channel);
    const qn_node_t *layers = qn_node_get(root, "layers");
    if (!layers || layers->kind != QN_NODE_SEQ || layers->n == 0 ||
        layers->n > MAX_LAYERS) {
        qn_error_at(path, layers ? layers->mark : root->mark,
                    "the network needs `layers:`, a non-empty list of dense layers");
        goto fail;
    }
    if (qn_error_count() != errors)
        goto fail;
    if (!(q->layers = calloc(layers->n, sizeof *q->layers)))
        goto fail;
    int in = q->input_size;
    for (size_t i = 0; i < layers->n; i++) {
        const qn_node_t *ln = layers->items[i];
        q->n_layers = (int)i + 1;
        if (ln->kind != QN_NODE_MAP) {
            qn_error_at(path, ln->mark, "layer %zu must be a mapping of keys", i);
            break;
        }
        if (!load_layer(&ld, ln, &q->layers[i], in, per_channel, q->mode) &&
            q->layers[i].out == 0)
            break;
        in = q->layers[i].out;
    }
    for (int i = 0; i < q->n_layers; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(q->layers[i].name, "?") &&
                !strcmp(q->layers[i].name, q->layers[j].name))
                qn_error_at(path, q->layers[i].mark, "layer name '%s' is used "
                            "twice; layer names must be unique", q->layers[i].name);
    if (qn_error_count() != errors)
        goto fail;
    qn_npz_close(ld.npz);
    qn_node_free(root);
    free(dir);
    return q;
fail:
    qn_npz_close(ld.npz);
    qn_node_free(root);
    free(dir);
    qn_qspec_free(q);
    return NULL;
}

void qn_qspec_free(qn_qspec_t *q)
{
    if (!q)
        return;
    for (int i = 0; i < q->n_layers; i++) {
        qn_qlayer_t *L = &q->layers[i];
        free(L->name);
        free(L->w);
        free(L->b);
        free(L->w_name);
        free(L->b_name);
        free(L->given_scale);
        free(L->acc_bits);
        free(L->lanes);
        free(L->simd);
        free(L->wq);
        free(L->bq);
        free(L->scale);
        free(L->m_real);
        free(L->shift);
        free(L->mult);
    }
    free(q->layers);
    free(q->calib);
    free(q->name);
    free(q);
}
