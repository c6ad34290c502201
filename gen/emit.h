/* emit.h - the RTL emitters: from the IR to the files of a design folder.
 *
 * Every emitter reads the IR (ir.h) and the generation options, and adds
 * whole files to a qn_outtree_t; nothing is written to disk before
 * qn_outtree_commit().  Output depends only on the IR and the options, so
 * identical input gives byte-identical files.
 *
 * Ownership: a qn_buf_t owns its data until qn_buf_take() hands it over;
 * qn_buf_free() releases it.  qn_design_t borrows the network and owns
 * its trace and vectors (qn_design_free()).
 */
#ifndef QN_EMIT_H
#define QN_EMIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "estimate.h"
#include "ir.h"
#include "refmodel.h"

typedef struct qn_outtree qn_outtree_t; /* outtree.h */

/* ---------------------------------------------------------------------- */
/* A growable text buffer.  Allocation failure is sticky: every later call
 * does nothing and `failed` stays set, so callers check once at the end. */

typedef struct qn_buf {
    char *data;  /* [cap] bytes, NUL-terminated at data[len] when cap > 0 */
    size_t len;  /* bytes in use, excluding the NUL */
    size_t cap;  /* bytes allocated */
    bool failed; /* an allocation failed; the contents are incomplete */
} qn_buf_t;

void qn_buf_init(qn_buf_t *b);
void qn_buf_free(qn_buf_t *b);
/* Makes room for `n` more bytes; returns false (and sets failed) if not. */
bool qn_buf_reserve(qn_buf_t *b, size_t n);
void qn_buf_put(qn_buf_t *b, const char *s, size_t n);
void qn_buf_puts(qn_buf_t *b, const char *s);
void qn_buf_putc(qn_buf_t *b, char c);
void qn_buf_printf(qn_buf_t *b, const char *fmt, ...) QN_PRINTF(2, 3);
void qn_buf_vprintf(qn_buf_t *b, const char *fmt, va_list ap);
/* Hands the data (NUL-terminated, malloc'ed) to the caller; `*len` gets the
 * length.  The buffer is left empty.  NULL when the buffer failed. */
char *qn_buf_take(qn_buf_t *b, size_t *len);

/* ---------------------------------------------------------------------- */
/* SHA-256 (FIPS 180-4), for the manifest. */

/* Writes the digest of data[len] as 64 lowercase hex digits and a NUL. */
void qn_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---------------------------------------------------------------------- */
/* Generation options and the design being generated. */

typedef enum qn_memory_kind {
    QN_MEMORY_INFERRED, /* qn_weight_mem: RAM inferred by every tool */
    QN_MEMORY_XILINX_IP /* one blk_mem_gen instance per lane, with stand-ins */
} qn_memory_kind_t;

typedef struct qn_gen_options {
    qn_memory_kind_t memory; /* how the lane weight memories are built */
    bool ram_distributed;    /* RAM_STYLE "distributed" instead of "block" */
    bool trace;              /* the testbench checks every layer */
    const char *part;        /* Vivado part of vivado/build.tcl */
    double clock_ns;         /* clock period of vivado/<net>.xdc, ns */
    const char *input_path;  /* --input X.npy/.csv, or NULL for random */
    int n_vectors;           /* vectors to simulate (>= 1) */
    uint64_t seed;           /* seed of the random vectors */
} qn_gen_options_t;

/* Hardware figures of one layer (spec section 5, README "dense layer"). */
typedef struct qn_layer_plan {
    int groups;          /* G = ceil(out / lanes) */
    int words;           /* K = ceil(in / simd) */
    int depth;           /* D: weight words per lane, G*K */
    int addr_bits;       /* width of a lane memory address, >= 1 */
    int word_bits;       /* simd * weight_bits: bits of one memory word */
    long compute_cycles; /* G*K */
    int lat_mac;         /* qn_mac_lane LATENCY: 3 + ceil(clog2(simd)/2) */
    int lat_rq;          /* qn_requant LATENCY: qn_requant_latency() */
    int pipe_depth;      /* stage cycles beyond compute_cycles: memory 1 +
                            lat_mac + lat_rq + result register 1 */
} qn_layer_plan_t;

typedef struct qn_design {
    const qn_network_t *net;       /* borrowed */
    const qn_gen_options_t *opt;   /* borrowed */
    qn_layer_plan_t *plan;         /* [net->n_layers] */
    int n_vectors;                 /* test vectors */
    int64_t *x;                    /* [n_vectors * input_size] */
    qn_trace_t *trace;             /* the reference's outputs of x */
    long in_beats;                 /* ceil(input_size / in_per_beat) */
    long out_beats;                /* ceil(output size / out_per_beat) */
    long ideal_interval;           /* spec 5 */
    long ideal_latency;            /* spec 5: sum of compute + depth */
    qn_estimate_t est;             /* cost before synthesis (estimate.h) */
} qn_design_t;

/* Fills d->plan, the cycle figures and d->est from d->net.  Returns 1, or
 * 0 after reporting (out of memory). */
int qn_design_plan(qn_design_t *d);
/* Frees what the design owns (plan, estimate, vectors, trace), not the
 * network. */
void qn_design_free(qn_design_t *d);

/* ---------------------------------------------------------------------- */
/* Shared pieces of generated text. */

/* The banner every generated file starts with, with comment prefix `cm`
 * ("//", "#", ";"). */
void qn_emit_banner(qn_buf_t *b, const qn_network_t *net, const char *cm,
                    const char *what);

/* Lowercase hex of the low `bits` bits of v (two's complement), exactly
 * ceil(bits/4) digits. */
void qn_emit_hex(qn_buf_t *b, int64_t v, int bits);

/* Bits needed to address `n` words (at least 1). */
int qn_addr_bits(long n);

/* Width of an unsigned counter that holds 0..n (at least 1). */
int qn_count_bits(long n);

/* $clog2(n) of Verilog: 0 for n <= 1. */
int qn_clog2(long n);

/* `expr`, a `from`-bit unsigned value, zero-extended to `to` bits, as
 * Verilog text ("{2'd0, g}" or "g"). */
void qn_emit_zext(qn_buf_t *b, const char *expr, int from, int to);

/* ---------------------------------------------------------------------- */
/* The emitters.  Each adds its files to `t` and returns 1, or 0 after
 * reporting an error. */

/* mem/<layer>_lane<l>.mem and coe/<layer>_lane<l>.coe for every lane. */
int qn_emit_lane_memories(qn_outtree_t *t, const qn_design_t *d, int li);
/* mem/<layer>_bias.mem, and _mult.mem / _shift.mem when per-channel. */
int qn_emit_param_tables(qn_outtree_t *t, const qn_design_t *d, int li);
/* qn_requant's LATENCY for the layer: input register (with a multiplier
 * or a per-channel shift) + clog2(min(multiplier_bits, acc_bits)) with a
 * multiplier + 3 (shift, round, clamp). */
int qn_requant_latency(const qn_layer_t *ly);
/* design.txt's lines on each layer's weight_store and mac. */
void qn_emit_datapath_choices(qn_buf_t *b, const qn_design_t *d);
/* rtl/<net>_<layer>.v */
int qn_emit_layer(qn_outtree_t *t, const qn_design_t *d, int li);
/* rtl/<net>_top.v */
int qn_emit_top(qn_outtree_t *t, const qn_design_t *d);
/* rtl/ip/<net>_<layer>_lane<l>_rom.v (with --memory xilinx-ip) */
int qn_emit_ip_standins(qn_outtree_t *t, const qn_design_t *d);
/* rtl/lib/qn_*.v: the library modules, each with a banner */
int qn_emit_library(qn_outtree_t *t, const qn_design_t *d);
/* tb/<net>_tb.v, sim/input.mem, sim/expected*.mem */
int qn_emit_testbench(qn_outtree_t *t, const qn_design_t *d);
/* Makefile */
int qn_emit_makefile(qn_outtree_t *t, const qn_design_t *d);
/* synth/xc7.ys, synth/ice40.ys (Yosys scripts of make synth, synth-ice40)
 * and synth/design.yaml (the figures `qnngen report` reads) */
int qn_emit_synth(qn_outtree_t *t, const qn_design_t *d);
/* vivado/build.tcl and vivado/<net>.xdc */
int qn_emit_vivado(qn_outtree_t *t, const qn_design_t *d);
/* design.txt: the cycle figures and how they are counted */
int qn_emit_report(qn_outtree_t *t, const qn_design_t *d);
/* The design's Verilog files in compile order, joined by `sep`. */
void qn_emit_rtl_list(qn_buf_t *b, const qn_design_t *d, const char *sep);
/* Everything above, for every layer. */
int qn_emit_design(qn_outtree_t *t, const qn_design_t *d);

/* Module and IP names: "<net>_<layer>", "<net>_<layer>_lane<l>_rom". */
void qn_layer_module_name(const qn_design_t *d, int li, char *out,
                          size_t cap);
void qn_lane_ip_name(const qn_design_t *d, int li, int lane, char *out,
                     size_t cap);

#endif /* QN_EMIT_H */
