/* template.c - fills templates with named holes (see template.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

static const qn_mark_t no_mark = {0, 0};

const qn_embedded_file_t *qn_embedded_find(const char *name)
{
    size_t lo = 0, hi = qn_embedded_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, qn_embedded_files[mid].name);
        if (c == 0)
            return &qn_embedded_files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void qn_tvars_init(qn_tvars_t *vars)
{
    vars->v = NULL;
    vars->n = 0;
    vars->cap = 0;
    vars->failed = false;
}

void qn_tvars_free(qn_tvars_t *vars)
{
    for (size_t i = 0; i < vars->n; i++) {
        free(vars->v[i].name);
        free(vars->v[i].value);
    }
    free(vars->v);
    qn_tvars_init(vars);
}

/* Adds a value, taking ownership of `value`. */
static void set_owned(qn_tvars_t *vars, const char *name, char *value)
{
    if (!value) {
        vars->failed = true;
        return;
    }
    if (vars->n == vars->cap) {
        size_t cap = vars->cap ? 2 * vars->cap : 16;
        qn_tvar_t *v = realloc(vars->v, cap * sizeof *v);
        if (!v) {
            free(value);
            vars->failed = true;
            return;
        }
        vars->v = v;
        vars->cap = cap;
    }
    char *n = malloc(strlen(name) + 1);
    if (!n) {
        free(value);
        vars->failed = true;
        return;
    }
    strcpy(n, name);
    vars->v[vars->n].name = n;
    vars->v[vars->n].value = value;
    vars->v[vars->n].used = false;
    vars->n++;
}

void qn_tvars_set(qn_tvars_t *vars, const char *name, const char *value)
{
    char *copy = malloc(strlen(value) + 1);
    if (copy)
        strcpy(copy, value);
    set_owned(vars, name, copy);
}

void qn_tvars_setf(qn_tvars_t *vars, const char *name, const char *fmt, ...)
{
    qn_buf_t b;
    qn_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    qn_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    qn_tvars_set_buf(vars, name, &b);
}

void qn_tvars_set_long(qn_tvars_t *vars, const char *name, long value)
{
    qn_tvars_setf(vars, name, "%ld", value);
}

void qn_tvars_set_buf(qn_tvars_t *vars, const char *name, qn_buf_t *b)
{
    size_t len;
    set_owned(vars, name, qn_buf_take(b, &len));
}

static bool is_head(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_tail(char c)
{
    return is_head(c) || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the hole name starting at p (after the first '@') when a
 * closing '@' follows it within the line, else 0. */
static size_t hole_len(const char *p, const char *end)
{
    if (p >= end || !is_head(*p))
        return 0;
    size_t n = 1;
    while (p + n < end && is_tail(p[n]))
        n++;
    return p + n < end && p[n] == '@' ? n : 0;
}

static qn_tvar_t *lookup(qn_tvars_t *vars, const char *name, size_t n)
{
    for (size_t i = 0; i < vars->n; i++)
        if (strlen(vars->v[i].name) == n &&
            memcmp(vars->v[i].name, name, n) == 0)
            return &vars->v[i];
    return NULL;
}

int qn_template_fill_text(const char *tname, const char *text, size_t len,
                          qn_tvars_t *vars, qn_buf_t *out)
{
    char where[256];
    snprintf(where, sizeof where, "templates/%s", tname);
    int errors = 0;
    if (vars->failed) {
        qn_error_at(where, no_mark, "out of memory filling the template");
        return 1;
    }
    for (size_t i = 0; i < vars->n; i++)
        for (size_t k = i + 1; k < vars->n; k++)
            if (strcmp(vars->v[i].name, vars->v[k].name) == 0) {
                qn_error_at(where, no_mark,
                            "internal error: value @%s@ given twice",
                            vars->v[i].name);
                errors++;
            }

    const char *end = text + len;
    const char *line = text;
    int lineno = 1;
    while (line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        const char *next = eol ? eol + 1 : end;
        if (next - line >= 2 && line[0] == '@' && line[1] == '#') {
            line = next;
            lineno++;
            continue;
        }
        const char *p = line, *run = line;
        while (p < next) {
            size_t n;
            if (*p != '@' || (n = hole_len(p + 1, next)) == 0) {
                p++;
                continue;
            }
            qn_buf_put(out, run, (size_t)(p - run));
            qn_tvar_t *v = lookup(vars, p + 1, n);
            if (v) {
                qn_buf_puts(out, v->value);
                v->used = true;
            } else {
                qn_mark_t m = {lineno, (int)(p - line) + 1};
                qn_error_at(where, m, "internal error: hole @%.*s@ has no value",
                            (int)n, p + 1);
                errors++;
            }
            p += n + 2;
            run = p;
        }
        qn_buf_put(out, run, (size_t)(next - run));
        line = next;
        lineno++;
    }
    for (size_t i = 0; i < vars->n; i++)
        if (!vars->v[i].used) {
            qn_error_at(where, no_mark,
                        "internal error: value @%s@ is used by no hole",
                        vars->v[i].name);
            errors++;
        }
    if (out->failed) {
        qn_error_at(where, no_mark, "out of memory filling the template");
        errors++;
    }
    return errors;
}

int qn_template_fill(const char *name, qn_tvars_t *vars, qn_buf_t *out)
{
    const qn_embedded_file_t *f = qn_embedded_find(name);
    if (!f) {
        qn_error_at(NULL, no_mark, "internal error: no template '%s' in "
                    "this build", name);
        return 1;
    }
    return qn_template_fill_text(f->name, f->text, f->len, vars, out);
}
