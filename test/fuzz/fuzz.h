/* fuzz.h - what every fuzz harness defines.  With -fsanitize=fuzzer the
 * libFuzzer driver calls these; replay.c calls them to rerun a corpus in
 * `make check` with any compiler. */
#ifndef QN_FUZZ_H
#define QN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sends diagnostics to /dev/null: printing them would dominate the run. */
void qn_fuzz_quiet(void);

/* The LLVMFuzzerInitialize of a harness that needs nothing but quiet. */
#define QN_FUZZ_INITIALIZE_QUIET                                    \
    int LLVMFuzzerInitialize(int *argc, char ***argv)               \
    {                                                               \
        (void)argc;                                                 \
        (void)argv;                                                 \
        qn_fuzz_quiet();                                            \
        return 0;                                                   \
    }

#endif /* QN_FUZZ_H */
