/* outtree.c - a design folder built in memory, committed all at once.
 * See outtree.h for the commit protocol. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "diag.h"
#include "outtree.h"

/* What a commit does with one file. */
typedef enum qn_file_state {
    QN_FILE_UNCHANGED, /* the target already holds these bytes */
    QN_FILE_ADDED,     /* no file there yet */
    QN_FILE_CHANGED    /* a file with other contents is there */
} qn_file_state_t;

/* One generated file. */
typedef struct qn_outfile {
    char *path;            /* relative, '/'-separated; owned */
    char *data;            /* contents, NUL-terminated; owned */
    size_t len;            /* bytes of data, without the NUL */
    qn_file_state_t state; /* set by the commit */
} qn_outfile_t;

struct qn_outtree {
    qn_outfile_t *files; /* [n], in the order added */
    size_t n;            /* files added */
    size_t cap;          /* slots allocated */
    long fail_at;        /* testing: the write that fails (1-based), or 0 */
    long writes;         /* file writes done by the current commit */
    int kill_step;       /* testing: the kind of step to die at, or -1 */
    long kill_at;        /* ... and which one of that kind (1-based) */
    long steps[QN_STEP_KINDS]; /* steps of each kind done by this commit */
};

static const qn_mark_t no_mark = {0, 0};

qn_outtree_t *qn_outtree_new(void)
{
    qn_outtree_t *t = calloc(1, sizeof(qn_outtree_t));
    if (t)
        t->kill_step = -1;
    return t;
}

void qn_outtree_free(qn_outtree_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->files[i].path);
        free(t->files[i].data);
    }
    free(t->files);
    free(t);
}

void qn_outtree_fail_after(qn_outtree_t *t, long n)
{
    t->fail_at = n;
}

static const char *const step_names[QN_STEP_KINDS] = {
    "write", "rename", "remove", "manifest"
};

int qn_outtree_kill_at(qn_outtree_t *t, const char *spec)
{
    for (int k = 0; k < QN_STEP_KINDS; k++) {
        size_t n = strlen(step_names[k]);
        if (strncmp(spec, step_names[k], n) == 0 && spec[n] == ':') {
            char *end;
            long at = strtol(spec + n + 1, &end, 10);
            if (*end || at < 1)
                return 0;
            t->kill_step = k;
            t->kill_at = at;
            return 1;
        }
    }
    return 0;
}

/* Counts a step of kind `k`; dies there when a test asked for it. */
static void step(qn_outtree_t *t, qn_step_kind_t k)
{
    if (++t->steps[k] == t->kill_at && (int)k == t->kill_step)
        raise(SIGKILL);
}

size_t qn_outtree_count(const qn_outtree_t *t)
{
    return t->n;
}

const char *qn_outtree_path(const qn_outtree_t *t, size_t i)
{
    return t->files[i].path;
}

int qn_outtree_written(const qn_outtree_t *t, size_t i)
{
    return t->files[i].state != QN_FILE_UNCHANGED;
}

/* A relative path without empty, "." or ".." parts, nor control chars. */
static bool path_ok(const char *path)
{
    if (!*path || *path == '/')
        return false;
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] < 0x20)
                return false;
        if (!e)
            break;
        p = e + 1;
    }
    return true;
}

static qn_outfile_t *find(const qn_outtree_t *t, const char *path)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->files[i].path, path) == 0)
            return &t->files[i];
    return NULL;
}

const char *qn_outtree_get(const qn_outtree_t *t, const char *path,
                           size_t *len)
{
    const qn_outfile_t *f = find(t, path);
    if (!f)
        return NULL;
    if (len)
        *len = f->len;
    return f->data;
}

/* Adds a file taking ownership of data (malloc'ed, NUL-terminated). */
static int add_owned(qn_outtree_t *t, const char *path, char *data,
                     size_t len)
{
    if (!path_ok(path) || strcmp(path, QN_MANIFEST_NAME) == 0) {
        qn_error_at(NULL, no_mark, "internal error: bad output path '%s'",
                    path);
        free(data);
        return 0;
    }
    if (find(t, path)) {
        qn_error_at(NULL, no_mark,
                    "internal error: output file '%s' generated twice", path);
        free(data);
        return 0;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        qn_outfile_t *f = realloc(t->files, cap * sizeof *f);
        if (!f) {
            free(data);
            qn_error_at(NULL, no_mark, "out of memory");
            return 0;
        }
        t->files = f;
        t->cap = cap;
    }
    char *p = strdup(path);
    if (!p) {
        free(data);
        qn_error_at(NULL, no_mark, "out of memory");
        return 0;
    }
    t->files[t->n].path = p;
    t->files[t->n].data = data;
    t->files[t->n].len = len;
    t->files[t->n].state = QN_FILE_ADDED;
    t->n++;
    return 1;
}

int qn_outtree_add(qn_outtree_t *t, const char *path, const char *data,
                   size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        qn_error_at(NULL, no_mark, "out of memory");
        return 0;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    return add_owned(t, path, copy, len);
}

int qn_outtree_add_buf(qn_outtree_t *t, const char *path, qn_buf_t *b)
{
    size_t len;
    char *data = qn_buf_take(b, &len);
    if (!data) {
        qn_error_at(NULL, no_mark, "out of memory writing '%s'", path);
        return 0;
    }
    return add_owned(t, path, data, len);
}

/* ---------------------------------------------------------------------- */
/* File system helpers. */

/* malloc'ed "a/b". */
static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* mkdir -p of every folder above the last '/' of `path` (and of `path`
 * itself when `whole`). */
static int mkdir_parents(const char *path, bool whole)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    size_t n = strlen(p);
    if (!whole) {
        char *slash = strrchr(p, '/');
        if (!slash) {
            free(p);
            return 0;
        }
        *slash = '\0';
        n = strlen(p);
    }
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        p[i] = c;
    }
    struct stat st;
    int ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    if (!ok) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* mkdir_parents(path, false), skipped when path's folder is the one it
 * made last (*last, malloc'ed, updated): the files come sorted by path, so
 * a folder's files follow each other and it is made once. */
static int mkdir_parents_once(const char *path, char **last)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (*last && strlen(*last) == n && memcmp(*last, path, n) == 0)
        return 0;
    if (mkdir_parents(path, false) != 0)
        return -1;
    free(*last);
    *last = strndup(path, n); /* NULL only costs a repeated mkdir */
    return 0;
}

/* Reads a whole regular file; NULL when it does not exist or cannot be
 * read (then errno says why). */
static char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        close(fd);
        return NULL;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* Whether the file at `path` holds exactly data[len]. */
static bool same_contents(const char *path, const char *data, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size != len)
        return false;
    size_t n;
    char *old = read_file(path, &n);
    if (!old)
        return false;
    bool same = n == len && memcmp(old, data, len) == 0;
    free(old);
    return same;
}

/* Writes data[len] to a new file `path`.  Returns 0, or -1 with errno. */
static int write_new(qn_outtree_t *t, const char *path, const char *data,
                     size_t len)
{
    step(t, QN_STEP_WRITE);
    t->writes++;
    if (t->fail_at > 0 && t->writes == t->fail_at) {
        errno = ENOSPC;
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            close(fd);
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    if (close(fd) != 0)
        return -1;
    return 0;
}

/* rm -rf, for the temporary folder only. */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *sub = join(path, e->d_name);
            if (!sub)
                continue;
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(sub);
            else
                unlink(sub);
            free(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

/* Removes the folders above `rel` inside `dir` that became empty. */
static void prune_parents(const char *dir, const char *rel)
{
    char *p = join(dir, rel);
    if (!p)
        return;
    size_t base = strlen(dir);
    for (;;) {
        char *slash = strrchr(p, '/');
        if (!slash || (size_t)(slash - p) <= base)
            break;
        *slash = '\0';
        if (rmdir(p) != 0)
            break;
    }
    free(p);
}

/* ---------------------------------------------------------------------- */
/* The manifest. */

/* A manifest read back: paths only (contents are compared, not hashes). */
typedef struct qn_manifest {
    char **paths; /* [n], owned */
    size_t n;     /* entries */
} qn_manifest_t;

static void manifest_free(qn_manifest_t *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->paths[i]);
    free(m->paths);
    m->paths = NULL;
    m->n = 0;
}

/* Reads `<64 hex>  <path>` lines; lines that do not parse, or name a path
 * that could leave the folder, are ignored.  A missing file is empty. */
static int manifest_read(const char *path, qn_manifest_t *m)
{
    m->paths = NULL;
    m->n = 0;
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return 1;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    m->paths = calloc(lines, sizeof *m->paths);
    if (!m->paths) {
        free(text);
        return 0;
    }
    char *line = text;
    while (line < text + len) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t ll = strlen(line);
        if (ll > 66 && strspn(line, "0123456789abcdef") == 64 &&
            line[64] == ' ' && line[65] == ' ' && path_ok(line + 66)) {
            m->paths[m->n] = strdup(line + 66);
            if (!m->paths[m->n]) {
                free(text);
                manifest_free(m);
                return 0;
            }
            m->n++;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    free(text);
    return 1;
}

static int cmp_file_path(const void *a, const void *b)
{
    const qn_outfile_t *fa = a, *fb = b;
    return strcmp(fa->path, fb->path);
}

/* The manifest text of the (sorted) files. */
static char *manifest_text(const qn_outtree_t *t, size_t *len)
{
    qn_buf_t b;
    qn_buf_init(&b);
    for (size_t i = 0; i < t->n; i++) {
        char hex[65];
        qn_sha256_hex(t->files[i].data, t->files[i].len, hex);
        qn_buf_puts(&b, hex);
        qn_buf_puts(&b, "  ");
        qn_buf_puts(&b, t->files[i].path);
        qn_buf_putc(&b, '\n');
    }
    return qn_buf_take(&b, len);
}

/* ---------------------------------------------------------------------- */
/* The commit. */

/* Splits `dir` into the folder holding it, the name prefix of its
 * temporary folders (`.NAME.qnngen-tmp-`) and a mkdtemp pattern for this
 * process's (`PARENT/.NAME.qnngen-tmp-PID-XXXXXX`), all malloc'ed. */
static int temp_pattern(const char *dir, char **parent, char **prefix,
                        char **pattern)
{
    *parent = *prefix = *pattern = NULL;
    char *d = strdup(dir);
    if (!d)
        return 0;
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = '\0';
    char *slash = strrchr(d, '/');
    const char *base = slash ? slash + 1 : d;
    size_t pl = strlen(base) + 32;
    if ((*prefix = malloc(pl)) == NULL) {
        free(d);
        return 0;
    }
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || !*base) {
        /* No usable sibling name: keep the temporary folder inside. */
        *parent = strdup(d);
        snprintf(*prefix, pl, ".qnngen-tmp-");
    } else {
        if (slash == d)
            *parent = strdup("/");
        else if (slash) {
            *slash = '\0';
            *parent = strdup(d);
            *slash = '/';
        } else
            *parent = strdup(".");
        snprintf(*prefix, pl, ".%s.qnngen-tmp-", base);
    }
    free(d);
    char name[64];
    snprintf(name, sizeof name, "%ld-XXXXXX", (long)getpid());
    char *full = malloc(strlen(*prefix) + strlen(name) + 1);
    if (full) {
        strcpy(full, *prefix);
        strcat(full, name);
    }
    *pattern = *parent && full ? join(*parent, full) : NULL;
    free(full);
    if (!*parent || !*pattern) {
        free(*parent);
        free(*prefix);
        free(*pattern);
        *parent = *prefix = *pattern = NULL;
        return 0;
    }
    return 1;
}

/* Removes temporary folders `PREFIX<pid>-*` in `parent` that a killed run
 * left behind: those whose process no longer exists.  A folder of a run
 * still going (another generate into the same target) is left alone. */
static void remove_stale_temps(const char *parent, const char *prefix)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t pl = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + pl, &end, 10);
        if (end == e->d_name + pl || *end != '-' || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *p = join(parent, e->d_name);
        if (p)
            remove_tree(p);
        free(p);
    }
    closedir(d);
}

static void log_line(FILE *log, const char *what, const char *path)
{
    if (log)
        fprintf(log, "  %-9s %s\n", what, path);
}

int qn_outtree_commit(qn_outtree_t *t, const char *dir, FILE *log,
                      qn_commit_stats_t *stats)
{
    qn_commit_stats_t st = {0, 0, 0, 0};
    char *parent = NULL, *prefix = NULL, *tmp = NULL, *mpath = NULL;
    char *mtext = NULL;
    char *made = NULL; /* the folder mkdir_parents_once() made last */
    qn_manifest_t old = {NULL, 0};
    int ok = 0;
    t->writes = 0;
    memset(t->steps, 0, sizeof t->steps);

    qsort(t->files, t->n, sizeof *t->files, cmp_file_path);

    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        qn_error_at(dir, no_mark, "exists and is not a folder");
        return 0;
    }
    if (!temp_pattern(dir, &parent, &prefix, &tmp) ||
        !(mpath = join(dir, QN_MANIFEST_NAME))) {
        qn_error_at(NULL, no_mark, "out of memory");
        goto out;
    }
    if (!manifest_read(mpath, &old)) {
        qn_error_at(NULL, no_mark, "out of memory");
        goto out;
    }
    bool regenerating = old.n > 0;

    /* Which files change. */
    for (size_t i = 0; i < t->n; i++) {
        qn_outfile_t *f = &t->files[i];
        char *p = join(dir, f->path);
        if (!p) {
            qn_error_at(NULL, no_mark, "out of memory");
            goto out;
        }
        if (same_contents(p, f->data, f->len))
            f->state = QN_FILE_UNCHANGED;
        else
            f->state = access(p, F_OK) == 0 ? QN_FILE_CHANGED
                                             : QN_FILE_ADDED;
        free(p);
    }
    size_t mlen;
    mtext = manifest_text(t, &mlen);
    if (!mtext) {
        qn_error_at(NULL, no_mark, "out of memory");
        goto out;
    }
    bool manifest_changed = !same_contents(mpath, mtext, mlen);

    /* 1. Every changed file into the temporary folder. */
    if (mkdir_parents(parent, true) != 0) {
        qn_error_at(parent, no_mark, "cannot create folder: %s",
                    strerror(errno));
        goto out;
    }
    remove_stale_temps(parent, prefix);
    if (!mkdtemp(tmp)) {
        qn_error_at(tmp, no_mark, "cannot create temporary folder: %s",
                    strerror(errno));
        free(tmp);
        tmp = NULL;
        goto out;
    }
    for (size_t i = 0; i < t->n; i++) {
        qn_outfile_t *f = &t->files[i];
        if (f->state == QN_FILE_UNCHANGED)
            continue;
        char *p = join(tmp, f->path);
        if (!p || mkdir_parents_once(p, &made) != 0 ||
            write_new(t, p, f->data, f->len) != 0) {
            qn_error_at(p ? p : f->path, no_mark,
                        "cannot write: %s; '%s' was left unchanged",
                        strerror(errno), dir);
            free(p);
            goto out;
        }
        free(p);
    }
    char *tmp_manifest = join(tmp, QN_MANIFEST_NAME);
    if (!tmp_manifest || (manifest_changed &&
                          write_new(t, tmp_manifest, mtext, mlen) != 0)) {
        qn_error_at(tmp_manifest ? tmp_manifest : QN_MANIFEST_NAME, no_mark,
                    "cannot write: %s; '%s' was left unchanged",
                    strerror(errno), dir);
        free(tmp_manifest);
        goto out;
    }

    /* 2. Rename the changed files into place. */
    free(made);
    made = NULL;
    if (mkdir_parents(dir, true) != 0) {
        qn_error_at(dir, no_mark, "cannot create folder: %s",
                    strerror(errno));
        free(tmp_manifest);
        goto out;
    }
    for (size_t i = 0; i < t->n; i++) {
        qn_outfile_t *f = &t->files[i];
        if (f->state == QN_FILE_UNCHANGED) {
            st.unchanged++;
            continue;
        }
        char *from = join(tmp, f->path), *to = join(dir, f->path);
        if (from && to)
            step(t, QN_STEP_RENAME);
        int r = from && to && mkdir_parents_once(to, &made) == 0 &&
                rename(from, to) == 0;
        if (!r) {
            qn_error_at(to ? to : f->path, no_mark,
                        "cannot replace: %s; the folder holds whole files "
                        "but a stale manifest: run generate again",
                        strerror(errno));
            free(from);
            free(to);
            free(tmp_manifest);
            goto out;
        }
        free(from);
        free(to);
        if (f->state == QN_FILE_ADDED) {
            st.added++;
            if (regenerating)
                log_line(log, "new", f->path);
        } else {
            st.changed++;
            log_line(log, "changed", f->path);
        }
    }

    /* 3. Remove what is no longer generated. */
    for (size_t i = 0; i < old.n; i++) {
        if (find(t, old.paths[i]) || strcmp(old.paths[i], QN_MANIFEST_NAME) == 0)
            continue;
        char *p = join(dir, old.paths[i]);
        if (p)
            step(t, QN_STEP_REMOVE);
        if (p && unlink(p) == 0) {
            st.removed++;
            log_line(log, "removed", old.paths[i]);
            prune_parents(dir, old.paths[i]);
        }
        free(p);
    }

    /* 4. The manifest, last. */
    if (manifest_changed)
        step(t, QN_STEP_MANIFEST);
    if (manifest_changed && rename(tmp_manifest, mpath) != 0) {
        qn_error_at(mpath, no_mark, "cannot replace: %s", strerror(errno));
        free(tmp_manifest);
        goto out;
    }
    free(tmp_manifest);
    ok = 1;

out:
    if (tmp)
        remove_tree(tmp);
    if (stats)
        *stats = st;
    manifest_free(&old);
    free(made);
    free(parent);
    free(prefix);
    free(tmp);
    free(mpath);
    free(mtext);
    return ok;
}
