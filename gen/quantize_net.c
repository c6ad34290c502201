/* quantize_net.c - calibration and the integers and scales of every layer,
 * following qnngen-yaml(5), QUANTIZATION, steps 1 to 7 in order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "quantize.h"

/* Runs the float network over the calibration vectors, keeping every
 * layer's least and greatest output, for layers without a given range. */
static int calibrate(qn_qspec_t *q)
{
    int widest = q->input_size;
    for (int l = 0; l < q->n_layers; l++)
        if (q->layers[l].out > widest)
            widest = q->layers[l].out;
    double *a = malloc((size_t)widest * sizeof *a), *b = malloc((size_t)widest * sizeof *b);
    double *lo = calloc((size_t)q->n_layers, sizeof *lo), *hi = calloc((size_t)q->n_layers, sizeof *hi);
    if (!a || !b || !lo || !hi) {
        free(a), free(b), free(lo), free(hi);
        qn_error_at(q->path, (qn_mark_t){0, 0}, "out of memory");
        return 0;
    }
    for (int v = 0; v < q->n_calib; v++) {
        memcpy(a, q->calib + (size_t)v * q->input_size, (size_t)q->input_size * sizeof *a);
        for (int l = 0; l < q->n_layers; l++) {
            qn_qlayer_t *L = &q->layers[l];
            qn_float_dense(L->w, L->b, L->out, L->in, a, b, L->activation == QN_ACT_RELU);
            for (int j = 0; j < L->out; j++) {
                if ((v == 0 && j == 0) || b[j] < lo[l])
                    lo[l] = b[j];
                if ((v == 0 && j == 0) || b[j] > hi[l])
                    hi[l] = b[j];
            }
            double *t = a;
            a = b;
            b = t;
        }
    }
    for (int l = 0; l < q->n_layers; l++)
        if (!q->layers[l].has_range) {
            q->layers[l].range_lo = lo[l];
            q->layers[l].range_hi = hi[l];
        }
    if (!q->has_input_range) {
        size_t n = (size_t)q->n_calib * (size_t)q->input_size;
        q->input_lo = q->input_hi = q->calib[0];
        for (size_t k = 1; k < n; k++) {
            if (q->calib[k] < q->input_lo)
                q->input_lo = q->calib[k];
            if (q->calib[k] > q->input_hi)
                q->input_hi = q->calib[k];
        }
    }
    free(a), free(b), free(lo), free(hi);
    return 1;
}

static int alloc_results(qn_qlayer_t *L)
{
    size_t out = (size_t)L->out;
    L->wq = malloc(out * (size_t)L->in * sizeof *L->wq);
    L->bq = calloc(out, sizeof *L->bq);
    L->scale = malloc(out * sizeof *L->scale);
    L->m_real = malloc(out * sizeof *L->m_real);
    L->shift = malloc(out * sizeof *L->shift);
    L->mult = malloc(out * sizeof *L->mult);
    return L->wq && L->bq && L->scale && L->m_real && L->shift && L->mult;
}

/* Steps 1 to 7 for one layer whose input has scale s_x, zero point z_x. */
static int quantize_layer(const qn_qspec_t *q, qn_qlayer_t *L, double s_x,
                          int64_t z_x)
{
    int errors = qn_error_count();
    if (!alloc_results(L)) {
        qn_error_at(q->path, L->mark, "out of memory");
        return 0;
    }
    int64_t qmax = (INT64_C(1) << (L->weight_bits - 1)) - 1;
    if (L->given_scale)
        memcpy(L->scale, L->given_scale, (size_t)L->out * sizeof *L->scale);
    else
        qn_q_weight_scales(L->w, L->out, L->in, L->weight_bits, L->per_channel,
                           L->scale);
    if (q->mode == QN_QMODE_SHIFT && L->per_channel)
        qn_q_snap_scales(L->scale, L->out);
    L->in_scale = s_x;
    L->in_zero_point = z_x;
    L->write_bias = L->b != NULL || z_x != 0;

    /* Step 6: the target output scale. */
    double lo = L->range_lo, hi = L->range_hi, t;
    L->out_signed = L->activation != QN_ACT_RELU;
    if (L->zero_point) {
        lo = lo < 0.0 ? lo : 0.0;
        hi = hi > 0.0 ? hi : 0.0;
        t = (hi - lo) / (double)((INT64_C(1) << L->out_bits) - 1);
    } else if (L->out_signed) {
        double a = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
        t = a / (double)((INT64_C(1) << (L->out_bits - 1)) - 1);
    } else {
        t = hi / (double)((INT64_C(1) << L->out_bits) - 1);
    }
    if (!(t > 0.0)) {
        qn_error_at(q->path, L->mark, "layer '%s': its output range [%g, %g] "
                    "gives no scale; give `quantization: {range: [lo, hi]}` "
                    "or calibration vectors that reach it", L->name, lo, hi);
        return 0;
    }

    int top = 0; /* the row with the largest scale names the layer's output scale */
    for (int j = 0; j < L->out; j++) {
        const double *w = L->w + (size_t)j * L->in;
        int64_t *wq = L->wq + (size_t)j * L->in;
        int64_t row_sum = 0;
        for (int i = 0; i < L->in; i++) {
            wq[i] = qn_q_weight(w[i], L->scale[j], qmax);
            row_sum += wq[i];
        }
        double s_acc = s_x * L->scale[j];
        double b = L->b ? nearbyint(L->b[j] / s_acc) : 0.0;
        double folded = b - (double)z_x * (double)row_sum;
        if (!(fabs(b) <= 2147483647.0) || !(fabs(folded) <= 2147483647.0)) {
            qn_error_at(q->path, L->mark, "layer '%s': bias[%d] = %g is %g "
                        "accumulator units, outside 32 bits; the weights or the "
                        "input scale are too small for it", L->name, j,
                        L->b ? L->b[j] : 0.0, folded);
            return 0;
        }
        L->bq[j] = (int64_t)b - z_x * row_sum;
        L->m_real[j] = s_acc / t;
        int shift;
        if (q->mode == QN_QMODE_SHIFT) {
            shift = qn_q_shift(L->m_real[j], q->shift_rule);
            /* M > 1 asks for a left shift: per tensor, the accumulator
             * itself is the output (exact, and it fits: t < s_acc). */
            if (shift < 0 && !L->per_channel)
                shift = 0;
            L->mult[j] = 1;
        } else {
            qn_q_multiplier(L->m_real[j], q->multiplier_bits, &L->mult[j], &shift);
        }
        if (shift < 0 || shift > 62) {
            qn_error_at(q->path, L->mark, "layer '%s': neuron %d's real "
                        "multiplier %.17g needs a shift of %d, outside 0..62; "
                        "%s", L->name, j, L->m_real[j], shift,
                        shift < 0 ? "widen its output range or use fewer out_bits"
                                  : "narrow its output range or check the weights");
            return 0;
        }
        L->shift[j] = shift;
        if (L->scale[j] > L->scale[top])
            top = j;
    }
    L->out_scale = q->mode == QN_QMODE_SHIFT
                       ? ldexp(s_x * L->scale[top], (int)L->shift[top]) : t;
    if (L->zero_point) {
        /* Step 6 for an asymmetric output: z by the output scale, folded
         * into the bias as z * 2^shift[j], which adds exactly z after the
         * shift whatever the rounding. */
        qn_int_type_t ot = { L->out_bits, true };
        double z = (double)qn_int_type_min(ot) - nearbyint(lo / L->out_scale);
        double zmin = (double)qn_int_type_min(ot), zmax = (double)qn_int_type_max(ot);
        L->out_zero_point = (int64_t)(z < zmin ? zmin : z > zmax ? zmax : z);
        for (int j = 0; j < L->out; j++) {
            double b = (double)L->bq[j] + ldexp((double)L->out_zero_point, (int)L->shift[j]);
            if (!(fabs(b) <= 2147483647.0)) {
                qn_error_at(q->path, L->zero_point_mark, "layer '%s': the output "
                            "zero point %lld folded into bias[%d] takes it "
                            "outside 32 bits", L->name,
                            (long long)L->out_zero_point, j);
                return 0;
            }
            L->bq[j] = (int64_t)b;
        }
    }
    return qn_error_count() == errors;
}

int qn_quantize_compute(qn_qspec_t *q)
{
    int need_calib = !q->has_input_range;
    for (int l = 0; l < q->n_layers; l++)
        need_calib |= !q->layers[l].has_range;
    if (need_calib && !q->calib) {
        for (int l = 0; l < q->n_layers; l++)
            if (!q->layers[l].has_range)
                qn_error_at(q->path, q->layers[l].mark, "layer '%s' has no "
                            "`quantization: {range: [lo, hi]}` and there are no "
                            "calibration vectors; give one or the other",
                            q->layers[l].name);
        if (!q->has_input_range)
            qn_error_at(q->path, q->quant_mark, "no input_range and no "
                        "calibration vectors; add `input_range: [lo, hi]` or "
                        "`calibration: X.npy`");
        return 0;
    }
    if (need_calib && !calibrate(q))
        return 0;
    double lo = q->input_lo < 0.0 ? q->input_lo : 0.0;
    double hi = q->input_hi > 0.0 ? q->input_hi : 0.0;
    if (lo == 0.0 && hi == 0.0)
        hi = 1.0;
    q->input_lo = lo;
    q->input_hi = hi;
    qn_q_input_params(lo, hi, q->input_type, &q->input_scale, &q->input_zero_point);
    double s_x = q->input_scale;
    int64_t z_x = q->input_zero_point;
    for (int l = 0; l < q->n_layers; l++) {
        if (!quantize_layer(q, &q->layers[l], s_x, z_x))
            return 0;
        s_x = q->layers[l].out_scale;
        z_x = q->layers[l].out_zero_point;
    }
    return 1;
}
