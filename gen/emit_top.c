/* emit_top.c - rtl/<net>_top.v: AXI4-Stream in and out, one stage per
 * layer, qn_sync (templates/top.v.in, top_stage.v.in). */
#include <stdio.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

static int stage(qn_buf_t *out, const qn_design_t *d, int li)
{
    const qn_layer_t *ly = &d->net->layers[li];
    char module[512];
    qn_layer_module_name(d, li, module, sizeof module);
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_long(&v, "L", li);
    qn_tvars_set(&v, "LAYER", ly->name);
    qn_tvars_set(&v, "MODULE", module);
    qn_tvars_set_long(&v, "OUT", ly->out);
    qn_tvars_set_long(&v, "Y_BITS", ly->out_type.bits);
    qn_tvars_set_long(&v, "GROUP_BITS", qn_addr_bits(d->plan[li].groups));
    qn_tvars_set_long(&v, "Y_DATA_W", (long)ly->lanes * ly->out_type.bits);
    /* Stage 0 reads the input stream, the others the stage before. */
    if (li == 0) {
        qn_tvars_set(&v, "X_WR", "in_wr");
        qn_tvars_set(&v, "X_CHUNK", "in_beat");
        qn_tvars_set(&v, "X_DATA", "in_data");
        qn_tvars_set(&v, "X_CLAIM", "in_claim");
    } else {
        qn_tvars_setf(&v, "X_WR", "y_wr_%d", li - 1);
        qn_tvars_setf(&v, "X_CHUNK", "y_group_%d", li - 1);
        qn_tvars_setf(&v, "X_DATA", "y_data_%d", li - 1);
        qn_tvars_setf(&v, "X_CLAIM", "start[%d]", li - 1);
    }
    int e = qn_template_fill("top_stage.v.in", &v, out);
    qn_tvars_free(&v);
    return e == 0;
}

int qn_emit_top(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    const qn_layer_t *last = &net->layers[net->n_layers - 1];
    int ok = 1;
    qn_buf_t banner, stages, unused, out;
    qn_buf_init(&banner);
    qn_buf_init(&stages);
    qn_buf_init(&unused);
    qn_buf_init(&out);
    qn_emit_banner(&banner, net, "//", "top level");
    banner.data[--banner.len] = '\0';
    for (int l = 0; l < net->n_layers; l++) {
        ok = stage(&stages, d, l) && ok;
        if (l > 0)
            qn_buf_printf(&unused, ", x_claims_%d, x_room_%d", l, l);
    }

    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "NET", net->name);
    qn_tvars_set_long(&v, "N_LAYERS", net->n_layers);
    qn_tvars_set_long(&v, "IN_SIZE", net->input_size);
    qn_tvars_set_long(&v, "IN_BITS", net->input_type.bits);
    qn_tvars_set(&v, "IN_SIGNEDNESS",
                 net->input_type.is_signed ? "signed" : "unsigned");
    qn_tvars_set_long(&v, "IN_PER_BEAT", net->in_per_beat);
    qn_tvars_set_long(&v, "IN_PER_BEAT_MAX", net->in_per_beat - 1);
    qn_tvars_set_long(&v, "IN_BEATS", d->in_beats);
    qn_tvars_set_long(&v, "IN_BEAT_BITS", qn_addr_bits(d->in_beats));
    qn_tvars_set_long(&v, "IN_BEAT_W",
                      (long)net->in_per_beat * net->input_type.bits);
    qn_tvars_set_long(&v, "OUT_SIZE", last->out);
    qn_tvars_set_long(&v, "OUT_BITS", last->out_type.bits);
    qn_tvars_set(&v, "OUT_SIGNEDNESS",
                 last->out_type.is_signed ? "signed" : "unsigned");
    qn_tvars_set_long(&v, "OUT_PER_BEAT", net->out_per_beat);
    qn_tvars_set_long(&v, "OUT_BEATS", d->out_beats);
    qn_tvars_set_long(&v, "IDEAL_INTERVAL", d->ideal_interval);
    qn_tvars_set_long(&v, "IDEAL_LATENCY", d->ideal_latency);
    qn_tvars_set_buf(&v, "STAGES", &stages);
    qn_tvars_set_long(&v, "LAST", net->n_layers - 1);
    qn_tvars_set_long(&v, "LAST_LANES", last->lanes);
    qn_tvars_set_buf(&v, "UNUSED_STAGES", &unused);
    ok = qn_template_fill("top.v.in", &v, &out) == 0 && ok;
    qn_tvars_free(&v);
    qn_buf_free(&unused);
    char path[512];
    snprintf(path, sizeof path, "rtl/%s_top.v", net->name);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    return ok;
}
