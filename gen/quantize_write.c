/* quantize_write.c - the format-1 network `qnngen quantize` writes: the
 * YAML with its scales under `meta.quantize`, and one .npz with the integer
 * arrays and, as `float.NAME`, copies of the float arrays, so the written
 * network alone is enough for `qnngen run --float`.  Reals are printed
 * with 17 significant digits: they read back as the same doubles. */
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "quantize.h"


static bool all_equal(const int64_t *v, int n)
{
    for (int j = 1; j < n; j++)
        if (v[j] != v[0])
            return false;
    return true;
}

/* Per-channel arrays are written when the scales are per channel (even if
 * the values happen to agree), so the form follows the request. */
static bool per_channel_out(const qn_qlayer_t *L)
{
    return L->per_channel || !all_equal(L->shift, L->out) || !all_equal(L->mult, L->out);
}

/* A YAML double-quoted scalar. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int qn_quantize_write_yaml(FILE *f, const qn_qspec_t *q, const char *npz_name)
{
    fprintf(f, "# Written by qnngen quantize from %s (qnngen-yaml(5), "
               "QUANTIZATION).\n# Edit the float network and quantize again "
               "rather than editing this file.\n", q->path);
    fprintf(f, "qnngen: 1\nname: %s\nweights: %s\n", q->name, npz_name);
    fprintf(f, "input: {size: %d, bits: %d, signed: %s}\n", q->input_size,
            q->input_type.bits, q->input_type.is_signed ? "true" : "false");
    if (q->in_per_beat || q->out_per_beat) {
        fprintf(f, "io:\n");
        if (q->in_per_beat)
            fprintf(f, "  in_per_beat: %d\n", q->in_per_beat);
        if (q->out_per_beat)
            fprintf(f, "  out_per_beat: %d\n", q->out_per_beat);
    }
    fprintf(f, "layers:\n");
    for (int l = 0; l < q->n_layers; l++) {
        const qn_qlayer_t *L = &q->layers[l];
        bool pc = per_channel_out(L);
        fprintf(f, "  - name: %s\n    type: dense\n    out: %d\n", L->name, L->out);
        fprintf(f, "    weight: %s.weight\n", L->name);
        if (L->write_bias)
            fprintf(f, "    bias: %s.bias\n    bias_bits: 32\n", L->name);
        fprintf(f, "    weight_bits: %d\n", L->weight_bits);
        if (pc)
            fprintf(f, "    shift: %s.shift\n", L->name);
        else
            fprintf(f, "    shift: %lld\n", (long long)L->shift[0]);
        if (q->mode == QN_QMODE_MULTIPLIER) {
            if (pc)
                fprintf(f, "    multiplier: %s.multiplier\n", L->name);
            else
                fprintf(f, "    multiplier: %lld\n", (long long)L->mult[0]);
            fprintf(f, "    multiplier_bits: %d\n", q->multiplier_bits);
        }
        fprintf(f, "    rounding: %s\n", qn_rounding_names[L->rounding]);
        fprintf(f, "    activation: %s\n", L->activation == QN_ACT_RELU ? "relu" : "none");
        fprintf(f, "    out_bits: %d\n    out_signed: %s\n", L->out_bits,
                L->out_signed ? "true" : "false");
        if (L->acc_bits)
            fprintf(f, "    acc_bits: %s\n", L->acc_bits);
        if (L->lanes)
            fprintf(f, "    lanes: %s\n", L->lanes);
        if (L->simd)
            fprintf(f, "    simd: %s\n", L->simd);
        fprintf(f, "    meta:\n      quantize:\n");
        fprintf(f, "        float_weight: float.%s.weight\n", L->name);
        if (L->b)
            fprintf(f, "        float_bias: float.%s.bias\n", L->name);
        fprintf(f, "        float_weight_source: ");
        put_quoted(f, L->w_name);
        if (L->b) {
            fprintf(f, "\n        float_bias_source: ");
            put_quoted(f, L->b_name);
        }
        fputc('\n', f);
        fprintf(f, "        input_scale: %.17g\n", L->in_scale);
        fprintf(f, "        input_zero_point: %lld\n", (long long)L->in_zero_point);
        if (L->per_channel) {
            fprintf(f, "        weight_scale: %s.weight_scale\n", L->name);
            fprintf(f, "        real_multiplier: %s.real_multiplier\n", L->name);
        } else {
            fprintf(f, "        weight_scale: %.17g\n", L->scale[0]);
            fprintf(f, "        real_multiplier: %.17g\n", L->m_real[0]);
        }
        fprintf(f, "        output_range: [%.17g, %.17g]\n", L->range_lo, L->range_hi);
        fprintf(f, "        output_scale: %.17g\n", L->out_scale);
        fprintf(f, "        output_zero_point: %lld\n", (long long)L->out_zero_point);
    }
    fprintf(f, "meta:\n  quantize:\n");
    fprintf(f, "    mode: %s\n", q->mode == QN_QMODE_SHIFT ? "shift" : "multiplier");
    if (q->mode == QN_QMODE_SHIFT)
        fprintf(f, "    shift_rule: %s\n", q->shift_rule == QN_SHIFT_FLOOR ? "floor"
                                      : q->shift_rule == QN_SHIFT_CEIL ? "ceil" : "nearest");
    else
        fprintf(f, "    multiplier_bits: %d\n", q->multiplier_bits);
    fprintf(f, "    float_weights: %s\n", npz_name);
    fprintf(f, "    input_scale: %.17g\n", q->input_scale);
    fprintf(f, "    input_zero_point: %lld\n", (long long)q->input_zero_point);
    fprintf(f, "    input_range: [%.17g, %.17g]\n", q->input_lo, q->input_hi);
    return !ferror(f);
}

int qn_quantize_write_npz(const qn_qspec_t *q, const char *npz_path)
{
    qn_npz_writer_t *w = qn_npz_writer_new();
    int ok = w != NULL;
    char name[300];
    for (int l = 0; ok && l < q->n_layers; l++) {
        const qn_qlayer_t *L = &q->layers[l];
        size_t wshape[2] = { (size_t)L->out, (size_t)L->in }, vshape[1] = { (size_t)L->out };
        bool pc = per_channel_out(L);
        snprintf(name, sizeof name, "%s.weight", L->name);
        ok = qn_npz_add_i64(w, name, L->wq, 2, wshape);
        if (ok && L->write_bias) {
            snprintf(name, sizeof name, "%s.bias", L->name);
            ok = qn_npz_add_i64(w, name, L->bq, 1, vshape);
        }
        if (ok && pc) {
            snprintf(name, sizeof name, "%s.shift", L->name);
            ok = qn_npz_add_i64(w, name, L->shift, 1, vshape);
        }
        if (ok && pc && q->mode == QN_QMODE_MULTIPLIER) {
            snprintf(name, sizeof name, "%s.multiplier", L->name);
            ok = qn_npz_add_i64(w, name, L->mult, 1, vshape);
        }
        if (ok && L->per_channel) {
            snprintf(name, sizeof name, "%s.weight_scale", L->name);
            ok = qn_npz_add_f64(w, name, L->scale, 1, vshape);
            snprintf(name, sizeof name, "%s.real_multiplier", L->name);
            ok = ok && qn_npz_add_f64(w, name, L->m_real, 1, vshape);
        }
        snprintf(name, sizeof name, "float.%s.weight", L->name);
        ok = ok && qn_npz_add_f64(w, name, L->w, 2, wshape);
        if (ok && L->b) {
            snprintf(name, sizeof name, "float.%s.bias", L->name);
            ok = qn_npz_add_f64(w, name, L->b, 1, vshape);
        }
    }
    ok = ok && qn_npz_writer_save(w, npz_path);
    qn_npz_writer_free(w);
    return ok;
}
