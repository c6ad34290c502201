/* fuzz_csv.c - the .csv parser on arbitrary text (not NUL-terminated). */
#include "array.h"
#include "fuzz.h"

QN_FUZZ_INITIALIZE_QUIET

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qn_array_t a;
    qn_array_error_t err;
    if (qn_csv_parse((const char *)data, size, &a, &err))
        qn_array_free(&a);
    return 0;
}
