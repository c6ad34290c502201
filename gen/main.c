/* main.c - qnngen: quantized neural network to Verilog.
 *
 * Every subcommand is the same pipeline: load the YAML and its arrays,
 * stop if anything is wrong, build the IR, then run the reference model
 * and/or the emitters on the IR (see commands.h, rtl_commands.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "rtl_commands.h"
#include "sweep.h"
#include "version.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command_t;

static const command_t commands[] = {
    { "check", qn_cmd_check, "validate a network and print its per-layer table" },
    { "run", qn_cmd_run, "compute a network on input vectors (the reference model)" },
    { "quantize", qn_cmd_quantize, "turn a float network into a format-1 network" },
    { "diff", qn_cmd_diff, "compare two result files, layer by layer" },
    { "generate", qn_cmd_generate, "write the Verilog design, memories and testbench" },
    { "sim", qn_cmd_sim, "simulate a generated design and check it" },
    { "sweep", qn_cmd_sweep, "quantize, compare and synthesize at several weight widths" },
    { "report", qn_cmd_report, "tabulate a design's synthesis results (make synth)" },
};

int qn_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: usage error: ", qn_progname, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return QN_EXIT_USAGE;
}

static void print_help(FILE *f)
{
    fprintf(f, "usage: qnngen COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`qnngen COMMAND --help` shows a command's options; "
               "qnngen(1) and qnngen-yaml(5) document them and the format.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return QN_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_help(stdout);
        return QN_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("qnngen %s\n", QN_VERSION);
        return QN_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "%s: usage error: unknown command '%s'\n\n", qn_progname, argv[1]);
    print_help(stderr);
    return QN_EXIT_USAGE;
}
