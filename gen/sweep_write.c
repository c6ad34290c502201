/* sweep_write.c - the sweep's Markdown table, JSON file and SVG plot (see
 * sweep.h).  Numbers are printed with %.6g in the C locale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "fileio.h"
#include "sweep.h"

void qn_sweep_free(qn_sweep_t *s)
{
    for (int l = 0; s->layer_names && l < s->n_layers; l++)
        free(s->layer_names[l]);
    free(s->layer_names);
    for (int i = 0; s->rows && i < s->n_rows; i++) {
        free(s->rows[i].max_err);
        free(s->rows[i].mean_err);
    }
    free(s->rows);
    free(s->name);
    memset(s, 0, sizeof *s);
}

static bool has_accuracy(const qn_sweep_t *s)
{
    for (int i = 0; i < s->n_rows; i++)
        if (s->rows[i].has_accuracy)
            return true;
    return false;
}

/* ---------------------------------------------------------------------- */
/* Markdown. */

static void md_synth_cells(qn_buf_t *b, const qn_sweep_t *s,
                           const qn_sweep_row_t *r)
{
    if (!s->synth)
        return;
    if (!r->fig.xc7_ok)
        qn_buf_puts(b, " - | - | - | - | - | - |");
    else
        qn_buf_printf(b, " %ld | %ld | %ld | %ld | %ld | %ld |", r->fig.lut,
                      r->fig.ff, r->fig.carry, r->fig.ramb18, r->fig.ramb36,
                      r->fig.dsp);
    if (!s->ice40)
        return;
    if (r->fig.ice40_fits)
        qn_buf_printf(b, " %.1f MHz (%s) |", r->fig.fmax_mhz,
                      r->fig.ice40_device);
    else if (r->fig.ice40_tried)
        qn_buf_printf(b, " place and route failed (%s) |",
                      r->fig.ice40_device);
    else
        qn_buf_puts(b, r->fig.xc7_ok ? " too large for iCE40 (estimate) |"
                                     : " - |");
}

static void markdown(qn_buf_t *b, const qn_sweep_t *s)
{
    int last = s->n_layers - 1;
    bool acc = has_accuracy(s);
    qn_buf_printf(b, "# Weight-width sweep of %s\n\n", s->name);
    qn_buf_puts(b, "| weights |");
    if (acc)
        qn_buf_puts(b, " accuracy float | accuracy quantized |");
    qn_buf_printf(b, " %s mean abs error | %s max abs error | weight bits |",
                  s->layer_names[last], s->layer_names[last]);
    if (s->synth)
        qn_buf_puts(b, " LUT | FF | CARRY4 | RAMB18 | RAMB36 | DSP48 |");
    if (s->ice40)
        qn_buf_puts(b, " iCE40 Fmax |");
    qn_buf_puts(b, "\n|---:|");
    int cols = (acc ? 2 : 0) + 3 + (s->synth ? 6 : 0) + (s->ice40 ? 1 : 0);
    for (int c = 0; c < cols; c++)
        qn_buf_puts(b, "---:|");
    qn_buf_putc(b, '\n');
    for (int i = 0; i < s->n_rows; i++) {
        const qn_sweep_row_t *r = &s->rows[i];
        qn_buf_printf(b, "| %d |", r->bits);
        if (!r->quantized) {
            for (int c = 0; c < cols; c++)
                qn_buf_puts(b, c == 0 ? " quantize failed |" : " - |");
            qn_buf_putc(b, '\n');
            continue;
        }
        if (acc) {
            if (r->has_accuracy)
                qn_buf_printf(b, " %.2f %% | %.2f %% |", r->acc_float,
                              r->acc_quant);
            else
                qn_buf_puts(b, " - | - |");
        }
        qn_buf_printf(b, " %.6g | %.6g | %ld |", r->mean_err[last],
                      r->max_err[last], r->weight_bits_total);
        md_synth_cells(b, s, r);
        qn_buf_putc(b, '\n');
    }
    qn_buf_printf(b, "\nMean absolute error of each layer's dequantized "
                  "outputs against the float network (%d vectors):\n\n"
                  "| layer |", s->n_rows ? s->rows[0].n_vectors : 0);
    for (int i = 0; i < s->n_rows; i++)
        qn_buf_printf(b, " %d-bit |", s->rows[i].bits);
    qn_buf_puts(b, "\n|---|");
    for (int i = 0; i < s->n_rows; i++)
        qn_buf_puts(b, "---:|");
    qn_buf_putc(b, '\n');
    for (int l = 0; l < s->n_layers; l++) {
        qn_buf_printf(b, "| %s |", s->layer_names[l]);
        for (int i = 0; i < s->n_rows; i++)
            if (s->rows[i].quantized)
                qn_buf_printf(b, " %.6g |", s->rows[i].mean_err[l]);
            else
                qn_buf_puts(b, " - |");
        qn_buf_putc(b, '\n');
    }
    if (s->synth)
        qn_buf_puts(b, "\nLUT, FF, CARRY4, RAMB18/36 and DSP48: Yosys "
                    "synth_xilinx cell counts (`make synth`, report.json).");
    if (s->ice40)
        qn_buf_puts(b, "  Fmax: nextpnr-ice40 after synth_ice40 on the "
                    "iCE40 part qnngen's estimate picked (`make "
                    "synth-ice40`).");
    qn_buf_putc(b, '\n');
}

/* ---------------------------------------------------------------------- */
/* JSON. */

static void json_string(qn_buf_t *b, const char *s)
{
    qn_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            qn_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            qn_buf_printf(b, "\\u%04x", c);
        else
            qn_buf_putc(b, (char)c);
    }
    qn_buf_putc(b, '"');
}

static void json_number(qn_buf_t *b, double v)
{
    if (isfinite(v))
        qn_buf_printf(b, "%.17g", v);
    else
        qn_buf_puts(b, "null");
}

static void json(qn_buf_t *b, const qn_sweep_t *s)
{
    qn_buf_puts(b, "{\n  \"network\": ");
    json_string(b, s->name);
    qn_buf_puts(b, ",\n  \"widths\": [");
    for (int i = 0; i < s->n_rows; i++) {
        const qn_sweep_row_t *r = &s->rows[i];
        qn_buf_printf(b, "%s\n    {\"weight_bits\": %d, \"quantized\": %s, "
                      "\"generated\": %s, \"vectors\": %d, "
                      "\"weight_bits_total\": %ld,\n", i ? "," : "", r->bits,
                      r->quantized ? "true" : "false",
                      r->generated ? "true" : "false", r->n_vectors,
                      r->weight_bits_total);
        qn_buf_puts(b, "     \"accuracy_float\": ");
        if (r->has_accuracy)
            json_number(b, r->acc_float);
        else
            qn_buf_puts(b, "null");
        qn_buf_puts(b, ", \"accuracy_quantized\": ");
        if (r->has_accuracy)
            json_number(b, r->acc_quant);
        else
            qn_buf_puts(b, "null");
        qn_buf_puts(b, ",\n     \"layers\": [");
        for (int l = 0; r->quantized && l < s->n_layers; l++) {
            qn_buf_puts(b, l ? ", {\"name\": " : "{\"name\": ");
            json_string(b, s->layer_names[l]);
            qn_buf_puts(b, ", \"max_abs_err\": ");
            json_number(b, r->max_err[l]);
            qn_buf_puts(b, ", \"mean_abs_err\": ");
            json_number(b, r->mean_err[l]);
            qn_buf_putc(b, '}');
        }
        qn_buf_puts(b, "],\n     \"xc7\": ");
        if (r->fig.xc7_ok)
            qn_buf_printf(b, "{\"lut\": %ld, \"ff\": %ld, \"carry4\": %ld, "
                          "\"ramb18\": %ld, \"ramb36\": %ld, \"dsp48\": %ld}",
                          r->fig.lut, r->fig.ff, r->fig.carry, r->fig.ramb18,
                          r->fig.ramb36, r->fig.dsp);
        else
            qn_buf_puts(b, "null");
        qn_buf_puts(b, ",\n     \"ice40\": ");
        if (r->fig.ice40_tried) {
            qn_buf_puts(b, "{\"device\": ");
            json_string(b, r->fig.ice40_device);
            qn_buf_printf(b, ", \"fits\": %s, \"fmax_mhz\": ",
                          r->fig.ice40_fits ? "true" : "false");
            if (r->fig.ice40_fits)
                json_number(b, r->fig.fmax_mhz);
            else
                qn_buf_puts(b, "null");
            qn_buf_putc(b, '}');
        } else
            qn_buf_puts(b, "null");
        qn_buf_puts(b, "}");
    }
    qn_buf_puts(b, "\n  ]\n}\n");
}

/* ---------------------------------------------------------------------- */
/* SVG: quantized accuracy (or the last layer's mean error) against LUTs. */

/* A "nice" axis top >= v: 1, 2 or 5 times a power of ten. */
static double nice_top(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (int i = 0; i < 3; i++) {
        double m = (double[]){1, 2, 5}[i] * p;
        if (m >= v)
            return m;
    }
    return 10 * p;
}

static void svg(qn_buf_t *b, const qn_sweep_t *s)
{
    const double W = 560, H = 380, x0 = 70, y0 = 330, xw = 460, yh = 290;
    bool acc = has_accuracy(s);
    int last = s->n_layers - 1;
    double xmax = 0, ymax = acc ? 100 : 0;
    for (int i = 0; i < s->n_rows; i++) {
        const qn_sweep_row_t *r = &s->rows[i];
        if (!r->quantized || !r->fig.xc7_ok)
            continue;
        xmax = r->fig.lut > xmax ? (double)r->fig.lut : xmax;
        if (!acc && r->mean_err[last] > ymax)
            ymax = r->mean_err[last];
    }
    xmax = nice_top(xmax * 1.05);
    if (!acc)
        ymax = nice_top(ymax * 1.05);
    qn_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" "
                  "font-size=\"12\">\n", W, H);
    qn_buf_printf(b, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n",
                  W, H);
    qn_buf_puts(b, "<title>");
    qn_buf_printf(b, "%s: %s against LUTs", s->name,
                  acc ? "quantized accuracy" : "output error");
    qn_buf_puts(b, "</title>\n");
    qn_buf_printf(b, "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" "
                  "font-size=\"14\">%s: %s against LUTs (Yosys synth_xilinx)"
                  "</text>\n", x0 + xw / 2, s->name,
                  acc ? "accuracy" : "last layer's mean abs error");
    /* Axes, ticks and grid. */
    qn_buf_printf(b, "<path d=\"M%.1f %.1fV%.1fH%.1f\" stroke=\"black\" "
                  "fill=\"none\"/>\n", x0, y0 - yh, y0, x0 + xw);
    for (int t = 0; t <= 5; t++) {
        double xv = xmax * t / 5, yv = ymax * t / 5;
        double px = x0 + xw * t / 5, py = y0 - yh * t / 5;
        qn_buf_printf(b, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"#ccc\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                      "%.6g</text>\n", px, y0, y0 - yh, px, y0 + 16, xv);
        qn_buf_printf(b, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#ccc\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">"
                      "%.4g</text>\n", x0, py, x0 + xw, x0 - 6, py + 4, yv);
    }
    qn_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                  "LUTs (xc7)</text>\n", x0 + xw / 2, y0 + 36);
    qn_buf_printf(b, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
                  "text-anchor=\"middle\">%s</text>\n", y0 - yh / 2,
                  acc ? "accuracy (%)" : "mean abs error");
    /* The float network's accuracy, dashed. */
    for (int i = 0; acc && i < s->n_rows; i++)
        if (s->rows[i].has_accuracy) {
            double py = y0 - yh * s->rows[i].acc_float / ymax;
            qn_buf_printf(b, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#888\" "
                          "stroke-dasharray=\"6 4\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">"
                          "float %.2f %%</text>\n", x0, py, x0 + xw,
                          x0 + xw, py - 5, s->rows[i].acc_float);
            break;
        }
    /* One point per width, joined in the order of --bits. */
    qn_buf_t line;
    qn_buf_init(&line);
    for (int i = 0; i < s->n_rows; i++) {
        const qn_sweep_row_t *r = &s->rows[i];
        if (!r->quantized || !r->fig.xc7_ok || (acc && !r->has_accuracy))
            continue;
        double yv = acc ? r->acc_quant : r->mean_err[last];
        double px = x0 + xw * (double)r->fig.lut / xmax;
        double py = y0 - yh * yv / ymax;
        qn_buf_printf(&line, "%s%.1f %.1f", line.len ? "L" : "M", px, py);
        qn_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                      "fill=\"#1f77b4\"/><text x=\"%.1f\" y=\"%.1f\">"
                      "%d-bit</text>\n", px, py, px + 6, py - 6, r->bits);
    }
    if (line.len)
        qn_buf_printf(b, "<path d=\"%s\" stroke=\"#1f77b4\" fill=\"none\"/>\n",
                      line.data);
    qn_buf_free(&line);
    qn_buf_puts(b, "</svg>\n");
}

/* ---------------------------------------------------------------------- */

static int write_whole(const char *dir, const char *name, qn_buf_t *b)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path || b->failed) {
        free(path);
        return 0;
    }
    snprintf(path, n, "%s/%s", dir, name);
    qn_atomic_file_t af;
    int ok = qn_atomic_begin(&af, path);
    if (ok) {
        fwrite(b->data ? b->data : "", 1, b->len, af.f);
        ok = qn_atomic_commit(&af);
    }
    free(path);
    return ok;
}

int qn_sweep_write(const qn_sweep_t *s, const char *dir, FILE *echo)
{
    qn_buf_t md, js, sv;
    qn_buf_init(&md);
    qn_buf_init(&js);
    qn_buf_init(&sv);
    markdown(&md, s);
    json(&js, s);
    svg(&sv, s);
    int ok = write_whole(dir, "sweep.md", &md) &&
             write_whole(dir, "sweep.json", &js) &&
             write_whole(dir, "sweep.svg", &sv);
    if (ok && echo) {
        fputs(md.data, echo);
        fprintf(echo, "written: %s/sweep.md, %s/sweep.json, %s/sweep.svg\n",
                dir, dir, dir);
    }
    qn_buf_free(&md);
    qn_buf_free(&js);
    qn_buf_free(&sv);
    return ok;
}
