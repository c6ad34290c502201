/* ir.h - the validated network: the one representation that the reference
 * model and every emitter read.
 *
 * Built once by qn_network_load() (netload.c) from a format-1 YAML file and
 * its arrays; nothing after the loader touches YAML or array files.
 *
 * Ownership: a qn_network_t owns everything reachable from it (layers, their
 * arrays, names, meta trees).  qn_network_free() releases it all and takes
 * NULL.
 */
#ifndef QN_IR_H
#define QN_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"

/* Rounding of the requantizing right shift (spec section 3, step 3). */
typedef enum qn_rounding {
    QN_ROUND_FLOOR,     /* floor(r): plain arithmetic shift */
    QN_ROUND_HALF_UP,   /* floor(r + 1/2) */
    QN_ROUND_HALF_EVEN, /* nearest, ties to even */
    QN_ROUND_HALF_AWAY  /* nearest, ties away from zero */
} qn_rounding_t;

typedef enum qn_activation {
    QN_ACT_NONE,
    QN_ACT_RELU
} qn_activation_t;

/* The YAML spellings of the two enums above, by value; NULL-terminated. */
extern const char *const qn_rounding_names[];
extern const char *const qn_activation_names[];

/* Where the weights of a layer live in hardware (`weight_store`). */
typedef enum qn_weight_store {
    QN_STORE_BRAM, /* one inferred or IP block RAM per lane (default) */
    QN_STORE_LUT   /* constants in logic: synthesis can simplify the products */
} qn_weight_store_t;

/* How a layer's products are built (`mac`). */
typedef enum qn_mac_style {
    QN_MAC_AUTO, /* the synthesis tool chooses (default) */
    QN_MAC_DSP,  /* multipliers marked use_dsp = "yes" */
    QN_MAC_LUT   /* shift-add products in logic, marked use_dsp = "no" */
} qn_mac_style_t;

/* An integer type: the range of an input element or a layer output. */
typedef struct qn_int_type {
    int bits;       /* 1..32 */
    bool is_signed; /* two's complement when true */
} qn_int_type_t;

/* Least and greatest value of a type: [-2^(b-1), 2^(b-1)-1] or [0, 2^b-1]. */
int64_t qn_int_type_min(qn_int_type_t t);
int64_t qn_int_type_max(qn_int_type_t t);

/* One dense layer.  Arrays are indexed by output neuron j in [0, out) and
 * input element i in [0, in). */
typedef struct qn_layer {
    char *name;          /* Verilog identifier, unique in the network */
    qn_mark_t mark;      /* where the layer's mapping starts in the YAML */
    int index;           /* position in the network, from 0 */

    int in;              /* input elements (previous layer's out) */
    int out;             /* output neurons */
    qn_int_type_t x_type; /* type of every input element */

    int weight_bits;     /* 1..16; 1 means binary, values -1/+1 */
    int16_t *weight;     /* [out * in], row-major [j][i]; binary stored -1/+1 */

    int bias_bits;       /* signed width of every bias value, 1..32 */
    int bias_shift;      /* bias enters as bias * 2^bias_shift, 0..31 */
    int64_t *bias;       /* [out], raw values; all zero when absent */
    bool has_bias;       /* false when the YAML gave no bias */

    bool has_multiplier;         /* false: m = 1 everywhere */
    bool multiplier_per_channel; /* true when given as an array */
    int multiplier_bits;         /* 2..32 */
    int64_t *multiplier;         /* [out]; all 1 when !has_multiplier */

    bool shift_per_channel;      /* true when given as an array */
    int *shift;                  /* [out], 0..62 */
    int shift_max;               /* largest entry of shift[] */

    qn_rounding_t rounding;
    qn_activation_t activation;
    qn_int_type_t out_type;      /* out_bits / out_signed */

    int acc_bits;        /* accumulator width used: given, or the proven least */
    bool acc_bits_auto;  /* true when acc_bits was `auto` */
    int acc_bits_needed; /* least width that holds every acc[j] and p[j] */
    int64_t *acc_min, *acc_max; /* [out]: exact bounds of acc[j] */
    int64_t *p_min, *p_max;     /* [out]: exact bounds of p[j] = acc[j]*m[j] */

    /* Hardware only: never change a computed integer. */
    int lanes;           /* output neurons in parallel, 1..out (clamped) */
    int simd;            /* input elements per lane per cycle, 1..in (clamped) */
    qn_weight_store_t weight_store; /* `weight_store`: bram (default) or lut */
    qn_mac_style_t mac;             /* `mac`: auto (default), dsp or lut */

    qn_node_t *meta;     /* the layer's `meta` tree as given, or NULL */
} qn_layer_t;

/* The network. */
typedef struct qn_network {
    char *name;          /* Verilog identifier prefix */
    char *source_path;   /* the YAML file as named on the command line */
    char *source_dir;    /* its directory, for relative array paths */
    int format;          /* always 1 */

    int input_size;      /* elements per input vector */
    qn_int_type_t input_type;

    int in_per_beat;     /* AXI4-Stream packing, elements per input beat */
    int out_per_beat;    /* elements per output beat */

    int n_layers;
    qn_layer_t *layers;  /* [n_layers] */

    qn_node_t *meta;     /* network-level `meta`, or NULL */
} qn_network_t;

/* Output type of the network (the last layer's). */
qn_int_type_t qn_network_output_type(const qn_network_t *net);
int qn_network_output_size(const qn_network_t *net);

/* Compute cycles of a layer: ceil(out/lanes) * ceil(in/simd) (spec 5). */
long qn_layer_compute_cycles(const qn_layer_t *layer);
/* Ceil-divide helper used by the cycle figures. */
long qn_ceil_div(long a, long b);

void qn_network_free(qn_network_t *net);

#endif /* QN_IR_H */
