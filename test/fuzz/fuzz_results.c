/* fuzz_results.c - the results-file reader of `qnngen diff` on arbitrary
 * bytes, read through a memory stream (no file per input). */
#include <stdio.h>

#include "diag.h"
#include "fuzz.h"
#include "results.h"

QN_FUZZ_INITIALIZE_QUIET

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;   /* fmemopen refuses an empty buffer */
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    qn_results_free(qn_results_read_stream(f, "fuzz.txt"));
    fclose(f);
    qn_diag_reset();
    return 0;
}
