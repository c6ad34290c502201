/* emit_tb.c - the testbench and its data: tb/<net>_tb.v, sim/input.mem,
 * sim/expected.mem and, with --trace, sim/expected_<layer>.mem. */
#include <stdio.h>

#include "emit.h"
#include "outtree.h"
#include "template.h"

/* `n` words of a vector table, one hex word a line. */
static int vector_file(qn_outtree_t *t, const qn_design_t *d,
                       const char *path, const char *what,
                       const int64_t *v, size_t n, int size,
                       qn_int_type_t type)
{
    qn_buf_t b;
    qn_buf_init(&b);
    qn_emit_banner(&b, d->net, "//", what);
    qn_buf_printf(&b, "// %d vectors of %d elements, %d-bit %s, one a line "
                  "(vector-major), two's complement hex.\n", d->n_vectors,
                  size, type.bits, type.is_signed ? "signed" : "unsigned");
    qn_buf_reserve(&b, n * (size_t)((type.bits + 3) / 4 + 1));
    for (size_t i = 0; i < n; i++) {
        qn_emit_hex(&b, v[i], type.bits);
        qn_buf_putc(&b, '\n');
    }
    return qn_outtree_add_buf(t, path, &b);
}

/* The --trace declarations and check of hidden layer l. */
static int trace_block(const qn_design_t *d, int l, qn_buf_t *decls,
                       qn_buf_t *checks, qn_buf_t *passed, qn_buf_t *failed)
{
    const qn_layer_t *ly = &d->net->layers[l];
    int e = 0;
    for (int part = 0; part < 2; part++) {
        qn_tvars_t v;
        qn_tvars_init(&v);
        qn_tvars_set(&v, "LAYER", ly->name);
        qn_tvars_set_long(&v, "L", l);
        qn_tvars_set_long(&v, "OUT", ly->out);
        if (part == 0) {
            qn_tvars_set_long(&v, "Y_BITS", ly->out_type.bits);
            qn_tvars_set(&v, "SIGNED_KW",
                         ly->out_type.is_signed ? "signed " : "");
            e += qn_template_fill("tb_trace_decls.v.in", &v, decls);
        } else {
            /* Checked in the next layer's input buffer. */
            qn_tvars_set(&v, "NEXT", d->net->layers[l + 1].name);
            qn_tvars_set_long(&v, "L_NEXT", l + 1);
            e += qn_template_fill("tb_trace_check.v.in", &v, checks);
        }
        qn_tvars_free(&v);
    }
    qn_buf_printf(passed, " + passed_l%d", l);
    qn_buf_printf(failed, " + failed_l%d + (N_VECTORS - vec_l%d) * %d", l, l,
                  ly->out);
    return e == 0;
}

/* Cycles between the testbench's progress lines for a run of about
 * `cycles`: none for runs of seconds, else about 40 lines, at a round
 * number (1, 2 or 5 times a power of ten, at least 10000). */
static long progress_every(long cycles)
{
    if (cycles < 200000)
        return 0;
    long step = 10000;
    for (;;) {
        if (step * 2 * 40 > cycles)
            return step;
        if (step * 5 * 40 > cycles)
            return step * 2;
        if (step * 10 * 40 > cycles)
            return step * 5;
        step *= 10;
    }
}

int qn_emit_testbench(qn_outtree_t *t, const qn_design_t *d)
{
    const qn_network_t *net = d->net;
    const qn_layer_t *last = &net->layers[net->n_layers - 1];
    int ok = 1;
    char path[512], what[256];

    /* Data. */
    ok = vector_file(t, d, "sim/input.mem", "test input vectors", d->x,
                     (size_t)d->n_vectors * (size_t)net->input_size,
                     net->input_size, net->input_type) && ok;
    snprintf(what, sizeof what, "expected outputs (layer %s), from the "
             "reference model", last->name);
    ok = vector_file(t, d, "sim/expected.mem", what,
                     d->trace->layer_out[net->n_layers - 1],
                     (size_t)d->n_vectors * (size_t)last->out, last->out,
                     last->out_type) && ok;
    if (d->opt->trace)
        for (int l = 0; l + 1 < net->n_layers; l++) {
            const qn_layer_t *ly = &net->layers[l];
            snprintf(path, sizeof path, "sim/expected_%s.mem", ly->name);
            snprintf(what, sizeof what, "expected outputs of layer %s, "
                     "from the reference model", ly->name);
            ok = vector_file(t, d, path, what, d->trace->layer_out[l],
                             (size_t)d->n_vectors * (size_t)ly->out,
                             ly->out, ly->out_type) && ok;
        }

    /* The testbench. */
    qn_buf_t banner, decls, checks, passed, failed, out;
    qn_buf_init(&banner);
    qn_buf_init(&decls);
    qn_buf_init(&checks);
    qn_buf_init(&passed);
    qn_buf_init(&failed);
    qn_buf_init(&out);
    qn_emit_banner(&banner, net, "//", "self-checking testbench");
    banner.data[--banner.len] = '\0'; /* the template ends the line */
    if (d->opt->trace)
        for (int l = 0; l + 1 < net->n_layers; l++)
            ok = trace_block(d, l, &decls, &checks, &passed, &failed) && ok;

    /* Generous bound: every vector through every stage, beats included. */
    long per = d->ideal_interval + 64 + d->in_beats + d->out_beats;
    for (int l = 0; l < net->n_layers; l++)
        per += d->plan[l].pipe_depth;
    long timeout = (long)(d->n_vectors + net->n_layers + 4) * per + 1000;
    if (timeout > (1L << 26))
        timeout = 1L << 26;

    qn_tvars_t v;
    qn_tvars_init(&v);
    qn_tvars_set_buf(&v, "BANNER", &banner);
    qn_tvars_set(&v, "NET", net->name);
    qn_tvars_set_long(&v, "N_VECTORS", d->n_vectors);
    qn_tvars_set_long(&v, "IN_SIZE", net->input_size);
    qn_tvars_set_long(&v, "IN_BITS", net->input_type.bits);
    qn_tvars_set_long(&v, "IN_PER_BEAT", net->in_per_beat);
    qn_tvars_set_long(&v, "IN_BEATS", d->in_beats);
    qn_tvars_set_long(&v, "OUT_SIZE", last->out);
    qn_tvars_set_long(&v, "OUT_BITS", last->out_type.bits);
    qn_tvars_set_long(&v, "OUT_PER_BEAT", net->out_per_beat);
    qn_tvars_set_long(&v, "OUT_BEATS", d->out_beats);
    qn_tvars_set(&v, "OUT_SIGNED_KW",
                 last->out_type.is_signed ? "signed " : "");
    qn_tvars_set(&v, "LAST_LAYER", last->name);
    qn_tvars_set_long(&v, "TIMEOUT", timeout);
    qn_tvars_set_long(&v, "PROGRESS",
                      (long)d->n_vectors * d->ideal_interval > 200000);
    /* Vector 0 goes alone (a latency), vector 1 follows it out (another),
     * then one interval a vector. */
    long about = 2 * d->ideal_latency +
                 (long)(d->n_vectors > 2 ? d->n_vectors - 2 : 0) *
                     d->ideal_interval;
    qn_tvars_set_long(&v, "PROGRESS_EVERY", progress_every(about));
    qn_tvars_set_long(&v, "CYCLES_ABOUT", about);
    qn_tvars_set_buf(&v, "TRACE_DECLS", &decls);
    qn_tvars_set_buf(&v, "TRACE_CHECKS", &checks);
    qn_tvars_set_buf(&v, "TRACE_PASSED", &passed);
    qn_tvars_set_buf(&v, "TRACE_FAILED", &failed);
    ok = qn_template_fill("tb.v.in", &v, &out) == 0 && ok;
    qn_tvars_free(&v);
    snprintf(path, sizeof path, "tb/%s_tb.v", net->name);
    ok = ok && qn_outtree_add_buf(t, path, &out);
    qn_buf_free(&out);
    return ok;
}
