/* fuzz_netload.c - the YAML loader and validator on arbitrary documents,
 * parsed from memory.  Array references resolve in the diagnostics
 * catalogue's folder (test/diag: small .npy and .npz files), which is only
 * read; QN_FUZZ_ARRAYS names another folder. */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "fuzz.h"
#include "ir.h"
#include "netload.h"

static char arrays_dir[4096] = "test/diag";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("QN_FUZZ_ARRAYS");
    const char *top = getenv("top_srcdir");
    if (dir)
        snprintf(arrays_dir, sizeof arrays_dir, "%s", dir);
    else if (top)
        snprintf(arrays_dir, sizeof arrays_dir, "%s/test/diag", top);
    qn_fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qn_network_free(qn_network_load_buffer("fuzz.yaml", arrays_dir, data, size));
    qn_diag_reset();
    return 0;
}
