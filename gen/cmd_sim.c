/* cmd_sim.c - `qnngen sim DIR`: simulates a generated design with its own
 * Makefile (`make -C DIR sim SIM=...`), so `qnngen sim` and `make sim` run
 * the same thing; exits 0 only when every value matched. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "outtree.h"
#include "rtl_commands.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: qnngen sim DIR [--simulator icarus|verilator] "
               "[--stall]\n"
               "\n"
               "Simulates the design generated in DIR (runs `make -C DIR "
               "sim`); exits 0 only\n"
               "when every output matched the reference model.\n"
               "  --simulator NAME   icarus (default) or verilator\n"
               "  --stall            random tvalid/tready stalls on both "
               "streams\n");
}

int qn_cmd_sim(int argc, char **argv)
{
    const char *dir = NULL, *sim = "icarus";
    int stall = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return QN_EXIT_OK;
        } else if (strcmp(a, "--simulator") == 0 ||
                   strncmp(a, "--simulator=", 12) == 0) {
            const char *v = a[11] == '=' ? a + 12 : (i + 1 < argc ? argv[++i]
                                                                   : NULL);
            if (!v)
                return qn_usage_error(argv[0], "--simulator needs a value");
            if (strcmp(v, "icarus") != 0 && strcmp(v, "verilator") != 0)
                return qn_usage_error(argv[0], "--simulator is 'icarus' or "
                                      "'verilator', not '%s'", v);
            sim = v;
        } else if (strcmp(a, "--stall") == 0) {
            stall = 1;
        } else if (a[0] == '-' && a[1]) {
            return qn_usage_error(argv[0], "unknown option '%s' (see `qnngen "
                                  "sim --help`)", a);
        } else if (dir) {
            return qn_usage_error(argv[0], "one design folder at a time");
        } else {
            dir = a;
        }
    }
    if (!dir)
        return qn_usage_error(argv[0], "which design folder? (qnngen sim "
                              "DIR)");

    size_t n = strlen(dir) + sizeof "/" QN_MANIFEST_NAME;
    char *manifest = malloc(n);
    if (!manifest) {
        qn_error_at(NULL, (qn_mark_t){0, 0}, "out of memory");
        return QN_EXIT_FAIL;
    }
    snprintf(manifest, n, "%s/%s", dir, QN_MANIFEST_NAME);
    struct stat st;
    int generated = stat(manifest, &st) == 0;
    free(manifest);
    if (!generated) {
        qn_error_at(dir, (qn_mark_t){0, 0}, "not a design folder written by "
                    "`qnngen generate` (no %s)", QN_MANIFEST_NAME);
        return QN_EXIT_FAIL;
    }

    char simvar[64];
    snprintf(simvar, sizeof simvar, "SIM=%s", sim);
    char *args[] = {"make", "-C", (char *)dir, "sim", simvar,
                    stall ? "SIM_ARGS=+stall" : NULL, NULL};
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        qn_error_at(NULL, (qn_mark_t){0, 0}, "cannot run make: %s",
                    strerror(errno));
        return QN_EXIT_FAIL;
    }
    if (pid == 0) {
        execvp("make", args);
        fprintf(stderr, "%s: error: cannot run make: %s\n", qn_progname,
                strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            qn_error_at(NULL, (qn_mark_t){0, 0}, "waiting for make: %s",
                        strerror(errno));
            return QN_EXIT_FAIL;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return QN_EXIT_OK;
    fprintf(stderr, "%s: error: simulation of %s failed\n", qn_progname, dir);
    return QN_EXIT_FAIL;
}
