/* estimate.h - what a network's hardware costs, before any synthesis.
 *
 * Computed from the IR alone (widths, lanes, simd, weight counts) with a
 * simple per-structure model of the generated design: products, adder
 * tree and accumulator of every lane, requantizer, sequencer, the input
 * and result registers, and the lane memories' block RAMs.  The figures
 * are for Yosys' mapping (synth_xilinx for 7-series, synth_ice40); the
 * BRAM counts follow the block shapes those flows use and are exact for
 * memories they map to block RAM, the logic figures are approximate
 * (`make bench` prints the estimate beside Yosys' numbers).
 *
 * Ownership: qn_estimate_t owns its layer array (qn_estimate_free()).
 */
#ifndef QN_ESTIMATE_H
#define QN_ESTIMATE_H

#include <stdio.h>

#include "ir.h"

/* The cost of one layer, or of a whole design. */
typedef struct qn_cost {
    long lut;       /* 7-series LUTs (LUT1..LUT6) */
    long ff;        /* 7-series flip-flops */
    long bram18;    /* RAMB18 equivalents: a RAMB36 counts 2 */
    long dsp;       /* DSP48E1 */
    long ice40_lc;  /* iCE40 logic cells (a LUT4 and its flip-flop) */
    long ice40_ram; /* iCE40 SB_RAM40_4K blocks */
    long cycles;    /* compute cycles, G*K (spec 5); for a design the sum */
} qn_cost_t;

typedef struct qn_estimate {
    int n_layers;
    qn_cost_t *layer;      /* [n_layers] */
    qn_cost_t io;          /* stream interfaces and hand-over control */
    qn_cost_t total;       /* layers + io */
    long *lane_bram18;     /* [n_layers]: RAMB18 equivalents of one lane */
    long *lane_ice40_ram;  /* [n_layers]: SB_RAM40_4K blocks of one lane */
    int io_pins;           /* top-level port bits */
    const char *ice40_device;  /* "hx8k" or "up5k": the part it fits */
    const char *ice40_package; /* "ct256" or "sg48" */
    int ice40_fits;        /* 1 when the estimate fits ice40_device */
} qn_estimate_t;

/* RAMB18 equivalents Yosys' synth_xilinx uses for one DEPTH x WIDTH ROM:
 * the cheaper of RAMB18 (1024x18 .. 512x36) and RAMB36 (1024x36 ..
 * 512x72) tilings.  0 for an empty memory. */
long qn_bram18_for(long depth, long width);
/* SB_RAM40_4K blocks synth_ice40 uses for one DEPTH x WIDTH ROM (the
 * cheapest of 256x16, 512x8, 1024x4, 2048x2). */
long qn_ice40_ram_for(long depth, long width);

/* Fills `e` for `net`.  Returns 1, or 0 when out of memory. */
int qn_estimate_network(const qn_network_t *net, qn_estimate_t *e);
void qn_estimate_free(qn_estimate_t *e);

/* The per-layer table that `check` and `generate` print. */
void qn_estimate_print(FILE *f, const qn_network_t *net,
                       const qn_estimate_t *e);

#endif /* QN_ESTIMATE_H */
