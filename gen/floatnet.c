/* floatnet.c - the float network of qnngen-yaml(5), QUANTIZATION step 9:
 * double precision, index order, no quantization.  Calibration and
 * `qnngen run --float` both use it. */
#include "quantize.h"

void qn_float_dense(const double *w, const double *b, int out, int in,
                    const double *x, double *y, bool relu)
{
    for (int j = 0; j < out; j++) {
        double acc = b ? b[j] : 0.0;
        const double *row = w + (size_t)j * (size_t)in;
        for (int i = 0; i < in; i++)
            acc += row[i] * x[i];
        y[j] = relu && !(acc > 0.0) ? 0.0 : acc;
    }
}

int qn_argmax_f(const double *v, int n)
{
    int best = 0;
    for (int k = 1; k < n; k++)
        if (v[k] > v[best])
            best = k;
    return best;
}

int qn_argmax_i(const int64_t *v, int n)
{
    int best = 0;
    for (int k = 1; k < n; k++)
        if (v[k] > v[best])
            best = k;
    return best;
}
