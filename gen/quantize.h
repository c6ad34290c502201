/* quantize.h - `qnngen quantize`: a float network to a format-1 network,
 * by the rule of qnngen-yaml(5), QUANTIZATION.
 *
 *   quantize_rule.c   the rule's arithmetic, one function per step
 *   quantize_spec.c   reads FLOAT.yaml: keys, the quantization sections,
 *                     the float arrays, the calibration vectors
 *   quantize_net.c    calibrates and computes every integer and scale
 *   quantize_write.c  writes the YAML and the .npz
 *   floatnet.c        the float network (calibration, `run --float`)
 *   cmd_quantize.c    the command: temporaries, validation, rename
 *
 * Ownership: a qn_qspec_t owns its layers and their arrays, and the
 * results qn_quantize_compute() fills in; qn_qspec_free() releases it all.
 */
#ifndef QN_QUANTIZE_H
#define QN_QUANTIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir.h"
#include "node.h"

typedef enum qn_qmode { QN_QMODE_SHIFT, QN_QMODE_MULTIPLIER } qn_qmode_t;
typedef enum qn_shift_rule { QN_SHIFT_NEAREST, QN_SHIFT_FLOOR, QN_SHIFT_CEIL } qn_shift_rule_t;

/* ---- the rule (quantize_rule.c) ---------------------------------------- */

/* Largest |v| of n values (0 for none). */
double qn_q_max_abs(const double *v, size_t n);
/* Step 2: clamp(nearbyint(w / s), -qmax, qmax). */
int64_t qn_q_weight(double w, double s, int64_t qmax);
/* Step 1: scale[j] for out rows of `in` weights; per tensor all equal. */
void qn_q_weight_scales(const double *w, int out, int in, int bits,
                        bool per_channel, double *scale);
/* Step 3: scale[j] := ldexp(max scale, -k[j]) (shift mode, per channel). */
void qn_q_snap_scales(double *scale, int out);
/* Step 4: input scale and zero point of range [lo, hi] (already widened
 * to hold 0) for type t; and one element. */
void qn_q_input_params(double lo, double hi, qn_int_type_t t, double *scale,
                       int64_t *zero_point);
int64_t qn_q_input(double x, double scale, int64_t zero_point, qn_int_type_t t);
/* Step 7: shift of a real multiplier M > 0 (may fall outside 0..62: the
 * caller checks), and multiplier mode's m and shift. */
int qn_q_shift(double m_real, qn_shift_rule_t rule);
void qn_q_multiplier(double m_real, int bits, int64_t *m, int *shift);

/* ---- the float network (floatnet.c) ------------------------------------- */

/* y[j] = b[j] + sum_i w[j][i] * x[i] in index order (b may be NULL), then
 * relu when asked. */
void qn_float_dense(const double *w, const double *b, int out, int in,
                    const double *x, double *y, bool relu);
/* Index of the largest of n values, the first on ties. */
int qn_argmax_f(const double *v, int n);
int qn_argmax_i(const int64_t *v, int n);

/* ---- the float network description and its results ----------------------- */

typedef struct qn_qlayer {
    char *name;
    qn_mark_t mark;             /* the layer's mapping */
    int in, out;
    double *w;                  /* [out * in] */
    double *b;                  /* [out], or NULL when there is no bias */
    char *w_name, *b_name;      /* the references as written, for meta */
    int weight_bits, out_bits;
    qn_activation_t activation;
    qn_rounding_t rounding;
    bool per_channel;           /* one weight scale per output neuron */
    double *given_scale;        /* [out] given weight_scale, or NULL */
    qn_mark_t scale_mark;
    bool has_range;
    double range_lo, range_hi;  /* given or calibrated real output range */
    bool zero_point;            /* asymmetric output (activation none, shift mode) */
    qn_mark_t zero_point_mark;
    char *acc_bits, *lanes, *simd; /* passed through as written, or NULL */

    /* Results, filled by qn_quantize_compute(). */
    int64_t *wq;                /* [out * in] */
    int64_t *bq;                /* [out] */
    bool write_bias;            /* a bias array is written */
    double *scale;              /* [out] weight scales used */
    double *m_real;             /* [out] real multipliers M[j] */
    int64_t *shift;             /* [out] */
    int64_t *mult;              /* [out] (multiplier mode) */
    double in_scale;            /* s_x */
    int64_t in_zero_point;      /* z_x */
    double out_scale;           /* the output scale the next layer takes */
    int64_t out_zero_point;     /* and its zero point (0 unless zero_point) */
    bool out_signed;
} qn_qlayer_t;

typedef struct qn_qspec {
    const char *path;           /* FLOAT.yaml as named */
    char *name;
    int input_size;
    qn_int_type_t input_type;
    int in_per_beat, out_per_beat; /* 0 when not given */
    qn_qmode_t mode;
    int multiplier_bits;
    qn_shift_rule_t shift_rule;
    qn_mark_t quant_mark;       /* the quantization mapping */
    bool has_input_range;
    double input_lo, input_hi;
    double *calib;              /* [n_calib * input_size], or NULL */
    int n_calib;
    qn_mark_t calib_mark;
    int n_layers;
    qn_qlayer_t *layers;

    /* Results. */
    double input_scale;
    int64_t input_zero_point;
} qn_qspec_t;

/* Reads and checks FLOAT.yaml; NULL after reporting every problem. */
qn_qspec_t *qn_qspec_load(const char *path);
/* Calibrates what has no given range, then computes every scale and
 * integer; returns 0 after reporting (a shift out of range, say). */
int qn_quantize_compute(qn_qspec_t *q);
/* Writes the YAML (naming `npz_name` as its weights) and the .npz. */
int qn_quantize_write_yaml(FILE *f, const qn_qspec_t *q, const char *npz_name);
int qn_quantize_write_npz(const qn_qspec_t *q, const char *npz_path);
void qn_qspec_free(qn_qspec_t *q);

#endif /* QN_QUANTIZE_H */
