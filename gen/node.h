/* node.h - a YAML document as a plain tree with source marks.
 *
 * yamlread.c is the only file that talks to libyaml; it turns a document
 * into this tree, and everything else (the validator, `meta` kept in the IR)
 * reads the tree.  Marks are 1-based (libyaml's are 0-based).
 *
 * Ownership: a node owns its children and strings; qn_node_free() releases
 * the whole subtree and takes NULL.
 */
#ifndef QN_NODE_H
#define QN_NODE_H

#include <stddef.h>

/* A place in a source file, 1-based; line 0 means "no place". */
typedef struct qn_mark {
    int line;
    int col;
} qn_mark_t;

typedef enum qn_node_kind {
    QN_NODE_SCALAR,
    QN_NODE_MAP,
    QN_NODE_SEQ
} qn_node_kind_t;

typedef struct qn_node qn_node_t;

/* One key/value pair of a mapping, in document order. */
typedef struct qn_pair {
    qn_node_t *key;   /* a scalar in every document qnngen accepts */
    qn_node_t *value;
} qn_pair_t;

struct qn_node {
    qn_node_kind_t kind;
    qn_mark_t mark;       /* where the node starts */
    char *text;           /* SCALAR: the scalar's text, NUL-terminated */
    int quoted;           /* SCALAR: 1 if written quoted (so never a number) */
    size_t n;             /* MAP: pairs; SEQ: items */
    qn_pair_t *pairs;     /* MAP: [n] */
    qn_node_t **items;    /* SEQ: [n] */
};

/* Reads a YAML file into a tree.  On failure returns NULL and prints one
 * `file:line:col: error: ...` diagnostic through diag.h (counted). */
qn_node_t *qn_yaml_read_file(const char *path);
/* The same from `len` bytes in memory; `name` is used in diagnostics. */
qn_node_t *qn_yaml_read_buffer(const char *name, const unsigned char *buf,
                               size_t len);

/* The value of key `key` in map `map`, or NULL. */
const qn_node_t *qn_node_get(const qn_node_t *map, const char *key);

/* A deep copy (for `meta`), or NULL on allocation failure. */
qn_node_t *qn_node_clone(const qn_node_t *node);

void qn_node_free(qn_node_t *node);

#endif /* QN_NODE_H */
