/* emit_vivado.c - vivado/build.tcl, a Vivado batch script that builds the
 * design (project, one blk_mem_gen IP per lane memory with --memory
 * xilinx-ip, synthesis, implementation, reports), and vivado/<net>.xdc,
 * its clock constraint. */
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

/* One lane memory's IP: the same shape as its stand-in (emit_ip.c). */
static int ip_block(qn_buf_t *out, const qn_design_t *d, int li, int lane)
{
    const qn_layer_t *ly = &d->net->layers[li];
    const qn_layer_plan_t *pl = &d->plan[li];
    char ip[512];
    qn_lane_ip_name(d, li, lane, ip, sizeof ip);
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set(&v, "IP", ip);
    qn_tvars_set(&v, "LAYER", ly->name);
    qn_tvars_set_long(&v, "LANE", lane);
    qn_tvars_set_long(&v, "DEPTH", pl->depth);
    /* blk_mem_gen takes 2 words at least; the address stays 1 bit. */
    qn_tvars_set_long(&v, "IP_DEPTH", pl->depth < 2 ? 2 : pl->depth);
    qn_tvars_set_long(&v, "WIDTH", pl->word_bits);
    qn_tvars_setf(&v, "COE", "coe/%s_lane%d.coe", ly->name, lane);
    if (out->len)
        qn_buf_putc(out, '\n');
    int ok = qn_template_fill("vivado_ip.tcl.in", &v, out) == 0;
    qn_tvars_free(&v);
    return ok;
}

/* The RTL files, one "    $root/<file> \" a line; the stand-ins of
 * rtl/ip/ are left out (the IP takes their place). */
static void rtl_lines(qn_buf_t *out, const qn_design_t *d)
{
    qn_buf_t all;
    qn_buf_init(&all);
    qn_emit_rtl_list(&all, d, "\n");
    const char *p = all.data ? all.data : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (strncmp(p, "rtl/ip/", 7) != 0)
            qn_buf_printf(out, "    [file join $root %.*s] \\\n", (int)n, p);
        p += n + (nl != NULL);
    }
    qn_buf_free(&all);
}

int qn_emit_vivado(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    int ok = 1;
    qn_buf_t banner, ips, rtl, out;
    qn_buf_init(&banner);
    qn_buf_init(&ips);
    qn_buf_init(&rtl);
    qn_buf_init(&out);
    char period[32], mhz[32];
    snprintf(period, sizeof period, "%.3f", d->opt->clock_ns);
    snprintf(mhz, sizeof mhz, "%.1f", 1000.0 / d->opt->clock_ns);

    qn_emit_banner(&banner, net, "#", "Vivado build script");
    banner.data[--banner.len] = '\0';
    if (d->opt->memory == QN_MEMORY_XILINX_IP) {
        /* Layers with weight_store: lut have no lane memories. */
        for (int l = 0; l < net->n_layers; l++)
            for (int lane = 0; lane < net->layers[l].lanes &&
                               net->layers[l].weight_store != QN_STORE_LUT; lane++)
                ok = ip_block(&ips, d, l, lane) && ok;
        if (ips.len == 0)
            qn_buf_puts(&ips, "# None: every layer keeps its weights in logic "
                              "(weight_store: lut).\n");
        ips.data[--ips.len] = '\0';
    } else {
        qn_buf_puts(&ips, "# None: the lane memories are inferred from "
                          "rtl/lib/qn_weight_mem.v\n# (generate with "
                          "--memory xilinx-ip for blk_mem_gen IP).");
    }
    rtl_lines(&rtl, d);
    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "NET", net->name);
    qn_tvars_setf(&v, "TOP", "%s_top", net->name);
    qn_tvars_set(&v, "PART", d->opt->part);
    qn_tvars_set(&v, "PERIOD", period);
    qn_tvars_set(&v, "MEMORY",
                 d->opt->memory == QN_MEMORY_XILINX_IP
                     ? "one blk_mem_gen IP each, from coe/"
                     : "inferred from the RTL, initialized from mem/");
    qn_tvars_set_buf(&v, "IPS", &ips);
    qn_tvars_set_buf(&v, "RTL", &rtl);
    ok = qn_template_fill("vivado_build.tcl.in", &v, &out) == 0 && ok;
    qn_tvars_free(&v);
    ok = ok && qn_outtree_add_buf(t, "vivado/build.tcl", &out);

    qn_buf_init(&banner);
    qn_emit_banner(&banner, net, "#", "clock constraint of vivado/build.tcl");
    banner.data[--banner.len] = '\0';
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "PERIOD", period);
    qn_tvars_set(&v, "MHZ", mhz);
    ok = qn_template_fill("vivado.xdc.in", &v, &out) == 0 && ok;
    qn_tvars_free(&v);
    char path[600];
    snprintf(path, sizeof path, "vivado/%s.xdc", net->name);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    qn_buf_free(&ips);
    qn_buf_free(&rtl);
    qn_buf_free(&banner);
    return ok;
}
