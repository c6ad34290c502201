/* emit_lib.c - rtl/lib/qn_*.v: the hand-written library modules compiled
 * into qnngen (templates/qn_*.v), each copied whole behind a banner. */
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

/* Whether an embedded file is a library module (qn_*.v). */
static int is_library(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, "qn_", 3) == 0 && n > 5 &&
           strcmp(name + n - 2, ".v") == 0 && !strchr(name, '/');
}

int qn_emit_library(qn_outtree_t *t, const qn_design_t *d)
{
    int ok = 1;
    for (size_t i = 0; i < qn_embedded_count; i++) {
        const qn_embedded_file_t *f = &qn_embedded_files[i];
        if (!is_library(f->name))
            continue;
        qn_buf_t b;
        qn_buf_init(&b);
        char what[300];
        snprintf(what, sizeof what, "library module, a copy of "
                 "templates/%s", f->name);
        qn_emit_banner(&b, d->net, "//", what);
        qn_buf_put(&b, f->text, f->len);
        char path[300];
        snprintf(path, sizeof path, "rtl/lib/%s", f->name);
        ok = qn_outtree_add_buf(t, path, &b) && ok;
    }
    return ok;
}

/* The design's Verilog files in compile order, space separated: the
 * library, the IP stand-ins, the layers, the top. */
void qn_emit_rtl_list(qn_buf_t *b, const qn_design_t *d, const char *sep)
{
    const char *s = "";
    for (size_t i = 0; i < qn_embedded_count; i++)
        if (is_library(qn_embedded_files[i].name)) {
            qn_buf_printf(b, "%srtl/lib/%s", s, qn_embedded_files[i].name);
            s = sep;
        }
    char name[512];
    if (d->opt->memory == QN_MEMORY_XILINX_IP)
        for (int l = 0; l < d->net->n_layers; l++)
            for (int lane = 0; lane < d->net->layers[l].lanes &&
                               d->net->layers[l].weight_store != QN_STORE_LUT; lane++) {
                qn_lane_ip_name(d, l, lane, name, sizeof name);
                qn_buf_printf(b, "%srtl/ip/%s.v", s, name);
            }
    for (int l = 0; l < d->net->n_layers; l++) {
        qn_layer_module_name(d, l, name, sizeof name);
        qn_buf_printf(b, "%srtl/%s.v", s, name);
    }
    qn_buf_printf(b, "%srtl/%s_top.v", s, d->net->name);
}
