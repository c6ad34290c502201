/* commands.h - the subcommands of qnngen(1).
 *
 * Each takes the subcommand's own argv (argv[0] is the subcommand name) and
 * returns the exit status: 0 success, 1 bad input or a mismatch, 2 usage.
 */
#ifndef QN_COMMANDS_H
#define QN_COMMANDS_H

#include <stdio.h>

#include "ir.h"

enum { QN_EXIT_OK = 0, QN_EXIT_FAIL = 1, QN_EXIT_USAGE = 2 };

int qn_cmd_check(int argc, char **argv);
int qn_cmd_run(int argc, char **argv);
int qn_cmd_diff(int argc, char **argv);
int qn_cmd_quantize(int argc, char **argv);

/* The per-layer table of `qnngen check` (generate prints it too). */
void qn_print_layer_table(FILE *f, const qn_network_t *net);

/* Reports a usage error for `cmd` and returns QN_EXIT_USAGE. */
int qn_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* QN_COMMANDS_H */
