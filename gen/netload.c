/* netload.c - validate a format-1 network and build the IR.
 *
 * The pipeline: read the YAML tree (yamlread.c), check the top level, then
 * each layer key by key (a layer's own value wins over `defaults`), load and
 * check its arrays (array readers), prove its accumulator (accproof.c).
 * Every problem is reported with the YAML mark it comes from, and checking
 * goes on so one run reports them all.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accproof.h"
#include "array.h"
#include "diag.h"
#include "loadutil.h"
#include "netload.h"
#include "qn_limits.h"
#include "node.h"

enum {
    MAX_VECTOR_SIZE = QN_MAX_NEURONS,  /* largest input size or layer out */
    MAX_LAYERS = QN_MAX_LAYERS,
    MAX_SHOWN = 5               /* bad array values reported per array */
};


/* ------------------------------------------------------------------ */
/* Names, keywords, suggestions                                        */
/* ------------------------------------------------------------------ */

/* Verilog-2005 and SystemVerilog keywords: a name must not be one, since
 * every name becomes part of a Verilog identifier or stands alone. */
static const char *const verilog_keywords[] = {
    "always", "and", "assign", "automatic", "begin", "buf", "bufif0",
    "bufif1", "case", "casex", "casez", "cell", "cmos", "config", "deassign",
    "default", "defparam", "design", "disable", "edge", "else", "end",
    "endcase", "endconfig", "endfunction", "endgenerate", "endmodule",
    "endprimitive", "endspecify", "endtable", "endtask", "event", "for",
    "force", "forever", "fork", "function", "generate", "genvar", "highz0",
    "highz1", "if", "ifnone", "incdir", "include", "initial", "inout",
    "input", "instance", "integer", "join", "large", "liblist", "library",
    "localparam", "macromodule", "medium", "module", "nand", "negedge",
    "nmos", "nor", "noshowcancelled", "not", "notif0", "notif1", "or",
    "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1",
    "pulldown", "pullup", "pulsestyle_ondetect", "pulsestyle_onevent",
    "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos", "rpmos",
    "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed",
    "small", "specify", "specparam", "strong0", "strong1", "supply0",
    "supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri",
    "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use", "uwire",
    "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor",
    "xnor", "xor",
    /* SystemVerilog, which Verilator and Vivado also reserve */
    "alias", "always_comb", "always_ff", "always_latch", "assert", "assume",
    "before", "bind", "bins", "binsof", "bit", "break", "byte", "chandle",
    "class", "clocking", "const", "constraint", "context", "continue",
    "cover", "covergroup", "coverpoint", "cross", "dist", "do", "endclass",
    "endclocking", "endgroup", "endinterface", "endpackage", "endprogram",
    "endproperty", "endsequence", "enum", "expect", "export", "extends",
    "extern", "final", "first_match", "foreach", "forkjoin", "iff",
    "ignore_bins", "illegal_bins", "import", "inside", "int", "interface",
    "intersect", "join_any", "join_none", "local", "logic", "longint",
    "matches", "modport", "new", "null", "package", "packed", "priority",
    "program", "property", "protected", "pure", "rand", "randc",
    "randcase", "randsequence", "ref", "return", "sequence", "shortint",
    "shortreal", "solve", "static", "string", "struct", "super", "tagged",
    "this", "throughout", "timeprecision", "timeunit", "type", "typedef",
    "union", "unique", "var", "virtual", "void", "wait_order", "wildcard",
    "with", "within",
};

static int is_verilog_keyword(const char *s)
{
    for (size_t i = 0; i < sizeof verilog_keywords / sizeof *verilog_keywords; i++)
        if (strcmp(s, verilog_keywords[i]) == 0)
            return 1;
    return 0;
}

static int is_identifier(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return 0;
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_')
            return 0;
    return 1;
}

/* Edit distance, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const char *nearest_key(const char *key, const char *const *known)
{
    const char *best = NULL;
    size_t best_d = 99;
    size_t klen = strlen(key);
    for (; *known; known++) {
        /* a length apart by more than 3 is never suggested (below) */
        size_t n = strlen(*known);
        if (klen > n + 3 || n > klen + 3)
            continue;
        size_t d = edit_distance(key, *known);
        if (d < best_d) {
            best_d = d;
            best = *known;
        }
    }
    size_t len = strlen(key);
    return best_d <= (len < 5 ? 1 : 3) ? best : NULL;
}

void qn_load_check_keys(const qn_loader_t *ld, const qn_node_t *map,
                             const char *const *known, const char *where)
{
    for (size_t i = 0; i < map->n; i++) {
        const qn_node_t *key = map->pairs[i].key;
        const char *const *k;
        for (k = known; *k; k++)
            if (strcmp(*k, key->text) == 0)
                break;
        if (*k)
            continue;
        const char *near = nearest_key(key->text, known);
        if (near)
            qn_error_at(ld->path, key->mark,
                        "unknown key '%s' in %s; did you mean '%s'?",
                        key->text, where, near);
        else
            qn_error_at(ld->path, key->mark,
                        "unknown key '%s' in %s; see qnngen-yaml(5) for the "
                        "keys it takes", key->text, where);
    }
}

/* ------------------------------------------------------------------ */
/* Scalars                                                             */
/* ------------------------------------------------------------------ */

const char *qn_node_kind_name(const qn_node_t *n)
{
    return n->kind == QN_NODE_MAP ? "a mapping"
         : n->kind == QN_NODE_SEQ ? "a list" : "a scalar";
}

/* Parses a YAML integer (decimal, or 0x hex) into *out; 0 if not one. */
int qn_load_parse_int(const qn_node_t *n, int64_t *out)
{
    if (n->kind != QN_NODE_SCALAR || n->quoted || !n->text[0])
        return 0;
    const char *s = n->text;
    int base = 10;
    const char *digits = s + (*s == '-' || *s == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        base = 16;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, base);
    if (errno || *end || end == s || !isxdigit((unsigned char)end[-1]))
        return 0;
    *out = v;
    return 1;
}

/* Reads an integer in [lo, hi]; reports and returns 0 otherwise. */
int qn_load_int(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                   int64_t lo, int64_t hi, int64_t *out)
{
    if (!qn_load_parse_int(n, out)) {
        qn_error_at(ld->path, n->mark, "%s must be an integer, not %s%s%s%s",
                    what, n->kind == QN_NODE_SCALAR ? "'" : "",
                    n->kind == QN_NODE_SCALAR ? n->text : qn_node_kind_name(n),
                    n->kind == QN_NODE_SCALAR ? "'" : "",
                    n->kind == QN_NODE_SCALAR && n->quoted ? " (quoted)" : "");
        return 0;
    }
    if (*out < lo || *out > hi) {
        qn_error_at(ld->path, n->mark, "%s is %lld, outside %lld..%lld",
                    what, (long long)*out, (long long)lo, (long long)hi);
        return 0;
    }
    return 1;
}

int qn_load_bool(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                    bool *out)
{
    static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL };
    static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL };
    if (n->kind == QN_NODE_SCALAR && !n->quoted) {
        for (const char *const *y = yes; *y; y++)
            if (strcmp(n->text, *y) == 0)
                return *out = true, 1;
        for (const char *const *f = no; *f; f++)
            if (strcmp(n->text, *f) == 0)
                return *out = false, 1;
    }
    qn_error_at(ld->path, n->mark, "%s must be true or false, not %s%s%s",
                what, n->kind == QN_NODE_SCALAR ? "'" : "",
                n->kind == QN_NODE_SCALAR ? n->text : qn_node_kind_name(n),
                n->kind == QN_NODE_SCALAR ? "'" : "");
    return 0;
}

/* A name; `keyword_ok` for layer names, which the generated Verilog only
 * ever uses inside longer identifiers (hls4ml calls its last layer
 * `output`), while the network name must not be a keyword. */
int qn_load_name(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                    int keyword_ok, const char **out)
{
    if (n->kind != QN_NODE_SCALAR) {
        qn_error_at(ld->path, n->mark, "%s must be a name, not %s", what,
                    qn_node_kind_name(n));
        return 0;
    }
    if (!is_identifier(n->text)) {
        qn_error_at(ld->path, n->mark,
                    "%s '%s' is not an identifier; use letters, digits and "
                    "'_', starting with a letter", what, n->text);
        return 0;
    }
    if (!keyword_ok && is_verilog_keyword(n->text)) {
        qn_error_at(ld->path, n->mark,
                    "%s '%s' is a Verilog keyword; choose another name",
                    what, n->text);
        return 0;
    }
    *out = n->text;
    return 1;
}

void qn_load_layer_modes(const qn_loader_t *ld, const qn_node_t *rounding,
                         const qn_node_t *activation,
                         qn_rounding_t default_rounding,
                         qn_rounding_t *rounding_out,
                         qn_activation_t *activation_out)
{
    int c;
    *rounding_out = default_rounding;
    if (rounding &&
        (c = qn_load_choice(ld, rounding, "rounding", qn_rounding_names)) >= 0)
        *rounding_out = (qn_rounding_t)c;
    *activation_out = QN_ACT_NONE;
    if (activation &&
        (c = qn_load_choice(ld, activation, "activation",
                            qn_activation_names)) >= 0)
        *activation_out = (qn_activation_t)c;
}

/* Picks one of `choices` (NULL-terminated); returns its index or -1. */
int qn_load_choice(const qn_loader_t *ld, const qn_node_t *n, const char *what,
                      const char *const *choices)
{
    if (n->kind == QN_NODE_SCALAR)
        for (int i = 0; choices[i]; i++)
            if (strcmp(n->text, choices[i]) == 0)
                return i;
    char list[160] = "";
    for (int i = 0; choices[i]; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, choices[i], sizeof list - strlen(list) - 1);
    }
    qn_error_at(ld->path, n->mark, "%s must be one of %s, not %s%s%s", what,
                list, n->kind == QN_NODE_SCALAR ? "'" : "",
                n->kind == QN_NODE_SCALAR ? n->text : qn_node_kind_name(n),
                n->kind == QN_NODE_SCALAR ? "'" : "");
    return -1;
}

/* ------------------------------------------------------------------ */
/* Arrays                                                              */
/* ------------------------------------------------------------------ */

/* A path from the YAML, relative to the YAML file's directory. */
static char *resolve_path(const qn_loader_t *ld, const char *rel)
{
    size_t n = strlen(ld->dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (!p)
        return NULL;
    if (rel[0] == '/' || !ld->dir[0])
        snprintf(p, n, "%s", rel);
    else
        snprintf(p, n, "%s/%s", ld->dir, rel);
    return p;
}

/* An inline YAML list (1-D) or list of lists (2-D) of integers. */
static int inline_array(const qn_loader_t *ld, const qn_node_t *n, qn_array_t *a)
{
    memset(a, 0, sizeof *a);
    a->kind = QN_ARRAY_INT;
    snprintf(a->dtype, sizeof a->dtype, "yaml");
    size_t rows = n->n, cols = 0;
    int two_d = rows > 0 && n->items[0]->kind == QN_NODE_SEQ;
    if (two_d)
        cols = n->items[0]->n;
    if (rows > MAX_VECTOR_SIZE || cols > MAX_VECTOR_SIZE) {
        qn_error_at(ld->path, n->mark, "inline array is too large; put it in an .npy file");
        return 0;
    }
    a->ndim = two_d ? 2 : 1;
    a->shape[0] = rows;
    a->shape[1] = cols;
    a->count = two_d ? rows * cols : rows;
    a->ints = calloc(a->count ? a->count : 1, sizeof *a->ints);
    if (!a->ints)
        return 0;
    for (size_t r = 0; r < rows; r++) {
        const qn_node_t *row = n->items[r];
        if (two_d != (row->kind == QN_NODE_SEQ) || (two_d && row->n != cols)) {
            qn_error_at(ld->path, row->mark,
                        "inline array rows must all be lists of %zu integers",
                        cols);
            qn_array_free(a);
            return 0;
        }
        for (size_t c = 0; c < (two_d ? cols : 1); c++) {
            const qn_node_t *item = two_d ? row->items[c] : row;
            if (!qn_load_parse_int(item, &a->ints[two_d ? r * cols + c : r])) {
                qn_error_at(ld->path, item->mark,
                            "inline array values must be integers, not %s%s%s",
                            item->kind == QN_NODE_SCALAR ? "'" : "",
                            item->kind == QN_NODE_SCALAR ? item->text : qn_node_kind_name(item),
                            item->kind == QN_NODE_SCALAR ? "'" : "");
                qn_array_free(a);
                return 0;
            }
        }
    }
    return 1;
}

static void report_array_error(const qn_loader_t *ld, const qn_node_t *n,
                               const char *file, const qn_array_error_t *e)
{
    if (e->line > 0)
        qn_error_at(ld->path, n->mark, "%s:%d:%d: %s", file, e->line,
                    e->col, e->message);
    else
        qn_error_at(ld->path, n->mark, "%s: %s", file, e->message);
}

static int open_default_container(qn_loader_t *ld, const qn_node_t *ref)
{
    if (ld->npz)
        return 1;
    if (ld->npz_failed)
        return 0;
    if (!ld->weights) {
        qn_error_at(ld->path, ref->mark,
                    "'%s' names an array, but the network has no `weights:` "
                    "container; add `weights: FILE.npz` or give a path to a "
                    ".npy, .npz or .csv file", ref->text);
        return 0;
    }
    char *path = resolve_path(ld, ld->weights->text);
    qn_array_error_t err = {0};
    ld->npz = path ? qn_npz_open(path, &err) : NULL;
    if (!ld->npz) {
        ld->npz_failed = 1;
        report_array_error(ld, ld->weights, ld->weights->text, &err);
    }
    free(path);
    return ld->npz != NULL;
}

/* Reads the array a key refers to: a member of `weights`, a file path
 * (.npy, .csv, .npz, or FILE.npz:MEMBER) or an inline list; `store` says
 * where the readers may put integers (array.h). */
static int load_array(qn_loader_t *ld, const qn_node_t *ref,
                      qn_array_store_t store, qn_array_t *a)
{
    qn_array_error_t err = {0};
    memset(a, 0, sizeof *a);
    if (ref->kind == QN_NODE_SEQ)
        return inline_array(ld, ref, a);
    if (ref->kind != QN_NODE_SCALAR) {
        qn_error_at(ld->path, ref->mark,
                    "an array reference must be a name or a path, not %s",
                    qn_node_kind_name(ref));
        return 0;
    }
    const char *text = ref->text;
    const char *npz_sep = strstr(text, ".npz:");
    int ok = 0;
    char *path = NULL;
    if (qn_has_suffix(text, ".npy") || qn_has_suffix(text, ".csv")) {
        if (!(path = resolve_path(ld, text)))
            return 0;
        ok = qn_array_read_path_as(path, store, a, &err);
        if (!ok)
            report_array_error(ld, ref, text, &err);
    } else if (npz_sep || qn_has_suffix(text, ".npz")) {
        size_t file_len = npz_sep ? (size_t)(npz_sep - text) + 4 : strlen(text);
        char *file = strndup(text, file_len);
        path = file ? resolve_path(ld, file) : NULL;
        qn_npz_t *npz = path ? qn_npz_open(path, &err) : NULL;
        if (!npz) {
            report_array_error(ld, ref, file ? file : text, &err);
        } else if (!npz_sep && qn_npz_member_count(npz) != 1) {
            qn_error_at(ld->path, ref->mark,
                        "%s holds %d arrays; name one as %s:MEMBER", text,
                        qn_npz_member_count(npz), text);
        } else {
            const char *member = npz_sep ? npz_sep + 5 : qn_npz_member_name(npz, 0);
            ok = qn_npz_read_as(npz, member, store, a, &err);
            if (!ok)
                report_array_error(ld, ref, file, &err);
        }
        qn_npz_close(npz);
        free(file);
    } else {
        if (!open_default_container(ld, ref))
            return 0;
        ok = qn_npz_read_as(ld->npz, text, store, a, &err);
        if (!ok)
            report_array_error(ld, ref, ld->weights->text, &err);
    }
    free(path);
    return ok;
}

int qn_load_array(qn_loader_t *ld, const qn_node_t *ref, qn_array_t *a)
{
    return load_array(ld, ref, QN_ARRAY_STORE_INT64, a);
}

/* An integer array of an exact shape; reports and frees on mismatch. */
static int load_int_array(qn_loader_t *ld, const qn_node_t *ref, const char *layer,
                          const char *what, int ndim, size_t d0, size_t d1,
                          qn_array_store_t store, qn_array_t *a)
{
    if (!load_array(ld, ref, store, a))
        return 0;
    /* A CSV has one row per output neuron: a per-neuron array written
     * one value a line reads as [out][1], one neuron's weights as a
     * single row [in]. */
    int from_csv = ref->kind == QN_NODE_SCALAR && qn_has_suffix(ref->text, ".csv");
    if (from_csv && ndim == 1 && a->ndim == 2 && a->shape[1] == 1) {
        a->ndim = 1;
    } else if (from_csv && ndim == 2 && d0 == 1 && a->ndim == 1) {
        a->ndim = 2;
        a->shape[1] = a->shape[0];
        a->shape[0] = 1;
    }
    if (a->kind != QN_ARRAY_INT) {
        qn_error_at(ld->path, ref->mark,
                    "layer '%s': %s is a %s array (dtype %s); qnngen takes "
                    "quantized integers: round it first, or use `qnngen "
                    "quantize`", layer, what,
                    a->kind == QN_ARRAY_FLOAT ? "float" : "bool", a->dtype);
        qn_array_free(a);
        return 0;
    }
    int shape_ok = a->ndim == ndim && a->shape[0] == d0 &&
                   (ndim == 1 || a->shape[1] == d1);
    if (!shape_ok) {
        char got[128] = "", want[64];
        for (int i = 0; i < a->ndim; i++) {
            char dim[24];
            snprintf(dim, sizeof dim, "%s%zu", i ? ", " : "", a->shape[i]);
            strncat(got, dim, sizeof got - strlen(got) - 1);
        }
        if (ndim == 1)
            snprintf(want, sizeof want, "[%zu]", d0);
        else
            snprintf(want, sizeof want, "[%zu, %zu] ([out, in])", d0, d1);
        qn_error_at(ld->path, ref->mark,
                    "layer '%s': %s has shape [%s], expected %s", layer, what,
                    got, want);
        qn_array_free(a);
        return 0;
    }
    return 1;
}

/* Whether every value of `a` lies in [lo, hi]: its least and greatest
 * value in one tight loop per storage, as weight arrays hold millions. */
static bool all_in_range(const qn_array_t *a, int64_t lo, int64_t hi)
{
    if (a->count == 0)
        return true;
    int64_t min, max;
    if (a->narrow) {
        int16_t mn = a->narrow[0], mx = mn;
        for (size_t k = 1; k < a->count; k++) {
            int16_t v = a->narrow[k];
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
        }
        min = mn;
        max = mx;
    } else {
        min = max = a->ints[0];
        for (size_t k = 1; k < a->count; k++) {
            int64_t v = a->ints[k];
            min = v < min ? v : min;
            max = v > max ? v : max;
        }
    }
    return min >= lo && max <= hi;
}

/* Checks every value of `a` against [lo, hi]; reports the first few. */
static int check_range(const qn_loader_t *ld, const qn_node_t *ref,
                       const char *layer, const char *what, const qn_array_t *a,
                       int64_t lo, int64_t hi, const char *range_name)
{
    if (all_in_range(a, lo, hi))
        return 1;
    size_t bad = 0;
    for (size_t k = 0; k < a->count; k++) {
        int64_t v = qn_array_int(a, k);
        if (v >= lo && v <= hi)
            continue;
        if (bad < MAX_SHOWN) {
            char index[48];
            if (a->ndim == 2)
                snprintf(index, sizeof index, "[%zu][%zu]", k / a->shape[1],
                         k % a->shape[1]);
            else
                snprintf(index, sizeof index, "[%zu]", k);
            qn_error_at(ld->path, ref->mark,
                        "layer '%s': %s%s = %lld is outside %s [%lld, %lld]",
                        layer, what, index, (long long)v, range_name,
                        (long long)lo, (long long)hi);
        }
        bad++;
    }
    if (bad > MAX_SHOWN)
        qn_note_at(ld->path, ref->mark, "layer '%s': %zu more values of %s are out of range",
                   layer, bad - MAX_SHOWN, what);
    return bad == 0;
}

/* ------------------------------------------------------------------ */
/* Layers                                                              */
/* ------------------------------------------------------------------ */

static const char *const layer_keys[] = {
    "name", "type", "in", "out", "weight", "weight_bits", "shift", "out_bits",
    "out_signed", "bias", "bias_bits", "bias_shift", "acc_bits", "multiplier",
    "multiplier_bits", "rounding", "activation", "lanes", "simd", "weight_store",
    "mac", "meta", NULL
};
/* In the order of qn_weight_store_t and qn_mac_style_t. */
static const char *const weight_store_names[] = { "bram", "lut", NULL };
static const char *const mac_names[] = { "auto", "dsp", "lut", NULL };

/* A layer key: the layer's own value, else `defaults`', else NULL. */
static const qn_node_t *layer_key(const qn_loader_t *ld, const qn_node_t *layer,
                                  const char *key)
{
    const qn_node_t *v = qn_node_get(layer, key);
    if (!v && ld->defaults)
        v = qn_node_get(ld->defaults, key);
    return v;
}

static const qn_node_t *required_key(const qn_loader_t *ld, const qn_node_t *node,
                                     const char *key, const char *label,
                                     const char *hint)
{
    const qn_node_t *v = layer_key(ld, node, key);
    if (!v)
        qn_error_at(ld->path, node->mark, "%s has no `%s`; %s", label, key, hint);
    return v;
}

/* Scalar or per-channel integer (shift, multiplier): fills values[out]. */
static int load_per_channel(qn_loader_t *ld, const qn_node_t *ref,
                            const char *layer, const char *what, int out,
                            int64_t lo, int64_t hi, int64_t *values,
                            bool *per_channel)
{
    int64_t v;
    if (qn_load_parse_int(ref, &v)) {
        *per_channel = false;
        char label[64];
        snprintf(label, sizeof label, "layer '%s': %s", layer, what);
        if (!qn_load_int(ld, ref, label, lo, hi, &v))
            return 0;
        for (int j = 0; j < out; j++)
            values[j] = v;
        return 1;
    }
    *per_channel = true;
    qn_array_t a;
    if (!load_int_array(ld, ref, layer, what, 1, (size_t)out, 0,
                        QN_ARRAY_STORE_INT64, &a))
        return 0;
    char range[48];
    snprintf(range, sizeof range, "the range of %s", what);
    int ok = check_range(ld, ref, layer, what, &a, lo, hi, range);
    if (ok)
        memcpy(values, a.ints, (size_t)out * sizeof *values);
    qn_array_free(&a);
    return ok;
}

/* Binary weights per spec section 2: 0/1 or -1/+1, never mixed. */
static int load_binary_weights(const qn_loader_t *ld, const qn_node_t *ref,
                               const char *layer, const qn_array_t *a,
                               int16_t *w)
{
    int has_zero = 0, has_minus = 0;
    size_t bad = 0;
    for (size_t k = 0; k < a->count; k++) {
        int64_t v = qn_array_int(a, k);
        has_zero |= v == 0;
        has_minus |= v == -1;
        if (v == -1 || v == 0 || v == 1)
            continue;
        if (bad++ < MAX_SHOWN)
            qn_error_at(ld->path, ref->mark,
                        "layer '%s': weight[%zu][%zu] = %lld is not a binary "
                        "weight (weight_bits 1 takes 0/1 or -1/+1)", layer,
                        k / a->shape[1], k % a->shape[1], (long long)v);
    }
    if (bad)
        return 0;
    if (has_zero && has_minus) {
        qn_error_at(ld->path, ref->mark,
                    "layer '%s': binary weights mix 0 and -1; store them as "
                    "0/1 (0 means -1) or as -1/+1, not both", layer);
        return 0;
    }
    for (size_t k = 0; k < a->count; k++)
        w[k] = qn_array_int(a, k) == 1 ? 1 : -1;
    return 1;
}

/* The weights, read as int16 when the file's dtype allows (array.h):
 * that buffer then becomes L->weight as it is. */
static int load_weights(qn_loader_t *ld, const qn_node_t *ref, qn_layer_t *L)
{
    qn_array_t a;
    if (!load_int_array(ld, ref, L->name, "weight", 2, (size_t)L->out,
                        (size_t)L->in, QN_ARRAY_STORE_NARROW, &a))
        return 0;
    int ok;
    if (L->weight_bits == 1) {
        L->weight = malloc(a.count * sizeof *L->weight);
        ok = L->weight && load_binary_weights(ld, ref, L->name, &a, L->weight);
    } else {
        qn_int_type_t t = { L->weight_bits, true };
        char range[48];
        snprintf(range, sizeof range, "the %d-bit signed range", L->weight_bits);
        ok = check_range(ld, ref, L->name, "weight", &a, qn_int_type_min(t),
                         qn_int_type_max(t), range);
        if (ok && a.narrow) {
            L->weight = a.narrow; /* hand the buffer over */
            a.narrow = NULL;
        } else if (ok) {
            L->weight = malloc(a.count * sizeof *L->weight);
            for (size_t k = 0; L->weight && k < a.count; k++)
                L->weight[k] = (int16_t)a.ints[k];
            ok = L->weight != NULL;
        }
    }
    qn_array_free(&a);
    return ok;
}

/* Builds one layer from its YAML map; returns 0 after reporting errors. */
static int load_layer(qn_loader_t *ld, const qn_node_t *node, qn_layer_t *L,
                      int in, qn_int_type_t x_type)
{
    int errors = qn_error_count();
    char label[96];
    int64_t v;
    const qn_node_t *k;

    L->mark = node->mark;
    L->in = in;
    L->x_type = x_type;
    qn_load_check_keys(ld, node, layer_keys, "a layer");

    const char *name = NULL;
    if ((k = qn_node_get(node, "name")))
        qn_load_name(ld, k, "layer name", 1, &name);
    else
        qn_error_at(ld->path, node->mark, "layer %d has no `name`; add `name: fcN`",
                    L->index);
    if (!(L->name = strdup(name ? name : "?")))
        return 0;
    snprintf(label, sizeof label, "layer '%s'", L->name);

    if ((k = qn_node_get(node, "type")) &&
        (k->kind != QN_NODE_SCALAR || strcmp(k->text, "dense") != 0))
        qn_error_at(ld->path, k->mark,
                    "layer '%s': type %s%s%s is not known; format 1 knows only "
                    "`dense`", L->name, k->kind == QN_NODE_SCALAR ? "'" : "",
                    k->kind == QN_NODE_SCALAR ? k->text : qn_node_kind_name(k),
                    k->kind == QN_NODE_SCALAR ? "'" : "");
    else if (!k)
        qn_error_at(ld->path, node->mark, "%s has no `type`; add `type: dense`", label);

    if ((k = qn_node_get(node, "in")) && qn_load_int(ld, k, "in", 1, MAX_VECTOR_SIZE, &v) &&
        v != in)
        qn_error_at(ld->path, k->mark,
                    "%s: in is %lld, but its input has %d elements (the "
                    "previous layer's out, or input.size)", label, (long long)v, in);

    if ((k = qn_node_get(node, "out"))) {
        if (qn_load_int(ld, k, "out", 1, MAX_VECTOR_SIZE, &v))
            L->out = (int)v;
    } else {
        qn_error_at(ld->path, node->mark, "%s has no `out`; add `out: N` "
                    "(its number of output neurons)", label);
    }

    if ((k = required_key(ld, node, "weight_bits", label,
                          "add `weight_bits: N` (1..16) to it or to `defaults`")) &&
        qn_load_int(ld, k, "weight_bits", 1, 16, &v))
        L->weight_bits = (int)v;

    L->bias_bits = 32;
    if ((k = layer_key(ld, node, "bias_bits")) &&
        qn_load_int(ld, k, "bias_bits", 1, 32, &v))
        L->bias_bits = (int)v;
    if ((k = layer_key(ld, node, "bias_shift")) &&
        qn_load_int(ld, k, "bias_shift", 0, 31, &v))
        L->bias_shift = (int)v;

    qn_load_layer_modes(ld, layer_key(ld, node, "rounding"),
                        layer_key(ld, node, "activation"), QN_ROUND_FLOOR,
                        &L->rounding, &L->activation);

    if ((k = required_key(ld, node, "out_bits", label,
                          "add `out_bits: N` (1..32) to it or to `defaults`")) &&
        qn_load_int(ld, k, "out_bits", 1, 32, &v))
        L->out_type.bits = (int)v;
    L->out_type.is_signed = L->activation != QN_ACT_RELU;
    if ((k = layer_key(ld, node, "out_signed")))
        qn_load_bool(ld, k, "out_signed", &L->out_type.is_signed);

    L->acc_bits_auto = true;
    qn_mark_t acc_mark = node->mark;
    if ((k = layer_key(ld, node, "acc_bits"))) {
        acc_mark = k->mark;
        if (k->kind == QN_NODE_SCALAR && strcmp(k->text, "auto") == 0)
            L->acc_bits_auto = true;
        else if (qn_load_int(ld, k, "acc_bits (or `auto`)", 2, 64, &v))
            L->acc_bits_auto = false, L->acc_bits = (int)v;
    }

    L->multiplier_bits = 16;
    if ((k = layer_key(ld, node, "multiplier_bits")) &&
        qn_load_int(ld, k, "multiplier_bits", 2, 32, &v))
        L->multiplier_bits = (int)v;

    L->lanes = 1;
    if ((k = layer_key(ld, node, "lanes")) && qn_load_int(ld, k, "lanes", 1, INT_MAX, &v))
        L->lanes = (int)v;
    L->simd = 1;
    if ((k = layer_key(ld, node, "simd")) && qn_load_int(ld, k, "simd", 1, INT_MAX, &v))
        L->simd = (int)v;

    L->weight_store = QN_STORE_BRAM;
    if ((k = layer_key(ld, node, "weight_store"))) {
        int c = qn_load_choice(ld, k, "weight_store", weight_store_names);
        if (c >= 0)
            L->weight_store = (qn_weight_store_t)c;
    }
    L->mac = QN_MAC_AUTO;
    if ((k = layer_key(ld, node, "mac"))) {
        int c = qn_load_choice(ld, k, "mac", mac_names);
        if (c >= 0)
            L->mac = (qn_mac_style_t)c;
    }

    if ((k = qn_node_get(node, "meta")) && !(L->meta = qn_node_clone(k)))
        qn_error_at(ld->path, k->mark, "out of memory");

    /* The arrays need a valid shape and widths; stop here if not. */
    if (qn_error_count() != errors || L->out == 0)
        return 0;
    if (L->lanes > L->out)
        L->lanes = L->out;
    if (L->simd > L->in)
        L->simd = L->in;

    size_t out = (size_t)L->out;
    L->bias = calloc(out, sizeof *L->bias);
    L->multiplier = calloc(out, sizeof *L->multiplier);
    L->shift = calloc(out, sizeof *L->shift);
    int64_t *shift = calloc(out, sizeof *shift);
    if (!L->bias || !L->multiplier || !L->shift || !shift) {
        free(shift);
        qn_error_at(ld->path, node->mark, "out of memory");
        return 0;
    }

    /* bounded before the array is read (and its memory allocated) */
    long long before = ld->total_weights;
    ld->total_weights += (long long)L->in * L->out;
    if (ld->total_weights > QN_MAX_TOTAL_WEIGHTS) {
        if (before <= QN_MAX_TOTAL_WEIGHTS)
            qn_error_at(ld->path, node->mark,
                        "%s brings the network to %lld weights, more than the "
                        "%lld qnngen takes (see LIMITS in qnngen-yaml(5))",
                        label, ld->total_weights, QN_MAX_TOTAL_WEIGHTS);
    } else if ((k = qn_node_get(node, "weight")))
        load_weights(ld, k, L);
    else
        qn_error_at(ld->path, node->mark, "%s has no `weight`; name its "
                    "[out][in] weight array", label);

    if ((k = layer_key(ld, node, "bias"))) {
        qn_array_t a;
        L->has_bias = true;
        if (load_int_array(ld, k, L->name, "bias", 1, out, 0,
                           QN_ARRAY_STORE_INT64, &a)) {
            qn_int_type_t t = { L->bias_bits, true };
            char range[48];
            snprintf(range, sizeof range, "the %d-bit signed bias range", L->bias_bits);
            if (check_range(ld, k, L->name, "bias", &a, qn_int_type_min(t),
                            qn_int_type_max(t), range))
                memcpy(L->bias, a.ints, out * sizeof *L->bias);
            qn_array_free(&a);
        }
    }

    if ((k = required_key(ld, node, "shift", label,
                          "add `shift: N` (0..62) to it or to `defaults`")) &&
        load_per_channel(ld, k, L->name, "shift", L->out, 0, 62, shift,
                         &L->shift_per_channel))
        for (size_t j = 0; j < out; j++) {
            L->shift[j] = (int)shift[j];
            if (L->shift[j] > L->shift_max)
                L->shift_max = L->shift[j];
        }
    free(shift);

    for (size_t j = 0; j < out; j++)
        L->multiplier[j] = 1;
    if ((k = layer_key(ld, node, "multiplier"))) {
        qn_int_type_t t = { L->multiplier_bits, true };
        L->has_multiplier = true;
        if (load_per_channel(ld, k, L->name, "multiplier", L->out,
                             qn_int_type_min(t), qn_int_type_max(t),
                             L->multiplier, &L->multiplier_per_channel))
            for (size_t j = 0; j < out; j++)
                if (L->multiplier[j] == 0) {
                    char which[32] = "";
                    if (L->multiplier_per_channel)
                        snprintf(which, sizeof which, "[%zu]", j);
                    qn_error_at(ld->path, k->mark,
                                "layer '%s': multiplier%s is 0; a zero "
                                "multiplier erases the neuron: remove it from "
                                "the network instead", L->name, which);
                    break;
                }
    }

    if (qn_error_count() != errors || !L->weight)
        return 0;
    return qn_accproof_layer(L, ld->path, acc_mark) == 0;
}

/* ------------------------------------------------------------------ */
/* The network                                                         */
/* ------------------------------------------------------------------ */

static const char *const top_keys[] = {
    "qnngen", "name", "weights", "input", "io", "defaults", "layers", "meta", NULL
};
static const char *const input_keys[] = { "size", "bits", "signed", NULL };
static const char *const io_keys[] = { "in_per_beat", "out_per_beat", NULL };

static void load_input(qn_loader_t *ld, const qn_node_t *node, qn_network_t *net)
{
    int64_t v;
    const qn_node_t *k;
    if (node->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, node->mark, "input must be a mapping with size, bits and signed");
        return;
    }
    qn_load_check_keys(ld, node, input_keys, "input");
    if (!(k = qn_node_get(node, "size")))
        qn_error_at(ld->path, node->mark, "input has no `size`; add `size: N` (elements per vector)");
    else if (qn_load_int(ld, k, "input.size", 1, MAX_VECTOR_SIZE, &v))
        net->input_size = (int)v;
    if (!(k = qn_node_get(node, "bits")))
        qn_error_at(ld->path, node->mark, "input has no `bits`; add `bits: N` (1..32)");
    else if (qn_load_int(ld, k, "input.bits", 1, 32, &v))
        net->input_type.bits = (int)v;
    net->input_type.is_signed = true;
    if ((k = qn_node_get(node, "signed")))
        qn_load_bool(ld, k, "input.signed", &net->input_type.is_signed);
}

static void load_io(qn_loader_t *ld, const qn_node_t *node, qn_network_t *net)
{
    int64_t v;
    const qn_node_t *k;
    net->in_per_beat = net->out_per_beat = 1;
    if (!node)
        return;
    if (node->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, node->mark, "io must be a mapping with in_per_beat and out_per_beat");
        return;
    }
    qn_load_check_keys(ld, node, io_keys, "io");
    if ((k = qn_node_get(node, "in_per_beat")) &&
        qn_load_int(ld, k, "io.in_per_beat", 1, MAX_VECTOR_SIZE, &v))
        net->in_per_beat = (int)v;
    if ((k = qn_node_get(node, "out_per_beat")) &&
        qn_load_int(ld, k, "io.out_per_beat", 1, MAX_VECTOR_SIZE, &v))
        net->out_per_beat = (int)v;
}

static void check_unique_names(const qn_loader_t *ld, const qn_node_t *layers,
                               const qn_network_t *net)
{
    for (int i = 0; i < net->n_layers; i++)
        for (int j = 0; j < i; j++) {
            const char *a = net->layers[i].name, *b = net->layers[j].name;
            /* a layer that is not a mapping has no name at all */
            if (a && b && strcmp(a, "?") && strcmp(a, b) == 0)
                qn_error_at(ld->path, layers->items[i]->mark,
                            "layer name '%s' is used twice (first at line %d); "
                            "layer names must be unique", a,
                            net->layers[j].mark.line);
        }
}

char *qn_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup("");
    return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

static int load_network(qn_loader_t *ld, const qn_node_t *root, qn_network_t *net)
{
    const qn_node_t *k;
    int64_t v;
    if (root->kind != QN_NODE_MAP) {
        qn_error_at(ld->path, root->mark,
                    "a network is a mapping that starts with `qnngen: 1`, not %s",
                    qn_node_kind_name(root));
        return 0;
    }
    qn_load_check_keys(ld, root, top_keys, "the network");
    if (!(k = qn_node_get(root, "qnngen"))) {
        qn_error_at(ld->path, root->mark,
                    "no `qnngen:` format version; add `qnngen: 1` at the top");
    } else if (!qn_load_parse_int(k, &v) || v != 1) {
        qn_error_at(ld->path, k->mark,
                    "format version '%s' is not supported; this qnngen reads "
                    "format 1", k->kind == QN_NODE_SCALAR ? k->text : "?");
    }
    net->format = 1;

    const char *name = NULL;
    if (!(k = qn_node_get(root, "name")))
        qn_error_at(ld->path, root->mark, "the network has no `name`; add `name: mynet`");
    else
        qn_load_name(ld, k, "network name", 0, &name);
    net->name = strdup(name ? name : "?");

    if ((k = qn_node_get(root, "weights"))) {
        if (k->kind != QN_NODE_SCALAR || !k->text[0])
            qn_error_at(ld->path, k->mark, "weights must be a path to an .npz file");
        else
            ld->weights = k;
    }
    if (!(k = qn_node_get(root, "input")))
        qn_error_at(ld->path, root->mark, "the network has no `input`; add "
                    "`input: {size: N, bits: B, signed: true}`");
    else
        load_input(ld, k, net);
    load_io(ld, qn_node_get(root, "io"), net);

    if ((k = qn_node_get(root, "defaults"))) {
        if (k->kind != QN_NODE_MAP) {
            qn_error_at(ld->path, k->mark, "defaults must be a mapping of layer keys");
        } else {
            for (size_t i = 0; i < k->n; i++) {
                const char *key = k->pairs[i].key->text;
                if (!strcmp(key, "name") || !strcmp(key, "type") ||
                    !strcmp(key, "out") || !strcmp(key, "weight") ||
                    !strcmp(key, "in") || !strcmp(key, "meta"))
                    qn_error_at(ld->path, k->pairs[i].key->mark,
                                "`%s` cannot sit in defaults; give it in each layer",
                                key);
            }
            ld->defaults = k;
            qn_load_check_keys(ld, k, layer_keys, "defaults");
        }
    }
    if ((k = qn_node_get(root, "meta")) && !(net->meta = qn_node_clone(k)))
        qn_error_at(ld->path, k->mark, "out of memory");

    const qn_node_t *layers = qn_node_get(root, "layers");
    if (!layers) {
        qn_error_at(ld->path, root->mark, "the network has no `layers`; add a list of dense layers");
        return 0;
    }
    if (layers->kind != QN_NODE_SEQ || layers->n == 0) {
        qn_error_at(ld->path, layers->mark, "layers must be a non-empty list of layers");
        return 0;
    }
    if (layers->n > MAX_LAYERS) {
        qn_error_at(ld->path, layers->mark, "%zu layers is more than the %d qnngen takes "
                    "(see LIMITS in qnngen-yaml(5))",
                    layers->n, MAX_LAYERS);
        return 0;
    }
    if (net->input_size == 0 || net->input_type.bits == 0)
        return 0;   /* the layers' widths follow from the input's */
    net->layers = calloc(layers->n, sizeof *net->layers);
    if (!net->layers)
        return 0;
    int in = net->input_size;
    qn_int_type_t x_type = net->input_type;
    int chain_ok = 1;
    for (size_t i = 0; i < layers->n; i++) {
        const qn_node_t *ln = layers->items[i];
        qn_layer_t *L = &net->layers[i];
        L->index = (int)i;
        net->n_layers = (int)i + 1;
        if (ln->kind != QN_NODE_MAP) {
            qn_error_at(ld->path, ln->mark, "layer %zu must be a mapping of keys", i);
            chain_ok = 0;
            continue;
        }
        if (!chain_ok) {
            /* the input width is unknown: still check names and keys */
            L->name = strdup("?");
            qn_load_check_keys(ld, ln, layer_keys, "a layer");
            continue;
        }
        if (!load_layer(ld, ln, L, in, x_type) && (L->out == 0 || L->out_type.bits == 0))
            chain_ok = 0;
        in = L->out;
        x_type = L->out_type;
    }
    check_unique_names(ld, layers, net);
    return qn_error_count() == ld->errors_at_start;
}

/* Validates the tree read from `yaml_path` (a file name, or the name a
 * buffer goes by) and builds the network; arrays are found in `dir`. */
static qn_network_t *load_tree(const char *yaml_path, char *dir,
                               qn_node_t *root, int errors_before)
{
    qn_network_t *net = calloc(1, sizeof *net);
    qn_loader_t ld = { .path = yaml_path, .errors_at_start = errors_before };
    if (!net || !dir) {
        free(dir);
        free(net);
        qn_node_free(root);
        qn_error_at(yaml_path, (qn_mark_t){0, 0}, "out of memory");
        return NULL;
    }
    ld.dir = dir;
    net->source_path = strdup(yaml_path);
    net->source_dir = dir;
    int ok = load_network(&ld, root, net) && qn_error_count() == errors_before;
    qn_npz_close(ld.npz);
    qn_node_free(root);
    if (!ok) {
        qn_network_free(net);
        return NULL;
    }
    return net;
}

qn_network_t *qn_network_load(const char *yaml_path)
{
    int errors_before = qn_error_count();
    qn_node_t *root = qn_yaml_read_file(yaml_path);
    if (!root)
        return NULL;
    return load_tree(yaml_path, qn_dir_of(yaml_path), root, errors_before);
}

qn_network_t *qn_network_load_buffer(const char *name, const char *dir,
                                     const unsigned char *buf, size_t len)
{
    int errors_before = qn_error_count();
    qn_node_t *root = qn_yaml_read_buffer(name, buf, len);
    if (!root)
        return NULL;
    return load_tree(name, strdup(dir), root, errors_before);
}
