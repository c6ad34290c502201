/* synthrun.c - `make synth` / `make synth-ice40` in a design folder and
 * the figures of its report.json (see synthrun.h). */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "node.h"
#include "synthrun.h"

static const qn_mark_t no_mark = {0, 0};

/* Runs argv in `dir`, output appended to dir/`log`.  Returns the exit
 * status, 127 when it could not be started, -1 when killed. */
static int run_in(const char *dir, const char *log, char *const argv[])
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return 127;
    if (pid == 0) {
        if (chdir(dir) != 0)
            _exit(127);
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0666);
        if (fd < 0)
            _exit(127);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The node at a path of map keys, or NULL. */
static const qn_node_t *at(const qn_node_t *n, const char *k1, const char *k2,
                           const char *k3)
{
    const char *keys[] = {k1, k2, k3};
    for (int i = 0; i < 3 && n && keys[i]; i++)
        n = n->kind == QN_NODE_MAP ? qn_node_get(n, keys[i]) : NULL;
    return n;
}

static long num(const qn_node_t *n)
{
    return n && n->kind == QN_NODE_SCALAR ? atol(n->text) : 0;
}

/* xc7.total and ice40.{device, fmax_mhz} of report.json. */
static void read_report(const char *dir, qn_synth_figures_t *fig)
{
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (!path)
        return;
    snprintf(path, n, "%s/report.json", dir);
    qn_node_t *root = qn_yaml_read_file(path);
    free(path);
    if (!root)
        return;
    const qn_node_t *t = at(root, "xc7", "total", NULL);
    if (t && t->kind == QN_NODE_MAP) {
        fig->xc7_ok = true;
        fig->lut = num(qn_node_get(t, "lut"));
        fig->ff = num(qn_node_get(t, "ff"));
        fig->carry = num(qn_node_get(t, "carry"));
        fig->dsp = num(qn_node_get(t, "dsp"));
        fig->ramb18 = num(qn_node_get(t, "ram18"));
        fig->ramb36 = num(qn_node_get(t, "ram36"));
    }
    const qn_node_t *f = at(root, "ice40", "fmax_mhz", NULL);
    const qn_node_t *d = at(root, "ice40", "device", NULL);
    if (fig->ice40_fits && f && f->kind == QN_NODE_SCALAR)
        fig->fmax_mhz = strtod(f->text, NULL);
    else
        fig->ice40_fits = false;
    if (d && d->kind == QN_NODE_SCALAR)
        snprintf(fig->ice40_device, sizeof fig->ice40_device, "%s", d->text);
    qn_node_free(root);
}

/* Whether synth/design.yaml (written by generate) says the design fits an
 * iCE40 part. */
static bool estimate_fits(const char *dir)
{
    size_t n = strlen(dir) + 24;
    char *path = malloc(n);
    if (!path)
        return false;
    snprintf(path, n, "%s/synth/design.yaml", dir);
    qn_node_t *root = qn_yaml_read_file(path);
    free(path);
    bool fits = root && num(at(root, "ice40_fits", NULL, NULL)) != 0;
    qn_node_free(root);
    return fits;
}

int qn_synth_run(const char *dir, const char *qnngen, bool ice40,
                 qn_synth_figures_t *fig)
{
    memset(fig, 0, sizeof *fig);
    size_t n = strlen(qnngen) + 8;
    char *var = malloc(n);
    if (!var) {
        qn_error_at(NULL, no_mark, "out of memory");
        return 0;
    }
    snprintf(var, n, "QNNGEN=%s", qnngen);
    const char *log = "synth/sweep_make.log";
    char *argv_x[] = {"make", "--no-print-directory", var, "synth", NULL};
    int st = run_in(dir, log, argv_x);
    if (st == 127) {
        qn_error_at(NULL, no_mark, "cannot run make in %s", dir);
        free(var);
        return 0;
    }
    if (st == 0 && ice40 && estimate_fits(dir)) {
        fig->ice40_tried = true;
        char *argv_i[] = {"make", "--no-print-directory", var, "synth-ice40",
                          NULL};
        fig->ice40_fits = run_in(dir, log, argv_i) == 0;
    }
    free(var);
    if (st == 0)
        read_report(dir, fig);
    return 1;
}
