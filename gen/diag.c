/* diag.c - counted `file:line:col: error:` diagnostics. */
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

const char *qn_progname = "qnngen";

static int error_count;
static FILE *diag_stream;   /* NULL: stderr */

static void report(const char *kind, const char *file, qn_mark_t mark,
                   const char *fmt, va_list ap)
{
    FILE *out = diag_stream ? diag_stream : stderr;
    if (file && mark.line > 0 && mark.col > 0)
        fprintf(out, "%s:%d:%d: %s: ", file, mark.line, mark.col, kind);
    else if (file && mark.line > 0)
        fprintf(out, "%s:%d: %s: ", file, mark.line, kind);
    else if (file)
        fprintf(out, "%s: %s: ", file, kind);
    else
        fprintf(out, "%s: %s: ", qn_progname, kind);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
}

void qn_error_at(const char *file, qn_mark_t mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("error", file, mark, fmt, ap);
    va_end(ap);
    error_count++;
}

void qn_note_at(const char *file, qn_mark_t mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("note", file, mark, fmt, ap);
    va_end(ap);
}

void qn_warning_at(const char *file, qn_mark_t mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("warning", file, mark, fmt, ap);
    va_end(ap);
}

int qn_error_count(void) { return error_count; }

void qn_diag_reset(void) { error_count = 0; }

void qn_diag_set_stream(FILE *f) { diag_stream = f; }
