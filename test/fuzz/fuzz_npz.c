/* fuzz_npz.c - the .npz (zip) reader on arbitrary bytes: open the archive,
 * then read every member it lists and one it does not. */
#include "array.h"
#include "fuzz.h"

QN_FUZZ_INITIALIZE_QUIET

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qn_array_error_t err;
    qn_npz_t *npz = qn_npz_open_memory(data, size, &err);
    if (!npz)
        return 0;
    for (int i = 0; i < qn_npz_member_count(npz); i++) {
        qn_array_t a;
        if (qn_npz_read(npz, qn_npz_member_name(npz, i), &a, &err))
            qn_array_free(&a);
    }
    qn_array_t a;
    if (qn_npz_read(npz, "no such member", &a, &err))
        qn_array_free(&a);
    qn_npz_close(npz);
    return 0;
}
