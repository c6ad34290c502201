/* emit_make.c - the design folder's Makefile (templates/design.mk.in). */
#include <stdio.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

int qn_emit_makefile(qn_outtree_t *t, const qn_design_t *d)
{
    qn_buf_t banner, rtl, out;
    qn_buf_init(&banner);
    qn_buf_init(&rtl);
    qn_buf_init(&out);
    qn_emit_banner(&banner, d->net, "#", "Makefile of the design");
    banner.data[--banner.len] = '\0';
    qn_emit_rtl_list(&rtl, d, " \\\n\t");
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "NET", d->net->name);
    qn_tvars_set_buf(&v, "RTL_FILES", &rtl);
    qn_tvars_setf(&v, "TB_FILE", "tb/%s_tb.v", d->net->name);
    qn_tvars_set(&v, "ICE40_DEVICE", d->est.ice40_device);
    qn_tvars_set(&v, "ICE40_PACKAGE", d->est.ice40_package);
    qn_tvars_setf(&v, "ICE40_WHY", "%s, %s (qnngen's estimate: %ld logic "
                  "cells, %ld RAM blocks, %d I/O%s).",
                  d->est.ice40_device, d->est.ice40_package,
                  d->est.total.ice40_lc, d->est.total.ice40_ram,
                  d->est.io_pins, d->est.ice40_fits ? ", which fit"
                                                    : "; fits no iCE40 part");
    int ok = qn_template_fill("design.mk.in", &v, &out) == 0;
    qn_tvars_free(&v);
    ok = ok && qn_outtree_add_buf(t, "Makefile", &out);
    qn_buf_free(&out);
    return ok;
}
