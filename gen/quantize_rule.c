/* quantize_rule.c - the arithmetic of qnngen-yaml(5), QUANTIZATION, one
 * function per step.  Double precision, one operation at a time, every
 * rounding nearbyint() in the default mode (ties to even); python/qnntrain
 * computes the same operations with numpy and must agree bit for bit. */
#include <math.h>

#include "quantize.h"

double qn_q_max_abs(const double *v, size_t n)
{
    double a = 0.0;
    for (size_t k = 0; k < n; k++)
        if (fabs(v[k]) > a)
            a = fabs(v[k]);
    return a;
}

int64_t qn_q_weight(double w, double s, int64_t qmax)
{
    double r = nearbyint(w / s);
    if (r > (double)qmax)
        return qmax;
    if (r < -(double)qmax)
        return -qmax;
    return (int64_t)r;
}

void qn_q_weight_scales(const double *w, int out, int in, int bits,
                        bool per_channel, double *scale)
{
    double qmax = (double)((INT64_C(1) << (bits - 1)) - 1);
    double a = qn_q_max_abs(w, (size_t)out * (size_t)in);
    double tensor = a > 0.0 ? a / qmax : 1.0;
    for (int j = 0; j < out; j++) {
        double aj = per_channel ? qn_q_max_abs(w + (size_t)j * in, (size_t)in) : a;
        scale[j] = aj > 0.0 ? aj / qmax : tensor;
    }
}

void qn_q_snap_scales(double *scale, int out)
{
    double top = 0.0;
    for (int j = 0; j < out; j++)
        if (scale[j] > top)
            top = scale[j];
    for (int j = 0; j < out; j++) {
        int k = 0;
        while (k < 62 && ldexp(top, -(k + 1)) >= scale[j])
            k++;
        scale[j] = ldexp(top, -k);
    }
}

void qn_q_input_params(double lo, double hi, qn_int_type_t t, double *scale,
                       int64_t *zero_point)
{
    int64_t qmin = qn_int_type_min(t), qmax = qn_int_type_max(t);
    *scale = (hi - lo) / (double)(qmax - qmin);
    double z = (double)qmin - nearbyint(lo / *scale);
    *zero_point = z < (double)qmin ? qmin : z > (double)qmax ? qmax : (int64_t)z;
}

int64_t qn_q_input(double x, double scale, int64_t zero_point, qn_int_type_t t)
{
    double qmin = (double)qn_int_type_min(t), qmax = (double)qn_int_type_max(t);
    double v = nearbyint(x / scale) + (double)zero_point;
    return v < qmin ? (int64_t)qmin : v > qmax ? (int64_t)qmax : (int64_t)v;
}

int qn_q_shift(double m_real, qn_shift_rule_t rule)
{
    int e;
    double f = frexp(m_real, &e);
    if (rule == QN_SHIFT_FLOOR)
        return f == 0.5 ? 1 - e : -e;
    if (rule == QN_SHIFT_CEIL)
        return 1 - e;
    return f < 0.70710678118654757 ? 1 - e : -e;
}

void qn_q_multiplier(double m_real, int bits, int64_t *m, int *shift)
{
    int e;
    double f = frexp(m_real, &e);
    *m = (int64_t)nearbyint(ldexp(f, bits - 1));
    *shift = bits - 1 - e;
    if (*m == (INT64_C(1) << (bits - 1))) {
        *m = INT64_C(1) << (bits - 2);
        *shift -= 1;
    }
}
