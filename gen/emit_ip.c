/* emit_ip.c - with --memory xilinx-ip, one behavioural stand-in per lane
 * ROM (rtl/ip/<net>_<layer>_lane<l>_rom.v), named like the blk_mem_gen IP
 * the Vivado script creates from coe/<layer>_lane<l>.coe, with the same
 * ports (clka, ena, addra, douta) and read latency (1). */
#include <stdio.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

static int standin(qn_outtree_t *t, const qn_design_t *d, int li, int lane)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    char ip[512], what[600];
    qn_lane_ip_name(d, li, lane, ip, sizeof ip);
    snprintf(what, sizeof what, "stand-in for the blk_mem_gen IP %s", ip);
    qn_buf_t banner, out;
    qn_buf_init(&banner);
    qn_buf_init(&out);
    qn_emit_banner(&banner, d->net, "//", what);
    banner.data[--banner.len] = '\0';
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "IP", ip);
    qn_tvars_set_long(&v, "DEPTH", pl->depth);
    qn_tvars_set_long(&v, "WIDTH", pl->word_bits);
    qn_tvars_set_long(&v, "AW", pl->addr_bits);
    qn_tvars_setf(&v, "INIT_FILE", "mem/%s_lane%d.mem", ly->name, lane);
    qn_tvars_setf(&v, "COE", "coe/%s_lane%d.coe", ly->name, lane);
    int ok = qn_template_fill("ip_rom.v.in", &v, &out) == 0;
    qn_tvars_free(&v);
    char path[600];
    snprintf(path, sizeof path, "rtl/ip/%s.v", ip);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    return ok;
}

int qn_emit_ip_standins(qn_outtree_t *t, const qn_design_t *d)
{
    int ok = 1;
    for (int l = 0; l < d->net->n_layers; l++)
        for (int lane = 0; lane < d->net->layers[l].lanes &&
                           d->net->layers[l].weight_store != QN_STORE_LUT; lane++)
            ok = standin(t, d, l, lane) && ok;
    return ok;
}
