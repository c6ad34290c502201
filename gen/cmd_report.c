/* cmd_report.c - `qnngen report DIR`: what synthesis made of a generated
 * design, beside qnngen's own estimate, in DIR/report.md and
 * DIR/report.json.
 *
 * Reads, all through libyaml (JSON is YAML):
 *   synth/design.yaml     the design's figures (written by generate)
 *   synth/xc7_stat.json   Yosys `stat -json` after synth_xilinx, hierarchy
 *                         kept: per-layer and per-lane-memory cell counts
 *   synth/ice40_stat.json Yosys `stat -json` after synth_ice40 (flat)
 *   synth/ice40_pnr.json  nextpnr-ice40 --report: Fmax and utilization
 *   synth/ice40_part.yaml the part nextpnr placed on
 * Each of the last four is optional; at least one of the stat files must
 * be there.  Both reports are written whole or not at all.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "fileio.h"
#include "node.h"
#include "rtl_commands.h"

/* Cells of one module or subtree, by kind. */
typedef struct cells {
    long lut;   /* LUT1..LUT6 and INV (7-series), SB_LUT4 */
    long ff;    /* FD*E (7-series), SB_DFF* */
    long carry; /* CARRY4, SB_CARRY */
    long muxf;  /* MUXF7, MUXF8 (7-series) */
    long dsp;   /* DSP48E1, SB_MAC16 */
    long ram18; /* RAMB18E1, SB_RAM40_4K */
    long ram36; /* RAMB36E1 */
    long io;    /* IBUF, OBUF, BUFG, SB_IO, SB_GB */
    long other; /* anything else (LUT RAM, SPRAM, ...) */
} cells_t;

/* A `stat -json` document: modules by name, each with its cells by type. */
typedef struct stat_doc {
    qn_node_t *root;          /* owned */
    const qn_node_t *modules; /* the "modules" map inside root */
} stat_doc_t;

/* The report being built. */
typedef struct report {
    const char *dir;
    qn_node_t *design;   /* synth/design.yaml, owned */
    stat_doc_t xc7;      /* root NULL when absent */
    stat_doc_t ice40;
    qn_node_t *pnr;      /* nextpnr report, or NULL */
    qn_node_t *part;     /* synth/ice40_part.yaml, or NULL */
    char path[4096];     /* scratch for file names */
} report_t;

/* Yosys writes "\name" for public names, "$paramod$<hash>\name" or
 * "$paramod\name\PARAM=..." for parameterised ones: the module's own name
 * sits after the first backslash. */
static void base_name(const char *full, char *out, size_t cap)
{
    const char *p = full;
    if (*p == '\\')
        p++;
    else if (strncmp(p, "$paramod", 8) == 0 && strchr(p, '\\'))
        p = strchr(p, '\\') + 1;
    size_t n = strcspn(p, "\\");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

static const char *node_text(const qn_node_t *n)
{
    return n && n->kind == QN_NODE_SCALAR ? n->text : NULL;
}

static long node_long(const qn_node_t *n)
{
    const char *t = node_text(n);
    return t ? strtol(t, NULL, 10) : 0;
}

static double node_double(const qn_node_t *n)
{
    const char *t = node_text(n);
    return t ? strtod(t, NULL) : 0.0;
}

static const qn_node_t *get_path(const qn_node_t *n, const char *a,
                                 const char *b)
{
    n = n && n->kind == QN_NODE_MAP ? qn_node_get(n, a) : NULL;
    if (b)
        n = n && n->kind == QN_NODE_MAP ? qn_node_get(n, b) : NULL;
    return n;
}

/* The module of `doc` whose name, with or without Yosys' backslash,
 * is `name`. */
static const qn_node_t *find_module(const stat_doc_t *doc, const char *name)
{
    const qn_node_t *m = doc->modules;
    for (size_t i = 0; m && i < m->n; i++) {
        const char *k = m->pairs[i].key->text;
        if (strcmp(k, name) == 0 || (k[0] == '\\' && strcmp(k + 1, name) == 0))
            return m->pairs[i].value;
    }
    return NULL;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void classify(cells_t *c, const char *type, long n)
{
    if ((starts(type, "LUT") && strlen(type) == 4) || !strcmp(type, "INV") ||
        !strcmp(type, "SB_LUT4"))
        c->lut += n;
    else if ((starts(type, "FD") && strlen(type) == 4) ||
             starts(type, "SB_DFF"))
        c->ff += n;
    else if (starts(type, "CARRY") || !strcmp(type, "SB_CARRY"))
        c->carry += n;
    else if (starts(type, "MUXF"))
        c->muxf += n;
    else if (starts(type, "DSP48") || !strcmp(type, "SB_MAC16"))
        c->dsp += n;
    else if (!strcmp(type, "RAMB18E1") || !strcmp(type, "SB_RAM40_4K"))
        c->ram18 += n;
    else if (!strcmp(type, "RAMB36E1"))
        c->ram36 += n;
    else if (!strcmp(type, "IBUF") || !strcmp(type, "OBUF") ||
             starts(type, "BUFG") || starts(type, "SB_IO") ||
             starts(type, "SB_GB"))
        c->io += n;
    else
        c->other += n;
}

static void add_cells(cells_t *to, const cells_t *c, long times)
{
    to->lut += times * c->lut;
    to->ff += times * c->ff;
    to->carry += times * c->carry;
    to->muxf += times * c->muxf;
    to->dsp += times * c->dsp;
    to->ram18 += times * c->ram18;
    to->ram36 += times * c->ram36;
    to->io += times * c->io;
    to->other += times * c->other;
}

/* The cells of module `mod` and everything below it.  Returns 0 when the
 * hierarchy is deeper than any qnngen design (a loop). */
static int subtree(const stat_doc_t *doc, const qn_node_t *mod, cells_t *c,
                   int depth)
{
    const qn_node_t *types = get_path(mod, "num_cells_by_type", NULL);
    if (depth > 16)
        return 0;
    for (size_t i = 0; types && types->kind == QN_NODE_MAP && i < types->n;
         i++) {
        const char *type = types->pairs[i].key->text;
        long n = node_long(types->pairs[i].value);
        const qn_node_t *sub = find_module(doc, type);
        if (sub) {
            cells_t s = {0};
            if (!subtree(doc, sub, &s, depth + 1))
                return 0;
            add_cells(c, &s, n);
        } else {
            classify(c, type, n);
        }
    }
    return 1;
}

static int load_stat(report_t *r, stat_doc_t *doc, const char *file)
{
    snprintf(r->path, sizeof r->path, "%s/synth/%s", r->dir, file);
    FILE *f = fopen(r->path, "r");
    if (!f)
        return 1; /* not synthesized for this family */
    fclose(f);
    doc->root = qn_yaml_read_file(r->path);
    if (!doc->root)
        return 0;
    doc->modules = get_path(doc->root, "modules", NULL);
    if (!doc->modules || doc->modules->kind != QN_NODE_MAP) {
        qn_error_at(r->path, doc->root->mark, "no \"modules\" map: not the "
                    "output of Yosys `stat -json`; run make synth again");
        return 0;
    }
    return 1;
}

static qn_node_t *load_optional(report_t *r, const char *file)
{
    snprintf(r->path, sizeof r->path, "%s/synth/%s", r->dir, file);
    FILE *f = fopen(r->path, "r");
    if (!f)
        return NULL;
    fclose(f);
    return qn_yaml_read_file(r->path);
}

/* ------------------------------------------------------------------ */
/* Output: report.md and report.json side by side. */

typedef struct out {
    FILE *md;
    FILE *js;
} out_t;

static void json_cells(FILE *f, const cells_t *c)
{
    fprintf(f, "{\"lut\": %ld, \"ff\": %ld, \"carry\": %ld, \"muxf\": %ld, "
               "\"dsp\": %ld, \"ram18\": %ld, \"ram36\": %ld, \"io\": %ld, "
               "\"other\": %ld}", c->lut, c->ff, c->carry, c->muxf, c->dsp,
            c->ram18, c->ram36, c->io, c->other);
}

/* qnngen's estimate (a map of design.yaml) as JSON, or null. */
static void json_estimate(FILE *f, const qn_node_t *est)
{
    static const char *const keys[] = {"lut", "ff", "bram18", "dsp",
                                       "ice40_lc", "ice40_ram", "cycles"};
    if (!est || est->kind != QN_NODE_MAP) {
        fputs("null", f);
        return;
    }
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        fprintf(f, "%s\"%s\": %ld", i ? ", " : "{", keys[i],
                node_long(get_path(est, keys[i], NULL)));
    fputc('}', f);
}

static void md_xc7_row(FILE *f, const char *name, const cells_t *c,
                       const char *mem, const qn_node_t *est)
{
    fprintf(f, "| %s | %ld | %ld | %ld | %ld | %ld | %ld | %ld | %s |",
            name, c->lut, c->ff, c->carry, c->muxf, c->dsp, c->ram18,
            c->ram36, mem);
    if (est)
        fprintf(f, " %ld / %ld / %ld / %ld |\n",
                node_long(get_path(est, "lut", NULL)),
                node_long(get_path(est, "ff", NULL)),
                node_long(get_path(est, "bram18", NULL)),
                node_long(get_path(est, "dsp", NULL)));
    else
        fprintf(f, " |\n");
}

/* Lane memories of one layer module: every instance whose module is
 * qn_weight_mem or a lane IP (<net>_<layer>_lane<l>_rom).  Sets the
 * count, how many of them are block RAM only, and their RAMB18
 * equivalents. */
static void lane_memories(const stat_doc_t *doc, const qn_node_t *layer_mod,
                          const char *ip_prefix, long *n, long *in_bram,
                          long *bram18, long *mem_lut)
{
    *n = *in_bram = *bram18 = *mem_lut = 0;
    const qn_node_t *types = get_path(layer_mod, "num_cells_by_type", NULL);
    char base[512];
    for (size_t i = 0; types && types->kind == QN_NODE_MAP && i < types->n;
         i++) {
        const char *type = types->pairs[i].key->text;
        base_name(type, base, sizeof base);
        size_t bl = strlen(base);
        int is_mem = strcmp(base, "qn_weight_mem") == 0 ||
                     (starts(base, ip_prefix) && bl > 4 &&
                      strcmp(base + bl - 4, "_rom") == 0);
        const qn_node_t *sub = find_module(doc, type);
        if (!is_mem || !sub)
            continue;
        long count = node_long(types->pairs[i].value);
        cells_t c = {0};
        subtree(doc, sub, &c, 1);
        *n += count;
        *bram18 += count * (c.ram18 + 2 * c.ram36);
        *mem_lut += count * (c.lut + c.muxf);
        if (c.ram18 + c.ram36 > 0 && c.lut + c.ff + c.muxf == 0)
            *in_bram += count;
    }
}

static int xc7_section(report_t *r, out_t *o)
{
    const stat_doc_t *doc = &r->xc7;
    const char *net = node_text(get_path(r->design, "net", NULL));
    const char *top = node_text(get_path(r->design, "top", NULL));
    const qn_node_t *layers = get_path(r->design, "layers", NULL);
    const qn_node_t *top_mod = find_module(doc, top);
    snprintf(r->path, sizeof r->path, "%s/synth/xc7_stat.json", r->dir);
    if (!top_mod) {
        qn_error_at(r->path, (qn_mark_t){0, 0}, "no module %s: synthesized "
                    "from another design? run make synth again", top);
        return 0;
    }
    cells_t total = {0}, rest;
    if (!subtree(doc, top_mod, &total, 0)) {
        qn_error_at(r->path, (qn_mark_t){0, 0}, "module hierarchy deeper "
                    "than 16 levels");
        return 0;
    }
    rest = total;
    fprintf(o->md, "## Xilinx 7-series (Yosys synth_xilinx -family xc7)\n\n"
                   "Per layer, hierarchy kept (synth/xc7_stat.txt has "
                   "every module). `lane memories`: how many of the\n"
                   "layer's lane memories became block RAM alone (no LUTs, "
                   "no flip-flops), and their\nRAMB18 equivalents (a RAMB36 "
                   "counts 2) against what qnngen expected.\n\n"
                   "| layer | LUT | FF | CARRY4 | MUXF7/8 | DSP48E1 | "
                   "RAMB18 | RAMB36 | lane memories | estimate "
                   "LUT / FF / BRAM18 / DSP |\n"
                   "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                   "| --- | --- |\n");
    fprintf(o->js, "  \"xc7\": {\n    \"layers\": [");
    int all_in_bram = 1;
    for (size_t i = 0; layers && i < layers->n; i++) {
        const qn_node_t *ly = layers->items[i];
        const char *name = node_text(get_path(ly, "name", NULL));
        const char *module = node_text(get_path(ly, "module", NULL));
        long lanes = node_long(get_path(ly, "lanes", NULL));
        long lane_b18 = node_long(get_path(ly, "lane_bram18", NULL));
        const qn_node_t *mod = find_module(doc, module);
        cells_t c = {0};
        if (!mod) {
            qn_error_at(r->path, (qn_mark_t){0, 0}, "no module %s (layer "
                        "%s): run make synth again", module, name);
            return 0;
        }
        subtree(doc, mod, &c, 1);
        add_cells(&rest, &c, -1);
        char prefix[600];
        snprintf(prefix, sizeof prefix, "%s_%s_lane", net, name);
        long n, in_bram, b18, mem_lut;
        lane_memories(doc, mod, prefix, &n, &in_bram, &b18, &mem_lut);
        if (in_bram != lanes)
            all_in_bram = 0;
        char mem[160];
        snprintf(mem, sizeof mem, "%ld of %ld in BRAM, %ld RAMB18 eq. "
                 "(expected %ld)", in_bram, lanes, b18, lanes * lane_b18);
        md_xc7_row(o->md, name, &c, mem, get_path(ly, "estimate", NULL));
        fprintf(o->js, "%s\n      {\"name\": \"%s\", \"module\": \"%s\", "
                       "\"cells\": ", i ? "," : "", name, module);
        json_cells(o->js, &c);
        fprintf(o->js, ",\n       \"lanes\": %ld, \"lane_memories\": %ld, "
                       "\"lane_memories_in_bram\": %ld, "
                       "\"lane_memory_bram18\": %ld, "
                       "\"lane_memory_luts\": %ld, "
                       "\"expected_lane_memory_bram18\": %ld,\n"
                       "       \"estimate\": ",
                lanes, n, in_bram, b18, mem_lut, lanes * lane_b18);
        json_estimate(o->js, get_path(ly, "estimate", NULL));
        fputc('}', o->js);
    }
    md_xc7_row(o->md, "stream I/O, hand-over", &rest, "",
               get_path(r->design, "estimate_io", NULL));
    md_xc7_row(o->md, "**total**", &total, "",
               get_path(r->design, "estimate_total", NULL));
    fprintf(o->md, "\nEvery lane memory in block RAM: %s. I/O buffers "
                   "(IBUF/OBUF/BUFG): %ld; other cells: %ld.\n\n",
            all_in_bram ? "yes" : "**no**", total.io, total.other);
    fprintf(o->js, "\n    ],\n    \"rest\": ");
    json_cells(o->js, &rest);
    fprintf(o->js, ",\n    \"rest_estimate\": ");
    json_estimate(o->js, get_path(r->design, "estimate_io", NULL));
    fprintf(o->js, ",\n    \"total\": ");
    json_cells(o->js, &total);
    fprintf(o->js, ",\n    \"total_estimate\": ");
    json_estimate(o->js, get_path(r->design, "estimate_total", NULL));
    fprintf(o->js, ",\n    \"all_lane_memories_in_bram\": %s\n  }",
            all_in_bram ? "true" : "false");
    return 1;
}

static void ice40_section(report_t *r, out_t *o, int first)
{
    cells_t c = {0};
    const char *top = node_text(get_path(r->design, "top", NULL));
    const qn_node_t *top_mod = r->ice40.root ? find_module(&r->ice40, top)
                                             : NULL;
    if (top_mod)
        subtree(&r->ice40, top_mod, &c, 0);
    const char *dev = node_text(get_path(r->part, "device", NULL));
    const char *pkg = node_text(get_path(r->part, "package", NULL));
    if (!dev) {
        dev = node_text(get_path(r->design, "ice40_device", NULL));
        pkg = node_text(get_path(r->design, "ice40_package", NULL));
    }
    fprintf(o->md, "## Lattice iCE40 (Yosys synth_ice40, nextpnr-ice40)\n\n");
    fprintf(o->js, "%s  \"ice40\": {\n    \"device\": \"%s\", \"package\": "
                   "\"%s\"", first ? "" : ",\n", dev ? dev : "",
            pkg ? pkg : "");
    fprintf(o->md, "Part: iCE40 %s, package %s (qnngen picked it from its "
                   "estimate: %s).\n\n", dev ? dev : "?", pkg ? pkg : "?",
            node_long(get_path(r->design, "ice40_fits", NULL))
                ? "the design fits it"
                : "the design fits no iCE40 part");
    if (top_mod) {
        fprintf(o->md, "| cells | SB_LUT4 | SB_DFF* | SB_CARRY | SB_RAM40_4K "
                       "| SB_MAC16 | I/O | other |\n| --- | ---: | ---: | "
                       "---: | ---: | ---: | ---: | ---: |\n"
                       "| Yosys | %ld | %ld | %ld | %ld | %ld | %ld | %ld "
                       "|\n\n", c.lut, c.ff, c.carry, c.ram18, c.dsp, c.io,
                c.other);
        fprintf(o->js, ",\n    \"cells\": ");
        json_cells(o->js, &c);
    }
    const qn_node_t *fmax = get_path(r->pnr, "fmax", NULL);
    if (fmax && fmax->kind == QN_NODE_MAP && fmax->n > 0) {
        double got = node_double(get_path(fmax->pairs[0].value, "achieved",
                                          NULL));
        double want = node_double(get_path(fmax->pairs[0].value,
                                           "constraint", NULL));
        fprintf(o->md, "After place and route: Fmax **%.2f MHz** (target "
                       "%.2f MHz, %s).\n\n", got, want,
                got >= want ? "met" : "not met");
        fprintf(o->js, ",\n    \"fmax_mhz\": %.2f, \"target_mhz\": %.2f",
                got, want);
    }
    const qn_node_t *util = get_path(r->pnr, "utilization", NULL);
    if (util && util->kind == QN_NODE_MAP) {
        fprintf(o->md, "| resource | used | available | %% |\n| --- | ---: "
                       "| ---: | ---: |\n");
        fprintf(o->js, ",\n    \"utilization\": {");
        for (size_t i = 0; i < util->n; i++) {
            long used = node_long(get_path(util->pairs[i].value, "used",
                                           NULL));
            long avail = node_long(get_path(util->pairs[i].value,
                                            "available", NULL));
            fprintf(o->md, "| %s | %ld | %ld | %.1f |\n",
                    util->pairs[i].key->text, used, avail,
                    avail ? 100.0 * (double)used / (double)avail : 0.0);
            fprintf(o->js, "%s\"%s\": {\"used\": %ld, \"available\": %ld}",
                    i ? ", " : "", util->pairs[i].key->text, used, avail);
        }
        fprintf(o->md, "\n");
        fprintf(o->js, "}");
    } else {
        fprintf(o->md, "No place and route yet (make synth-ice40).\n\n");
    }
    const qn_node_t *et = get_path(r->design, "estimate_total", NULL);
    fprintf(o->md, "qnngen's estimate: %ld logic cells, %ld RAM blocks.\n\n",
            node_long(get_path(et, "ice40_lc", NULL)),
            node_long(get_path(et, "ice40_ram", NULL)));
    fprintf(o->js, ",\n    \"estimate\": ");
    json_estimate(o->js, et);
    fprintf(o->js, "\n  }");
}

static int write_reports(report_t *r)
{
    qn_atomic_file_t md, js;
    char path[4200];
    snprintf(path, sizeof path, "%s/report.md", r->dir);
    if (!qn_atomic_begin(&md, path))
        return 0;
    snprintf(path, sizeof path, "%s/report.json", r->dir);
    if (!qn_atomic_begin(&js, path)) {
        qn_atomic_abort(&md);
        return 0;
    }
    out_t o = {md.f, js.f};
    const char *net = node_text(get_path(r->design, "net", NULL));
    fprintf(o.md, "# Synthesis report: %s\n\nWritten by `qnngen report` "
                  "from synth/ (Yosys, nextpnr) and synth/design.yaml "
                  "(qnngen's\nfigures); the estimate is qnngen's, from the "
                  "network alone.\n\n", net);
    fprintf(o.js, "{\n  \"net\": \"%s\",\n  \"ideal_interval\": %ld,\n  "
                  "\"ideal_latency\": %ld,\n", net,
            node_long(get_path(r->design, "ideal_interval", NULL)),
            node_long(get_path(r->design, "ideal_latency", NULL)));
    int ok = 1, first = 1;
    if (r->xc7.root) {
        ok = xc7_section(r, &o);
        first = 0;
    }
    if (ok && (r->ice40.root || r->pnr))
        ice40_section(r, &o, first);
    fprintf(o.js, "\n}\n");
    if (!ok) {
        qn_atomic_abort(&md);
        qn_atomic_abort(&js);
        return 0;
    }
    ok = qn_atomic_commit(&md);
    ok = qn_atomic_commit(&js) && ok;
    return ok;
}

int qn_cmd_report(int argc, char **argv)
{
    static const struct option options[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: qnngen report DIR\n\nWrites DIR/report.md and "
                   "DIR/report.json from what `make synth` and\n`make "
                   "synth-ice40` left in DIR/synth/.\n");
            return QN_EXIT_OK;
        }
        return qn_usage_error("report", "see `qnngen report --help`");
    }
    if (optind + 1 != argc)
        return qn_usage_error("report", "give one design folder: qnngen "
                              "report DIR");
    report_t r;
    memset(&r, 0, sizeof r);
    r.dir = argv[optind];
    int status = QN_EXIT_FAIL;
    snprintf(r.path, sizeof r.path, "%s/synth/design.yaml", r.dir);
    r.design = qn_yaml_read_file(r.path);
    if (!r.design)
        goto out;
    if (!node_text(get_path(r.design, "net", NULL)) ||
        !node_text(get_path(r.design, "top", NULL)) ||
        !get_path(r.design, "layers", NULL) ||
        get_path(r.design, "layers", NULL)->kind != QN_NODE_SEQ) {
        qn_error_at(r.path, r.design->mark, "not a qnngen design file (no "
                    "net, top or layers); generate the design again");
        goto out;
    }
    if (!load_stat(&r, &r.xc7, "xc7_stat.json") ||
        !load_stat(&r, &r.ice40, "ice40_stat.json"))
        goto out;
    r.pnr = load_optional(&r, "ice40_pnr.json");
    r.part = load_optional(&r, "ice40_part.yaml");
    if (qn_error_count())
        goto out;
    if (!r.xc7.root && !r.ice40.root) {
        qn_error_at(r.dir, (qn_mark_t){0, 0}, "nothing synthesized yet: run "
                    "`make synth` or `make synth-ice40` there first");
        goto out;
    }
    if (write_reports(&r)) {
        printf("%s/report.md, %s/report.json\n", r.dir, r.dir);
        status = QN_EXIT_OK;
    }
out:
    qn_node_free(r.design);
    qn_node_free(r.xc7.root);
    qn_node_free(r.ice40.root);
    qn_node_free(r.pnr);
    qn_node_free(r.part);
    return status;
}
