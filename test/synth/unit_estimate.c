/* unit_estimate.c - the block RAM counts of estimate.c against what Yosys
 * 0.23 built for single lane memories (qn_weight_mem with random contents
 * through synth_xilinx and synth_ice40, one shape at a time). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "estimate.h"

static int failures;

/* depth x width: RAMB18 equivalents, SB_RAM40_4K blocks, as Yosys made
 * them (a RAMB36 counted 2). */
static const struct {
    long depth, width, bram18, ice40;
} measured[] = {
    {9, 12, 1, 1},      /* 1 RAMB18E1 */
    {512, 36, 1, 5},    /* 1 RAMB18E1 */
    {512, 72, 2, 9},    /* 1 RAMB36E1 */
    {1024, 18, 1, 5},   /* 1 RAMB18E1 */
    {1024, 36, 2, 9},   /* 1 RAMB36E1 */
    {2048, 9, 1, 5},    /* 1 RAMB18E1 */
    {2048, 16, 2, 8},   /* 1 RAMB36E1 */
    {4096, 8, 2, 8},    /* 1 RAMB36E1 */
    {8192, 4, 2, 8},    /* 1 RAMB36E1 */
    {16384, 2, 2, 8},   /* 1 RAMB36E1 */
    {100, 144, 4, 9},   /* 2 RAMB36E1 */
    {600, 40, 3, -1},   /* 3 RAMB18E1 */
    {3000, 8, 2, 6},    /* 1 RAMB36E1 */
};

int main(void)
{
    for (size_t i = 0; i < sizeof measured / sizeof *measured; i++) {
        long d = measured[i].depth, w = measured[i].width;
        long b = qn_bram18_for(d, w), r = qn_ice40_ram_for(d, w);
        if (b != measured[i].bram18) {
            printf("FAIL: %ldx%ld: %ld RAMB18 eq., Yosys %ld\n", d, w, b,
                   measured[i].bram18);
            failures++;
        }
        if (measured[i].ice40 >= 0 && r != measured[i].ice40) {
            printf("FAIL: %ldx%ld: %ld SB_RAM40_4K, Yosys %ld\n", d, w, r,
                   measured[i].ice40);
            failures++;
        }
    }
    if (qn_bram18_for(0, 8) != 0 || qn_ice40_ram_for(8, 0) != 0) {
        printf("FAIL: an empty memory takes block RAM\n");
        failures++;
    }
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
