/* params.c - qnngen.params: the derived parameters of a design, and the
 * differences from the previous run in words (see params.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outtree.h"
#include "params.h"

/* ---------------------------------------------------------------------- */
/* Writing the record. */

/* First 16 hex digits of the SHA-256 of an array as stored in memory: a
 * fingerprint that changes when any value does. */
static void fingerprint(qn_buf_t *b, const void *data, size_t bytes)
{
    char hex[65];
    qn_sha256_hex(data, bytes, hex);
    hex[16] = '\0';
    qn_buf_puts(b, hex);
}

static const char *type_text(qn_int_type_t t, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%d", t.is_signed ? "s" : "u", t.bits);
    return buf;
}

static void layer_params(qn_buf_t *b, const qn_design_t *d, int li)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    const char *n = ly->name;
    char t[16];
    qn_buf_printf(b, "layer.%s.size %d -> %d\n", n, ly->in, ly->out);
    qn_buf_printf(b, "layer.%s.input_type %s\n", n,
                  type_text(ly->x_type, t, sizeof t));
    qn_buf_printf(b, "layer.%s.weight_bits %d\n", n, ly->weight_bits);
    if (ly->has_bias)
        qn_buf_printf(b, "layer.%s.bias %d bits, shift %d\n", n,
                      ly->bias_bits, ly->bias_shift);
    else
        qn_buf_printf(b, "layer.%s.bias none\n", n);
    qn_buf_printf(b, "layer.%s.acc_bits %d %s\n", n, ly->acc_bits,
                  ly->acc_bits_auto ? "proven" : "given");
    qn_buf_printf(b, "layer.%s.acc_bits_needed %d\n", n, ly->acc_bits_needed);
    if (!ly->has_multiplier)
        qn_buf_printf(b, "layer.%s.multiplier none\n", n);
    else if (ly->multiplier_per_channel)
        qn_buf_printf(b, "layer.%s.multiplier per-channel, %d bits\n", n,
                      ly->multiplier_bits);
    else
        qn_buf_printf(b, "layer.%s.multiplier %lld, %d bits\n", n,
                      (long long)ly->multiplier[0], ly->multiplier_bits);
    if (ly->shift_per_channel)
        qn_buf_printf(b, "layer.%s.shift per-channel, max %d\n", n,
                      ly->shift_max);
    else
        qn_buf_printf(b, "layer.%s.shift %d\n", n, ly->shift[0]);
    qn_buf_printf(b, "layer.%s.rounding %s\n", n,
                  qn_rounding_names[ly->rounding]);
    qn_buf_printf(b, "layer.%s.activation %s\n", n,
                  ly->activation == QN_ACT_RELU ? "relu" : "none");
    qn_buf_printf(b, "layer.%s.output_type %s\n", n,
                  type_text(ly->out_type, t, sizeof t));
    qn_buf_printf(b, "layer.%s.lanes %d\n", n, ly->lanes);
    qn_buf_printf(b, "layer.%s.simd %d\n", n, ly->simd);
    qn_buf_printf(b, "layer.%s.weight_store %s\n", n,
                  ly->weight_store == QN_STORE_LUT ? "lut" : "bram");
    qn_buf_printf(b, "layer.%s.mac %s\n", n,
                  ly->mac == QN_MAC_DSP ? "dsp" : ly->mac == QN_MAC_LUT ? "lut" : "auto");
    qn_buf_printf(b, "layer.%s.memory %d x %d words of %d bits\n", n,
                  ly->lanes, pl->depth, pl->word_bits);
    qn_buf_printf(b, "layer.%s.latency mac %d, requant %d, depth %d\n", n,
                  pl->lat_mac, pl->lat_rq, pl->pipe_depth);
    size_t nw = (size_t)ly->out * (size_t)ly->in;
    qn_buf_printf(b, "layer.%s.weights ", n);
    fingerprint(b, ly->weight, nw * sizeof *ly->weight);
    qn_buf_putc(b, '\n');
    if (ly->has_bias) {
        qn_buf_printf(b, "layer.%s.biases ", n);
        fingerprint(b, ly->bias, (size_t)ly->out * sizeof *ly->bias);
        qn_buf_putc(b, '\n');
    }
    if (ly->has_multiplier && ly->multiplier_per_channel) {
        qn_buf_printf(b, "layer.%s.multipliers ", n);
        fingerprint(b, ly->multiplier,
                    (size_t)ly->out * sizeof *ly->multiplier);
        qn_buf_putc(b, '\n');
    }
    if (ly->shift_per_channel) {
        qn_buf_printf(b, "layer.%s.shifts ", n);
        fingerprint(b, ly->shift, (size_t)ly->out * sizeof *ly->shift);
        qn_buf_putc(b, '\n');
    }
}

int qn_emit_params(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    qn_buf_t b;
    char ty[16];
    qn_buf_init(&b);
    qn_emit_banner(&b, net, "#", "derived parameters");
    qn_buf_puts(&b, "# KEY VALUE per line; the next `qnngen generate` into "
                "this folder compares\n# them with its own to say why files "
                "changed.  Fingerprints: SHA-256 prefixes.\n");
    qn_buf_printf(&b, "network.input %d x %s\n", net->input_size,
                  type_text(net->input_type, ty, sizeof ty));
    qn_buf_printf(&b, "network.beats in %d, out %d elements\n",
                  net->in_per_beat, net->out_per_beat);
    qn_buf_puts(&b, "network.layers");
    for (int l = 0; l < net->n_layers; l++)
        qn_buf_printf(&b, " %s", net->layers[l].name);
    qn_buf_putc(&b, '\n');
    qn_buf_printf(&b, "options.memory %s\n",
                  d->opt->memory == QN_MEMORY_XILINX_IP ? "xilinx-ip"
                                                        : "inferred");
    qn_buf_printf(&b, "options.ram_style %s\n",
                  d->opt->ram_distributed ? "distributed" : "block");
    qn_buf_printf(&b, "options.trace %s\n", d->opt->trace ? "on" : "off");
    qn_buf_printf(&b, "vectors.count %d\n", d->n_vectors);
    qn_buf_puts(&b, "vectors.inputs ");
    fingerprint(&b, d->x,
                (size_t)d->n_vectors * (size_t)net->input_size * sizeof *d->x);
    qn_buf_putc(&b, '\n');
    for (int l = 0; l < net->n_layers; l++)
        layer_params(&b, d, l);
    return qn_outtree_add_buf(t, QN_PARAMS_NAME, &b);
}

char *qn_params_read_old(const char *dir)
{
    size_t n = strlen(dir) + sizeof QN_PARAMS_NAME + 2;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/%s", dir, QN_PARAMS_NAME);
    FILE *f = fopen(path, "rb");
    free(path);
    if (!f)
        return NULL;
    qn_buf_t b;
    qn_buf_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        qn_buf_put(&b, chunk, got);
    fclose(f);
    size_t len;
    return qn_buf_take(&b, &len);
}

/* ---------------------------------------------------------------------- */
/* Comparing two records. */

/* One `KEY VALUE` line, pointing into a copy of the text. */
typedef struct entry {
    const char *key;
    const char *value;
} entry_t;

typedef struct record {
    char *text;     /* owned copy, split in place */
    entry_t *e;     /* [n] */
    size_t n;
} record_t;

static void record_free(record_t *r)
{
    free(r->text);
    free(r->e);
}

/* Splits `text` into entries; comment and malformed lines are skipped. */
static int record_parse(const char *text, record_t *r)
{
    r->n = 0;
    r->e = NULL;
    r->text = strdup(text ? text : "");
    if (!r->text)
        return 0;
    size_t lines = 1;
    for (const char *p = r->text; *p; p++)
        lines += *p == '\n';
    r->e = calloc(lines, sizeof *r->e);
    if (!r->e)
        return 0;
    char *line = r->text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *sp = strchr(line, ' ');
        if (line[0] != '#' && sp) {
            *sp = '\0';
            r->e[r->n].key = line;
            r->e[r->n].value = sp + 1;
            r->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 1;
}

static const char *record_get(const record_t *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->e[i].key, key) == 0)
            return r->e[i].value;
    return NULL;
}

/* Whether the record has any key of layer `name` ("layer.NAME."). */
static bool has_layer(const record_t *r, const char *prefix, size_t plen)
{
    for (size_t i = 0; i < r->n; i++)
        if (strncmp(r->e[i].key, prefix, plen) == 0)
            return true;
    return false;
}

/* Words for a key's last part. */
static const char *what(const char *k)
{
    static const char *const names[][2] = {
        {"size", "size"},
        {"input_type", "input type"},
        {"weight_bits", "weight width"},
        {"bias", "bias"},
        {"acc_bits", "accumulator width"},
        {"acc_bits_needed", "least accumulator width"},
        {"multiplier", "multiplier"},
        {"shift", "shift"},
        {"rounding", "rounding"},
        {"activation", "activation"},
        {"output_type", "output type"},
        {"lanes", "lanes"},
        {"simd", "simd"},
        {"weight_store", "weight store"},
        {"mac", "products (mac)"},
        {"memory", "lane memories"},
        {"latency", "pipeline"},
        {"weights", "weights"},
        {"biases", "biases"},
        {"multipliers", "per-channel multipliers"},
        {"shifts", "per-channel shifts"},
        {"input", "input"},
        {"beats", "stream packing"},
        {"layers", "layers"},
        {"ram_style", "RAM style"},
        {"trace", "--trace"},
        {"count", "count"},
        {"inputs", "inputs"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], k) == 0)
            return names[i][1];
    return k;
}

static bool is_fingerprint(const char *k)
{
    return strcmp(k, "weights") == 0 || strcmp(k, "biases") == 0 ||
           strcmp(k, "multipliers") == 0 || strcmp(k, "shifts") == 0 ||
           strcmp(k, "inputs") == 0;
}

/* The first word of a value ("19" of "19 proven"). */
static void first_word(const char *v, char *out, size_t cap)
{
    size_t n = strcspn(v, " ");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

/* Whether `key` of layer prefix `lp` differs between the records. */
static bool layer_changed(const record_t *o, const record_t *n,
                          const char *lp, const char *key)
{
    char k[600];
    snprintf(k, sizeof k, "%s%s", lp, key);
    const char *a = record_get(o, k), *b = record_get(n, k);
    if (!a && !b)
        return false;
    return !a || !b || strcmp(a, b) != 0;
}

/* Why a proven accumulator width moved: what it is proven from. */
static void acc_reason(const record_t *o, const record_t *n, const char *lp,
                       char *out, size_t cap)
{
    static const char *const from[][2] = {
        {"weights", "weights"}, {"biases", "biases"},
        {"bias", "bias width or shift"}, {"multiplier", "multiplier"},
        {"multipliers", "multipliers"}, {"input_type", "input type"},
        {"size", "layer size"},
    };
    size_t len = (size_t)snprintf(out, cap, "proven");
    int k = 0;
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
        if (!layer_changed(o, n, lp, from[i][0]) || len >= cap)
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                k == 0 ? " from the new " : " and ",
                                from[i][1]);
        k++;
    }
}

/* "layer fc1" / "network" / "test vectors" / "options". */
static void scope_words(const char *key, char *scope, size_t cap,
                        const char **last)
{
    const char *dot = strrchr(key, '.');
    *last = dot ? dot + 1 : key;
    if (strncmp(key, "layer.", 6) == 0 && dot > key + 6)
        snprintf(scope, cap, "layer %.*s", (int)(dot - key - 6), key + 6);
    else if (strncmp(key, "vectors.", 8) == 0)
        snprintf(scope, cap, "test vectors");
    else
        snprintf(scope, cap, "%.*s", dot ? (int)(dot - key) : 0, key);
}

/* One changed, added or removed key, in words.  Returns 1 when it printed
 * a line. */
static int explain_one(const record_t *o, const record_t *n,
                        const char *key, const char *ov, const char *nv,
                        FILE *out)
{
    char scope[300], ow[64], nw[64], reason[300];
    const char *last;
    scope_words(key, scope, sizeof scope, &last);
    reason[0] = '\0';
    if (strcmp(last, "acc_bits") == 0 && nv) {
        char lp[300];
        snprintf(lp, sizeof lp, "%.*s", (int)(last - key), key);
        if (strstr(nv, "proven"))
            acc_reason(o, n, lp, reason, sizeof reason);
        else
            snprintf(reason, sizeof reason, "acc_bits given in the YAML");
        first_word(ov ? ov : "-", ow, sizeof ow);
        first_word(nv, nw, sizeof nw);
        if (strcmp(ow, nw) == 0) /* only proven <-> given */
            fprintf(out, "  %s: %s %s (%s)\n", scope, what(last), nw, reason);
        else
            fprintf(out, "  %s: %s %s -> %s (%s)\n", scope, what(last), ow,
                    nw, reason);
        return 1;
    }
    if (strcmp(last, "acc_bits_needed") == 0) {
        /* Only worth a line when acc_bits is fixed: with auto, the
         * accumulator width line says it. */
        char k[600];
        snprintf(k, sizeof k, "%.*sacc_bits", (int)(last - key), key);
        const char *acc = record_get(n, k);
        if (!acc || !strstr(acc, "given") || !ov || !nv)
            return 0;
        first_word(acc, nw, sizeof nw);
        fprintf(out, "  %s: %s %s -> %s (acc_bits %s given: the RTL keeps "
                "it)\n", scope, what(last), ov, nv, nw);
        return 1;
    }
    if (is_fingerprint(last))
        fprintf(out, "  %s: %s %s\n", scope, ov && nv ? "new" : nv
                ? "added" : "removed", what(last));
    else if (ov && nv)
        fprintf(out, "  %s: %s %s -> %s\n", scope, what(last), ov, nv);
    else
        fprintf(out, "  %s: %s %s\n", scope, what(last),
                nv ? nv : "removed");
    return 1;
}

int qn_params_explain(const char *old_text, const char *new_text, FILE *out)
{
    record_t o, n;
    int lines = 0;
    if (!record_parse(old_text, &o) || !record_parse(new_text, &n)) {
        record_free(&o);
        record_free(&n);
        return 0;
    }
    /* New and changed keys in the new record's order; a layer that is new
     * (or gone) as a whole gets one line. */
    for (size_t i = 0; i < n.n; i++) {
        const char *k = n.e[i].key, *nv = n.e[i].value;
        const char *ov = record_get(&o, k);
        if (ov && strcmp(ov, nv) == 0)
            continue;
        if (strncmp(k, "layer.", 6) == 0) {
            const char *dot = strrchr(k, '.');
            size_t plen = (size_t)(dot - k) + 1;
            if (!has_layer(&o, k, plen)) {
                if (i == 0 || strncmp(n.e[i - 1].key, k, plen) != 0) {
                    fprintf(out, "  layer %.*s: new layer\n",
                            (int)(plen - 7), k + 6);
                    lines++;
                }
                continue;
            }
        }
        lines += explain_one(&o, &n, k, ov, nv, out);
    }
    for (size_t i = 0; i < o.n; i++) {
        const char *k = o.e[i].key;
        if (record_get(&n, k))
            continue;
        if (strncmp(k, "layer.", 6) == 0) {
            const char *dot = strrchr(k, '.');
            size_t plen = (size_t)(dot - k) + 1;
            if (!has_layer(&n, k, plen)) {
                if (i == 0 || strncmp(o.e[i - 1].key, k, plen) != 0) {
                    fprintf(out, "  layer %.*s: removed\n", (int)(plen - 7),
                            k + 6);
                    lines++;
                }
                continue;
            }
        }
        lines += explain_one(&o, &n, k, o.e[i].value, NULL, out);
    }
    record_free(&o);
    record_free(&n);
    return lines;
}
