/* rtl_commands.h - the RTL subcommands of qnngen(1).
 *
 *   qnngen generate NET.yaml [-o DIR] [--input X.npy] [--vectors N]
 *                   [--seed S] [--trace] [--memory inferred|xilinx-ip]
 *                   [--ram-style block|distributed] [--part PART]
 *                   [--clock-ns NS]
 *   qnngen sim DIR [--simulator icarus|verilator]
 *   qnngen report DIR
 *
 * Each takes the subcommand's own argv (argv[0] is the subcommand name) and
 * returns the exit status: 0 success, 1 bad input or a mismatch, 2 usage.
 */
#ifndef QN_RTL_COMMANDS_H
#define QN_RTL_COMMANDS_H

int qn_cmd_generate(int argc, char **argv);
int qn_cmd_sim(int argc, char **argv);
int qn_cmd_report(int argc, char **argv);

#endif /* QN_RTL_COMMANDS_H */
