/* emit_buf.c - a growable text buffer with sticky allocation failure. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

void qn_buf_init(qn_buf_t *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void qn_buf_free(qn_buf_t *b)
{
    free(b->data);
    qn_buf_init(b);
}

bool qn_buf_reserve(qn_buf_t *b, size_t n)
{
    if (b->failed)
        return false;
    if (n < b->cap && b->len < b->cap - n)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= n) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void qn_buf_put(qn_buf_t *b, const char *s, size_t n)
{
    if (!qn_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void qn_buf_puts(qn_buf_t *b, const char *s)
{
    qn_buf_put(b, s, strlen(s));
}

void qn_buf_putc(qn_buf_t *b, char c)
{
    if (!qn_buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void qn_buf_vprintf(qn_buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        qn_buf_put(b, small, (size_t)n);
        return;
    }
    if (!qn_buf_reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void qn_buf_printf(qn_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qn_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *qn_buf_take(qn_buf_t *b, size_t *len)
{
    if (b->failed) {
        qn_buf_free(b);
        *len = 0;
        return NULL;
    }
    if (!b->data) {
        if (!qn_buf_reserve(b, 1)) {
            *len = 0;
            return NULL;
        }
        b->data[0] = '\0';
    }
    char *p = b->data;
    *len = b->len;
    qn_buf_init(b);
    return p;
}
