/* csv.c - arrays written as text: decimal numbers separated by commas, one
 * row per line.  Integers give a QN_ARRAY_INT array; a single real (1.5,
 * 1e3) makes the whole array QN_ARRAY_FLOAT.  Blank lines and lines whose
 * first non-blank character is '#' are skipped; CRLF line ends and a UTF-8
 * byte-order mark are accepted.  Errors carry a 1-based line and column.
 */
#include "array.h"
#include "array_impl.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define QN_CSV_MAX_FILE QN_ARRAY_MAX_FILE
/* Longest real number handed to strtod. */
#define QN_CSV_MAX_REAL 100

/* The parser's state; values grow in `ints` until a real is met, then all
 * of them move to `reals`. */
typedef struct qn_csv {
    const char *s;           /* the text */
    size_t len;              /* its length */
    size_t bol;              /* offset where the current line begins */
    int line;                /* current line, 1-based */
    int64_t *ints;           /* [cap] while every value is an integer */
    double *reals;           /* [cap] once a real has been seen */
    size_t count, cap;       /* values stored, room */
    size_t rows, cols;       /* data rows so far, values in the first row */
    qn_array_error_t *err;
} qn_csv_t;

static int qn_csv_col(const qn_csv_t *c, size_t pos)
{
    size_t col = pos - c->bol + 1;

    return col > INT_MAX ? INT_MAX : (int)col;
}

static int qn_csv_fail_at(qn_csv_t *c, size_t pos, const char *what)
{
    return qn_array_fail(c->err, c->line, qn_csv_col(c, pos), "%s", what);
}

/* "expected X, found 'c'" at pos (or "...found the end of the line"). */
static int qn_csv_expected(qn_csv_t *c, size_t pos, size_t eol, const char *x)
{
    unsigned char ch = pos < eol ? (unsigned char)c->s[pos] : 0;

    if (pos >= eol)
        return qn_array_fail(c->err, c->line, qn_csv_col(c, pos),
                             "expected %s, found the end of the line", x);
    if (ch >= 0x20 && ch < 0x7f)
        return qn_array_fail(c->err, c->line, qn_csv_col(c, pos),
                             "expected %s, found '%c'", x, ch);
    return qn_array_fail(c->err, c->line, qn_csv_col(c, pos),
                         "expected %s, found byte 0x%02x", x, ch);
}

static bool qn_csv_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

static bool qn_csv_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Makes room for one more value. */
static int qn_csv_grow(qn_csv_t *c, size_t pos)
{
    size_t ncap;
    void *p;

    if (c->count < c->cap)
        return 1;
    if (c->count >= QN_ARRAY_MAX_ELEMENTS)
        return qn_array_fail(c->err, c->line, qn_csv_col(c, pos),
                             "more than %zu values, the most an array may have",
                             QN_ARRAY_MAX_ELEMENTS);
    ncap = c->cap ? c->cap * 2 : 64;
    if (ncap > QN_ARRAY_MAX_ELEMENTS)
        ncap = QN_ARRAY_MAX_ELEMENTS;
    if (c->reals)
        p = realloc(c->reals, ncap * sizeof *c->reals);
    else
        p = realloc(c->ints, ncap * sizeof *c->ints);
    if (!p)
        return qn_array_fail(c->err, c->line, qn_csv_col(c, pos),
                             "out of memory for %zu values", ncap);
    if (c->reals)
        c->reals = p;
    else
        c->ints = p;
    c->cap = ncap;
    return 1;
}

/* Moves the integers read so far to `reals` (the first real was met). */
static int qn_csv_to_reals(qn_csv_t *c)
{
    size_t i;

    c->reals = malloc((c->cap ? c->cap : 1) * sizeof *c->reals);
    if (!c->reals)
        return qn_array_fail(c->err, c->line, 0, "out of memory");
    for (i = 0; i < c->count; i++)
        c->reals[i] = (double)c->ints[i]; /* rounds as strtod would */
    free(c->ints);
    c->ints = NULL;
    return 1;
}

/* Converts the already-validated real in [b, e) with strtod, which is
 * correctly rounded; the copy swaps '.' for the locale's decimal point. */
static int qn_csv_real(qn_csv_t *c, size_t b, size_t e, double *v)
{
    char buf[QN_CSV_MAX_REAL + 1];
    const char *dp = localeconv()->decimal_point;
    size_t k;

    if (e - b > QN_CSV_MAX_REAL)
        return qn_array_fail(c->err, c->line, qn_csv_col(c, b),
                             "number longer than %d characters",
                             QN_CSV_MAX_REAL);
    memcpy(buf, c->s + b, e - b);
    buf[e - b] = '\0';
    for (k = 0; k < e - b; k++)
        if (buf[k] == '.' && dp && dp[0] && !dp[1])
            buf[k] = dp[0];
    *v = strtod(buf, NULL);
    return 1;
}

/* The integer in [b, e) (optional sign, then digits), checked for int64
 * overflow: the magnitude may reach INT64_MAX, or INT64_MAX + 1 if negative. */
static int qn_csv_int(qn_csv_t *c, size_t b, size_t e, int64_t *v)
{
    bool neg = c->s[b] == '-';
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    size_t p = b + (c->s[b] == '-' || c->s[b] == '+');

    for (; p < e; p++) {
        uint64_t d = (uint64_t)(c->s[p] - '0');

        if (mag > (limit - d) / 10)
            return qn_array_fail(c->err, c->line, qn_csv_col(c, b),
                                 "integer %.*s does not fit in 64 bits",
                                 (int)(e - b > 40 ? 40 : e - b), c->s + b);
        mag = mag * 10 + d;
    }
    if (!neg)
        *v = (int64_t)mag;
    else if (mag == (uint64_t)INT64_MAX + 1)
        *v = INT64_MIN;
    else
        *v = -(int64_t)mag;
    return 1;
}

/* Scans one number at *pos: [+-]digits[.digits][(e|E)[+-]digits]; sets
 * *real when it has a point or an exponent. */
static int qn_csv_scan(qn_csv_t *c, size_t *pos, size_t eol, bool *real)
{
    size_t p = *pos, digits;

    *real = false;
    if (p < eol && (c->s[p] == '+' || c->s[p] == '-'))
        p++;
    for (digits = 0; p < eol && qn_csv_digit(c->s[p]); p++)
        digits++;
    if (p < eol && c->s[p] == '.') {
        *real = true;
        for (p++; p < eol && qn_csv_digit(c->s[p]); p++)
            digits++;
    }
    if (digits == 0)
        return qn_csv_expected(c, *pos, eol, "a number");
    if (p < eol && (c->s[p] == 'e' || c->s[p] == 'E')) {
        *real = true;
        p++;
        if (p < eol && (c->s[p] == '+' || c->s[p] == '-'))
            p++;
        if (p >= eol || !qn_csv_digit(c->s[p]))
            return qn_csv_expected(c, p, eol, "the digits of an exponent");
        while (p < eol && qn_csv_digit(c->s[p]))
            p++;
    }
    if (p < eol && !qn_csv_blank(c->s[p]) && c->s[p] != ',')
        return qn_csv_expected(c, p, eol, "',' or the end of the line");
    *pos = p;
    return 1;
}

/* Reads the number at *pos into the array. */
static int qn_csv_value(qn_csv_t *c, size_t *pos, size_t eol)
{
    size_t b = *pos;
    bool real;
    int64_t i = 0;
    double d = 0;

    if (!qn_csv_scan(c, pos, eol, &real) || !qn_csv_grow(c, b))
        return 0;
    if (real && !c->reals && !qn_csv_to_reals(c))
        return 0;
    if (!c->reals) {
        if (!qn_csv_int(c, b, *pos, &i))
            return 0;
        c->ints[c->count++] = i;
        return 1;
    }
    if (real) {
        if (!qn_csv_real(c, b, *pos, &d))
            return 0;
    } else {
        if (!qn_csv_int(c, b, *pos, &i))
            return 0;
        d = (double)i;
    }
    c->reals[c->count++] = d;
    return 1;
}

/* One data line, [pos, eol). */
static int qn_csv_row(qn_csv_t *c, size_t pos, size_t eol)
{
    size_t n = 0;

    for (;;) {
        size_t start;

        while (pos < eol && qn_csv_blank(c->s[pos]))
            pos++;
        start = pos;
        if (!qn_csv_value(c, &pos, eol))
            return 0;
        if (c->rows > 0 && n == c->cols) {
            char msg[96];

            snprintf(msg, sizeof msg,
                     "row has more than %zu values, the first row has %zu",
                     c->cols, c->cols);
            return qn_csv_fail_at(c, start, msg);
        }
        n++;
        while (pos < eol && qn_csv_blank(c->s[pos]))
            pos++;
        if (pos == eol)
            break;
        if (c->s[pos] != ',')
            return qn_csv_expected(c, pos, eol, "',' or the end of the line");
        pos++;
    }
    if (c->rows > 0 && n != c->cols) {
        char msg[96];

        snprintf(msg, sizeof msg, "row has %zu value%s, the first row has %zu",
                 n, n == 1 ? "" : "s", c->cols);
        return qn_csv_fail_at(c, eol, msg);
    }
    c->cols = n;
    c->rows++;
    return 1;
}

/* Whether [pos, eol) is blank or a comment. */
static bool qn_csv_skip_line(const qn_csv_t *c, size_t pos, size_t eol)
{
    while (pos < eol && qn_csv_blank(c->s[pos]))
        pos++;
    return pos == eol || c->s[pos] == '#';
}

static int qn_csv_lines(qn_csv_t *c)
{
    size_t pos = 0;

    if (c->len >= 3 && memcmp(c->s, "\357\273\277", 3) == 0)
        pos = 3; /* UTF-8 byte-order mark, as spreadsheets write */
    while (pos < c->len) {
        const char *nl = memchr(c->s + pos, '\n', c->len - pos);
        size_t next = nl ? (size_t)(nl - c->s) + 1 : c->len;
        size_t eol = nl ? (size_t)(nl - c->s) : c->len;

        if (eol > pos && c->s[eol - 1] == '\r')
            eol--;
        c->bol = pos;
        if (!qn_csv_skip_line(c, pos, eol) && !qn_csv_row(c, pos, eol))
            return 0;
        pos = next;
        if (c->line < INT_MAX)
            c->line++;
    }
    if (c->rows == 0)
        return qn_array_fail(c->err, 0, 0,
                             "no values: the file has only blank and comment lines");
    return 1;
}

int qn_csv_parse(const char *text, size_t len, qn_array_t *out,
                 qn_array_error_t *err)
{
    qn_csv_t c;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    c.s = text ? text : "";
    c.len = text ? len : 0;
    c.line = 1;
    c.err = err;
    if (!qn_csv_lines(&c)) {
        free(c.ints);
        free(c.reals);
        return 0;
    }
    out->kind = c.reals ? QN_ARRAY_FLOAT : QN_ARRAY_INT;
    out->ints = c.ints;
    out->reals = c.reals;
    out->count = c.count;
    out->ndim = c.rows > 1 ? 2 : 1;
    out->shape[0] = c.rows > 1 ? c.rows : c.cols;
    out->shape[1] = c.rows > 1 ? c.cols : 0;
    snprintf(out->dtype, sizeof out->dtype, "%s",
             c.reals ? "float64" : "int64");
    return 1;
}

int qn_csv_read_file(const char *path, qn_array_t *out, qn_array_error_t *err)
{
    unsigned char *buf;
    size_t len;
    int ok;

    memset(out, 0, sizeof *out);
    if (!qn_array_slurp(path, QN_CSV_MAX_FILE, &buf, &len, err))
        return 0;
    ok = qn_csv_parse((const char *)buf, len, out, err);
    free(buf);
    return ok;
}
