/* loadutil.h - the YAML and array helpers of the network loader
 * (netload.c), shared with the other reader of network-like YAML files:
 * `qnngen quantize` (quantize_spec.c).  One implementation, so both report
 * bad keys, numbers and array references in the same words.
 *
 * Every function reports through diag.h against ld->path and returns 0 on
 * a problem.
 */
#ifndef QN_LOADUTIL_H
#define QN_LOADUTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "array.h"
#include "ir.h"
#include "node.h"

/* What loading one file needs along the way. */
typedef struct qn_loader {
    const char *path;           /* the YAML file, for diagnostics */
    const char *dir;            /* its directory, for relative array paths */
    const qn_node_t *weights;   /* the `weights:` node, or NULL */
    qn_npz_t *npz;              /* the default container, opened on first use */
    int npz_failed;             /* opening it failed (reported once) */
    const qn_node_t *defaults;  /* the `defaults:` map, or NULL */
    int errors_at_start;        /* diagnostics counted before this load */
    long long total_weights;    /* netload: in*out summed over the layers so far */
} qn_loader_t;

/* "a mapping", "a list" or "a scalar", for messages. */
const char *qn_node_kind_name(const qn_node_t *n);
/* Reports every key of `map` not in `known` (NULL-terminated), suggesting
 * the nearest known key. */
void qn_load_check_keys(const qn_loader_t *ld, const qn_node_t *map,
                        const char *const *known, const char *where);
/* A YAML integer (decimal or 0x hex), without reporting. */
int qn_load_parse_int(const qn_node_t *n, int64_t *out);
int qn_load_int(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                int64_t lo, int64_t hi, int64_t *out);
int qn_load_bool(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                 bool *out);
int qn_load_name(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                 int keyword_ok, const char **out);
/* Index of the chosen name among `choices` (NULL-terminated), or -1. */
int qn_load_choice(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                   const char *const *choices);
/* A layer's rounding and activation from their keys (NULL when not given:
 * `default_rounding`, and no activation). */
void qn_load_layer_modes(const qn_loader_t *ld, const qn_node_t *rounding,
                         const qn_node_t *activation,
                         qn_rounding_t default_rounding,
                         qn_rounding_t *rounding_out,
                         qn_activation_t *activation_out);
/* The array a reference names: a member of `weights`, a path (.npy, .csv,
 * .npz, FILE.npz:MEMBER) relative to the YAML file, or an inline list. */
int qn_load_array(qn_loader_t *ld, const qn_node_t *ref, qn_array_t *a);
/* The directory part of a path ("" for none); malloc'd. */
char *qn_dir_of(const char *path);

#endif /* QN_LOADUTIL_H */
