/* results.c - write and read the result text format (spec section 4). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "qn_limits.h"
#include "results.h"

int qn_results_write(FILE *f, const qn_network_t *net, const qn_trace_t *trace,
                     bool all_layers)
{
    fprintf(f, "# qnngen results: network %s (%s), %d vectors, %s\n",
            net->name, net->source_path, trace->n_vectors,
            all_layers ? "every layer" : "last layer");
    fprintf(f, "# <vector> <layer> <neuron> <value>\n");
    int first = all_layers ? 0 : net->n_layers - 1;
    for (int v = 0; v < trace->n_vectors; v++)
        for (int l = first; l < net->n_layers; l++) {
            const qn_layer_t *L = &net->layers[l];
            const int64_t *y = &trace->layer_out[l][(size_t)v * (size_t)L->out];
            for (int j = 0; j < L->out; j++)
                fprintf(f, "%d %s %d %lld\n", v, L->name, j, (long long)y[j]);
        }
    return !ferror(f);
}

/* Interns a layer name in r->layers; returns the stored pointer. */
static char *intern_layer(qn_results_t *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->n_layers; i++)
        if (strlen(r->layers[i]) == len && memcmp(r->layers[i], name, len) == 0)
            return r->layers[i];
    char **grown = realloc(r->layers, (r->n_layers + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->layers = grown;
    char *copy = strndup(name, len);
    if (!copy)
        return NULL;
    r->layers[r->n_layers++] = copy;
    return copy;
}

/* Reads one decimal integer field at *p; 0 if there is none. */
static int read_field(const char **p, long long *out)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    if (!**p || (!isdigit((unsigned char)**p) && **p != '-' && **p != '+'))
        return 0;
    errno = 0;
    char *end;
    *out = strtoll(*p, &end, 10);
    if (errno || end == *p || (*end && *end != ' ' && *end != '\t'))
        return 0;
    *p = end;
    return 1;
}

static int parse_line(qn_results_t *r, const char *path, int lineno,
                      const char *line, qn_record_t *rec)
{
    const char *p = line;
    long long vector, neuron, value;
    if (!read_field(&p, &vector) || vector < 0) {
        qn_error_at(path, (qn_mark_t){lineno, (int)(p - line) + 1},
                    "expected `<vector> <layer> <neuron> <value>` with a "
                    "vector number from 0");
        return 0;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    const char *name = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (p == name) {
        qn_error_at(path, (qn_mark_t){lineno, (int)(p - line) + 1},
                    "expected a layer name after the vector number");
        return 0;
    }
    rec->layer = intern_layer(r, name, (size_t)(p - name));
    if (!rec->layer)
        return 0;
    if (!read_field(&p, &neuron) || neuron < 0) {
        qn_error_at(path, (qn_mark_t){lineno, (int)(p - line) + 1},
                    "expected a neuron number from 0 after the layer name");
        return 0;
    }
    if (!read_field(&p, &value)) {
        qn_error_at(path, (qn_mark_t){lineno, (int)(p - line) + 1},
                    "expected a decimal value after the neuron number");
        return 0;
    }
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    if (*p) {
        qn_error_at(path, (qn_mark_t){lineno, (int)(p - line) + 1},
                    "unexpected text after the value");
        return 0;
    }
    rec->vector = vector;
    rec->neuron = neuron;
    rec->value = value;
    rec->line = lineno;
    return 1;
}

qn_results_t *qn_results_read(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        qn_error_at(path, (qn_mark_t){0, 0}, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        qn_error_at(path, (qn_mark_t){0, 0},
                    "is a directory; name a results file in it");
        return NULL;
    }
    qn_results_t *r = qn_results_read_stream(f, path);
    fclose(f);
    return r;
}

qn_results_t *qn_results_read_stream(FILE *f, const char *path)
{
    qn_results_t *r = calloc(1, sizeof *r);
    size_t cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    int lineno = 0, ok = r != NULL;
    while (ok && (len = getline(&line, &line_cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        if ((size_t)len != strlen(line)) {
            qn_error_at(path, (qn_mark_t){lineno, 0}, "a NUL byte in a text results file");
            ok = 0;
            break;
        }
        if (r->n == QN_MAX_RESULT_RECORDS) {
            qn_error_at(path, (qn_mark_t){lineno, 0},
                        "more than %zu records; compare fewer vectors at a time",
                        QN_MAX_RESULT_RECORDS);
            ok = 0;
            break;
        }
        if (r->n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            qn_record_t *grown = realloc(r->records, ncap * sizeof *grown);
            if (!grown) {
                ok = 0;
                break;
            }
            r->records = grown;
            cap = ncap;
        }
        ok = parse_line(r, path, lineno, line, &r->records[r->n]);
        if (ok)
            r->n++;
    }
    if (ok && ferror(f)) {
        qn_error_at(path, (qn_mark_t){0, 0}, "read error: %s", strerror(errno));
        ok = 0;
    }
    free(line);
    if (!ok) {
        qn_results_free(r);
        return NULL;
    }
    return r;
}

void qn_results_free(qn_results_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_layers; i++)
        free(r->layers[i]);
    free(r->layers);
    free(r->records);
    free(r);
}
