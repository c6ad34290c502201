/* unit/quantize_rule.c - the quantization rule (qnngen-yaml(5),
 * QUANTIZATION) against hand-worked values.
 *
 * Each expected value is worked out by hand from the rule: frexp of the
 * real multiplier, nearbyint with ties to even, the narrow weight range.
 */
#include <math.h>
#include <stdio.h>

#include "quantize.h"

static int failures, checks;

#define EXPECT_EQ(got, want, what)                                           \
    do {                                                                     \
        long long g_ = (long long)(got), w_ = (long long)(want);             \
        checks++;                                                            \
        if (g_ != w_) {                                                      \
            failures++;                                                      \
            printf("FAIL %s:%d: %s: got %lld, want %lld\n", __FILE__,        \
                   __LINE__, what, g_, w_);                                  \
        }                                                                    \
    } while (0)

/* The seed design: layer1_scaling = 0.026445072144269943 = 0.846... * 2^-5,
 * so -log2 M = 5.24: nearest 5, floor 5, ceil 6; 16-bit multiplier
 * nearbyint(0.8462423 * 32768) = 27730 with shift 15 + 5 = 20. */
static void test_seed_case(void)
{
    double m = 0.026445072144269943;
    EXPECT_EQ(qn_q_shift(m, QN_SHIFT_NEAREST), 5, "seed, nearest");
    EXPECT_EQ(qn_q_shift(m, QN_SHIFT_FLOOR), 5, "seed, floor");
    EXPECT_EQ(qn_q_shift(m, QN_SHIFT_CEIL), 6, "seed, ceil");
    int64_t mult;
    int shift;
    qn_q_multiplier(m, 16, &mult, &shift);
    EXPECT_EQ(mult, 27730, "seed, multiplier");
    EXPECT_EQ(shift, 20, "seed, multiplier shift");
}

static void test_shift_edges(void)
{
    /* M = 0.5 exactly: -log2 M = 1 under every rule. */
    EXPECT_EQ(qn_q_shift(0.5, QN_SHIFT_NEAREST), 1, "0.5 nearest");
    EXPECT_EQ(qn_q_shift(0.5, QN_SHIFT_FLOOR), 1, "0.5 floor");
    EXPECT_EQ(qn_q_shift(0.5, QN_SHIFT_CEIL), 1, "0.5 ceil");
    /* -log2 0.75 = 0.415: nearest 0, floor 0, ceil 1. */
    EXPECT_EQ(qn_q_shift(0.75, QN_SHIFT_NEAREST), 0, "0.75 nearest");
    EXPECT_EQ(qn_q_shift(0.75, QN_SHIFT_FLOOR), 0, "0.75 floor");
    EXPECT_EQ(qn_q_shift(0.75, QN_SHIFT_CEIL), 1, "0.75 ceil");
    /* -log2 0.7 = 0.515: nearest rounds up to 1. */
    EXPECT_EQ(qn_q_shift(0.7, QN_SHIFT_NEAREST), 1, "0.7 nearest");
    /* -log2 (1/1000) = 9.97: nearest 10, floor 9. */
    EXPECT_EQ(qn_q_shift(0.001, QN_SHIFT_NEAREST), 10, "0.001 nearest");
    EXPECT_EQ(qn_q_shift(0.001, QN_SHIFT_FLOOR), 9, "0.001 floor");
    /* M > 1 needs a left shift: negative, for the caller to refuse. */
    EXPECT_EQ(qn_q_shift(3.0, QN_SHIFT_NEAREST), -2, "3.0 nearest");
}

static void test_multiplier_edges(void)
{
    int64_t m;
    int s;
    /* 0.99999999 * 2^15 rounds to 2^15: one bit too many, so 2^14, shift 14. */
    qn_q_multiplier(0.99999999, 16, &m, &s);
    EXPECT_EQ(m, 16384, "near 1: m");
    EXPECT_EQ(s, 14, "near 1: shift");
    /* 0.75 = 0.75 * 2^0: 8-bit m = 0.75 * 128 = 96, shift 7. */
    qn_q_multiplier(0.75, 8, &m, &s);
    EXPECT_EQ(m, 96, "0.75 in 8 bits");
    EXPECT_EQ(s, 7, "0.75 shift");
    /* 5.0 = 0.625 * 2^3: m = 0.625 * 32768 = 20480, shift 15 - 3 = 12. */
    qn_q_multiplier(5.0, 16, &m, &s);
    EXPECT_EQ(m, 20480, "5.0 m");
    EXPECT_EQ(s, 12, "5.0 shift");
}

/* Weights [[0.5, -0.25], [1.0, 0.1]] at 4 bits: Q = 7, s = 1/7;
 * w/s = 3.5 -> 4 (tie to even), -1.75 -> -2, 7, 0.7000000000000001 -> 1. */
static void test_weights(void)
{
    const double w[4] = { 0.5, -0.25, 1.0, 0.1 };
    double s[2];
    qn_q_weight_scales(w, 2, 2, 4, false, s);
    EXPECT_EQ(s[0] == 1.0 / 7 && s[1] == 1.0 / 7, 1, "per-tensor scale 1/7");
    EXPECT_EQ(qn_q_weight(w[0], s[0], 7), 4, "3.5 to even");
    EXPECT_EQ(qn_q_weight(w[1], s[0], 7), -2, "-1.75");
    EXPECT_EQ(qn_q_weight(w[2], s[0], 7), 7, "max");
    EXPECT_EQ(qn_q_weight(w[3], s[0], 7), 1, "0.7");
    EXPECT_EQ(qn_q_weight(2.0, s[0], 7), 7, "clamped high");
    EXPECT_EQ(qn_q_weight(-2.0, s[0], 7), -7, "clamped low (narrow range)");
    EXPECT_EQ(qn_q_weight(2.5, 1.0, 7), 2, "2.5 to even");
    EXPECT_EQ(qn_q_weight(-2.5, 1.0, 7), -2, "-2.5 to even");
    /* Per channel: row 0 has 0.5/7, row 1 has 1/7; snapped, row 0 is
     * (1/7) * 2^-1, the largest power-of-two fraction not below 0.5/7. */
    qn_q_weight_scales(w, 2, 2, 4, true, s);
    EXPECT_EQ(s[0] == 0.5 / 7 && s[1] == 1.0 / 7, 1, "per-channel scales");
    qn_q_snap_scales(s, 2);
    EXPECT_EQ(s[0] == ldexp(1.0 / 7, -1) && s[1] == 1.0 / 7, 1, "snapped");
    double t[3] = { 1.0, 0.3, 0.2 };
    qn_q_snap_scales(t, 3);   /* 0.3 -> 0.5 (k 1), 0.2 -> 0.25 (k 2) */
    EXPECT_EQ(t[1] == 0.5 && t[2] == 0.25, 1, "snap 0.3 0.2");
    /* A zero row takes the tensor's scale; a zero tensor takes 1. */
    const double z[4] = { 0, 0, 0.7, -1.4 };
    qn_q_weight_scales(z, 2, 2, 3, true, s);
    EXPECT_EQ(s[0] == 1.4 / 3 && s[1] == 1.4 / 3, 1, "zero row");
    const double zz[2] = { 0, 0 };
    qn_q_weight_scales(zz, 1, 2, 8, false, s);
    EXPECT_EQ(s[0] == 1.0, 1, "zero tensor");
}

/* Input range [0, 1] as int8: s = 1/255, z = -128 - 0 = -128;
 * 1 -> 255 - 128 = 127, 0.5 -> 127.5 -> 128 (even) -> 0, 2 -> clamped. */
static void test_input(void)
{
    qn_int_type_t i8 = { 8, true }, u4 = { 4, false };
    double s;
    int64_t z;
    qn_q_input_params(0.0, 1.0, i8, &s, &z);
    EXPECT_EQ(s == 1.0 / 255, 1, "input scale");
    EXPECT_EQ(z, -128, "input zero point");
    EXPECT_EQ(qn_q_input(1.0, s, z, i8), 127, "x = 1");
    EXPECT_EQ(qn_q_input(0.5, s, z, i8), 0, "x = 0.5");
    EXPECT_EQ(qn_q_input(0.0, s, z, i8), -128, "x = 0");
    EXPECT_EQ(qn_q_input(2.0, s, z, i8), 127, "x = 2 clamps");
    /* Symmetric [-1, 1] as int8: s = 2/255, -1/s = -127.5 -> -128, z = 0. */
    qn_q_input_params(-1.0, 1.0, i8, &s, &z);
    EXPECT_EQ(z, 0, "symmetric zero point");
    /* [-1, 2] as uint4: s = 3/15 = 0.2, -1/0.2 = -5, z = 0 + 5 = 5. */
    qn_q_input_params(-1.0, 2.0, u4, &s, &z);
    EXPECT_EQ(z, 5, "uint4 zero point");
    EXPECT_EQ(qn_q_input(-1.0, s, z, u4), 0, "uint4 lo");
    EXPECT_EQ(qn_q_input(2.0, s, z, u4), 15, "uint4 hi");
}

int main(void)
{
    test_seed_case();
    test_shift_edges();
    test_multiplier_edges();
    test_weights();
    test_input();
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
