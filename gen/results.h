/* results.h - the result text format of spec section 4.
 *
 * One record a line: `<vector> <layer> <neuron> <value>`, decimal; lines
 * starting with '#' are comments.  The testbench writes it, `qnngen run`
 * writes it, `qnngen diff` reads it.
 */
#ifndef QN_RESULTS_H
#define QN_RESULTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ir.h"
#include "refmodel.h"

/* Writes a trace: every layer when `all_layers`, else only the last one.
 * A header comment names the network and source. Returns 0 on I/O error. */
int qn_results_write(FILE *f, const qn_network_t *net, const qn_trace_t *trace,
                     bool all_layers);

/* One record read back. */
typedef struct qn_record {
    long vector;
    char *layer;   /* owned by the qn_results_t's string table */
    long neuron;
    int64_t value;
    int line;      /* 1-based line in the file */
} qn_record_t;

/* A results file in memory. */
typedef struct qn_results {
    size_t n;
    qn_record_t *records;
    size_t n_layers;
    char **layers;    /* distinct layer names in order of first appearance */
} qn_results_t;

/* Reads a results file; on a malformed line reports `path:line:col: error`
 * and returns NULL. */
qn_results_t *qn_results_read(const char *path);
/* The same from an open stream; `path` names it in diagnostics. */
qn_results_t *qn_results_read_stream(FILE *f, const char *path);
void qn_results_free(qn_results_t *r);

#endif /* QN_RESULTS_H */
