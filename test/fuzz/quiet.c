/* quiet.c - diagnostics to /dev/null for the fuzz harnesses. */
#include <stdio.h>

#include "diag.h"
#include "fuzz.h"

void qn_fuzz_quiet(void)
{
    static FILE *null_stream;
    if (!null_stream)
        null_stream = fopen("/dev/null", "w");
    qn_diag_set_stream(null_stream);
}
