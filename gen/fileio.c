/* fileio.c - temporary file, then rename: readers never see half a file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fileio.h"

int qn_atomic_begin(qn_atomic_file_t *af, const char *path)
{
    memset(af, 0, sizeof *af);
    size_t n = strlen(path) + 16;
    af->path = strdup(path);
    af->tmp_path = malloc(n);
    if (!af->path || !af->tmp_path) {
        qn_atomic_abort(af);
        qn_error_at(path, (qn_mark_t){0, 0}, "out of memory");
        return 0;
    }
    snprintf(af->tmp_path, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(af->tmp_path);
    if (fd < 0 || !(af->f = fdopen(fd, "w"))) {
        qn_error_at(path, (qn_mark_t){0, 0}, "cannot write: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(af->tmp_path);
        }
        free(af->path);
        free(af->tmp_path);
        memset(af, 0, sizeof *af);
        return 0;
    }
    return 1;
}

int qn_atomic_commit(qn_atomic_file_t *af)
{
    int ok = fflush(af->f) == 0 && !ferror(af->f);
    int saved = errno;
    if (fclose(af->f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    af->f = NULL;
    /* mkstemp makes 0600; give the file the usual permissions */
    mode_t mask = umask(0);
    umask(mask);
    chmod(af->tmp_path, 0666 & ~mask);
    if (ok && rename(af->tmp_path, af->path) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        qn_error_at(af->path, (qn_mark_t){0, 0}, "cannot write: %s", strerror(saved));
        unlink(af->tmp_path);
    }
    free(af->path);
    free(af->tmp_path);
    memset(af, 0, sizeof *af);
    return ok;
}

void qn_atomic_abort(qn_atomic_file_t *af)
{
    if (af->f) {
        fclose(af->f);
        unlink(af->tmp_path);
    }
    free(af->path);
    free(af->tmp_path);
    memset(af, 0, sizeof *af);
}

int qn_mkdir_p(const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return 0;
    for (char *s = p + 1;; s++) {
        char c = *s;
        if (c == '/' || c == '\0') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                qn_error_at(p, (qn_mark_t){0, 0}, "cannot create directory: %s",
                            strerror(errno));
                free(p);
                return 0;
            }
            *s = c;
        }
        if (c == '\0')
            break;
    }
    free(p);
    return 1;
}
