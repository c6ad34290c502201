/* synthrun.h - synthesis of a generated design folder for `qnngen sweep`,
 * through the folder's own Makefile: `make synth` (Yosys synth_xilinx) and,
 * when qnngen's estimate says the design fits an iCE40 part,
 * `make synth-ice40` (synth_ice40 + nextpnr-ice40); both end in
 * `qnngen report`, whose report.json gives the figures (read with the YAML
 * reader: JSON is YAML).
 */
#ifndef QN_SYNTHRUN_H
#define QN_SYNTHRUN_H

#include <stdbool.h>

typedef struct qn_synth_figures {
    bool xc7_ok;          /* make synth succeeded and report.json was read */
    long lut, ff, carry;  /* xc7 totals: LUT1..6 + INV, FD*E, CARRY4 */
    long ramb18, ramb36;  /* RAMB18E1, RAMB36E1 */
    long dsp;             /* DSP48E1 */
    bool ice40_tried;     /* the estimate said it fits, so P&R ran */
    bool ice40_fits;      /* nextpnr placed and routed it */
    char ice40_device[16]; /* "hx8k", "up5k", or "" */
    double fmax_mhz;      /* nextpnr's achieved clock when it fits */
} qn_synth_figures_t;

/* Runs make in `dir` with QNNGEN=`qnngen` (this program), logging to
 * dir/synth/sweep_make.log.  Returns 1 with the figures (xc7_ok false when
 * synthesis failed: see the log), or 0 after reporting when make could not
 * be started. */
int qn_synth_run(const char *dir, const char *qnngen, bool ice40,
                 qn_synth_figures_t *fig);

#endif /* QN_SYNTHRUN_H */
