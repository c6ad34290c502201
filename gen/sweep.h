/* sweep.h - the results of `qnngen sweep` and how they are written:
 * DIR/sweep.md (Markdown tables), DIR/sweep.json and DIR/sweep.svg (the
 * quantized accuracy, or without labels the last layer's mean error,
 * against LUTs).
 *
 * Ownership: a qn_sweep_t owns its strings and rows (qn_sweep_free()).
 */
#ifndef QN_SWEEP_H
#define QN_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "synthrun.h"

/* One weight width. */
typedef struct qn_sweep_row {
    int bits;              /* weight width of every layer */
    bool quantized;        /* quantize and the comparison ran */
    bool generated;        /* the design was generated */
    int n_vectors;         /* input vectors compared */
    bool has_accuracy;     /* labels were given */
    double acc_float;      /* % of vectors the float network gets right */
    double acc_quant;      /* % the integer network gets right */
    double *max_err;       /* [n_layers] largest |dequantized - float| */
    double *mean_err;      /* [n_layers] mean |dequantized - float| */
    long weight_bits_total; /* bits of all weights */
    qn_synth_figures_t fig; /* Yosys / nextpnr figures */
} qn_sweep_row_t;

typedef struct qn_sweep {
    char *name;            /* the network's name */
    int n_layers;
    char **layer_names;    /* [n_layers] */
    int n_rows;
    qn_sweep_row_t *rows;  /* [n_rows], in the order of --bits */
    bool synth;            /* Yosys ran */
    bool ice40;            /* iCE40 place and route ran */
} qn_sweep_t;

/* Writes DIR/sweep.md, DIR/sweep.json and DIR/sweep.svg, each whole (a
 * temporary renamed into place), and prints the Markdown to `echo` when
 * not NULL.  Returns 1, or 0 after reporting. */
int qn_sweep_write(const qn_sweep_t *s, const char *dir, FILE *echo);

void qn_sweep_free(qn_sweep_t *s);

/* `qnngen sweep` */
int qn_cmd_sweep(int argc, char **argv);

#endif /* QN_SWEEP_H */
