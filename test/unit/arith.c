/* unit/arith.c - the reference arithmetic against hand-worked values.
 *
 * Every expected number here was worked out by hand from spec section 3
 * (the rounding table is the spec's own), not computed by qnngen.
 */
#include <inttypes.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include "accproof.h"
#include "refmodel.h"

static int failures, checks;

#define EXPECT_EQ(got, want, ...)                                            \
    do {                                                                     \
        long long g_ = (long long)(got), w_ = (long long)(want);             \
        checks++;                                                            \
        if (g_ != w_) {                                                      \
            failures++;                                                      \
            printf("FAIL %s:%d: got %lld, want %lld: ", __FILE__, __LINE__,  \
                   g_, w_);                                                  \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)

/* The spec's table: r = p / 2^s for p/2^s = 1.5 2.5 -1.5 -2.5 1.25 -1.25. */
static void test_rounding_table(void)
{
    static const struct { int64_t p; int s; } cases[6] = {
        { 3, 1 }, { 5, 1 }, { -3, 1 }, { -5, 1 }, { 5, 2 }, { -5, 2 }
    };
    static const int64_t want[4][6] = {
        { 1, 2, -2, -3, 1, -2 },   /* floor */
        { 2, 3, -1, -2, 1, -1 },   /* half_up */
        { 2, 2, -2, -2, 1, -1 },   /* half_even */
        { 2, 3, -2, -3, 1, -1 },   /* half_away */
    };
    for (int m = 0; m < 4; m++)
        for (int c = 0; c < 6; c++) {
            EXPECT_EQ(qn_round_shift(cases[c].p, cases[c].s, (qn_rounding_t)m),
                      want[m][c], "mode %d p %lld s %d", m,
                      (long long)cases[c].p, cases[c].s);
            /* the same ratio with a larger shift must round the same */
            EXPECT_EQ(qn_round_shift(cases[c].p * 1024, cases[c].s + 10,
                                     (qn_rounding_t)m),
                      want[m][c], "scaled mode %d case %d", m, c);
        }
}

static void test_shift_zero_and_extremes(void)
{
    for (int m = 0; m < 4; m++) {
        EXPECT_EQ(qn_round_shift(-7, 0, (qn_rounding_t)m), -7, "shift 0 mode %d", m);
        EXPECT_EQ(qn_round_shift(INT64_MAX, 0, (qn_rounding_t)m), INT64_MAX, "max, shift 0");
        EXPECT_EQ(qn_round_shift(INT64_MIN, 0, (qn_rounding_t)m), INT64_MIN, "min, shift 0");
        /* INT64_MIN / 2^62 = -2 exactly, every mode */
        EXPECT_EQ(qn_round_shift(INT64_MIN, 62, (qn_rounding_t)m), -2, "min >> 62 mode %d", m);
        /* 2^62 / 2^62 = 1 */
        EXPECT_EQ(qn_round_shift((int64_t)1 << 62, 62, (qn_rounding_t)m), 1, "2^62 >> 62");
    }
    /* INT64_MAX / 2^62 = 1.99999...: floor 1, nearest 2 */
    EXPECT_EQ(qn_round_shift(INT64_MAX, 62, QN_ROUND_FLOOR), 1, "max floor");
    EXPECT_EQ(qn_round_shift(INT64_MAX, 62, QN_ROUND_HALF_UP), 2, "max half_up");
    EXPECT_EQ(qn_round_shift(INT64_MAX, 62, QN_ROUND_HALF_EVEN), 2, "max half_even");
    /* -2^61 / 2^62 = -0.5: floor -1, half_up 0, half_even 0, half_away -1 */
    int64_t mhalf = -((int64_t)1 << 61);
    EXPECT_EQ(qn_round_shift(mhalf, 62, QN_ROUND_FLOOR), -1, "-0.5 floor");
    EXPECT_EQ(qn_round_shift(mhalf, 62, QN_ROUND_HALF_UP), 0, "-0.5 half_up");
    EXPECT_EQ(qn_round_shift(mhalf, 62, QN_ROUND_HALF_EVEN), 0, "-0.5 half_even");
    EXPECT_EQ(qn_round_shift(mhalf, 62, QN_ROUND_HALF_AWAY), -1, "-0.5 half_away");
    /* -1 >> 1 = -0.5 likewise; -1 >> 5 = -1/32 */
    EXPECT_EQ(qn_round_shift(-1, 5, QN_ROUND_FLOOR), -1, "-1/32 floor");
    EXPECT_EQ(qn_round_shift(-1, 5, QN_ROUND_HALF_AWAY), 0, "-1/32 half_away");
    EXPECT_EQ(qn_round_shift(-3, 1, QN_ROUND_HALF_EVEN), -2, "-1.5 half_even");
    EXPECT_EQ(qn_round_shift(-7, 1, QN_ROUND_HALF_EVEN), -4, "-3.5 half_even");
    EXPECT_EQ(qn_round_shift(7, 1, QN_ROUND_HALF_EVEN), 4, "3.5 half_even");
    EXPECT_EQ(qn_round_shift(9, 1, QN_ROUND_HALF_EVEN), 4, "4.5 half_even");
}

static void test_saturation(void)
{
    qn_int_type_t s8 = { 8, true }, u8 = { 8, false }, s1 = { 1, true },
                  u1 = { 1, false }, s32 = { 32, true }, u32 = { 32, false };
    EXPECT_EQ(qn_activate_saturate(300, QN_ACT_NONE, s8), 127, "s8 high");
    EXPECT_EQ(qn_activate_saturate(-300, QN_ACT_NONE, s8), -128, "s8 low");
    EXPECT_EQ(qn_activate_saturate(-5, QN_ACT_RELU, s8), 0, "relu");
    EXPECT_EQ(qn_activate_saturate(300, QN_ACT_RELU, u8), 255, "u8 high");
    EXPECT_EQ(qn_activate_saturate(-5, QN_ACT_NONE, u8), 0, "unsigned without relu clamps to 0");
    EXPECT_EQ(qn_activate_saturate(5, QN_ACT_NONE, s1), 0, "1-bit signed is -1/0");
    EXPECT_EQ(qn_activate_saturate(-5, QN_ACT_NONE, s1), -1, "1-bit signed low");
    EXPECT_EQ(qn_activate_saturate(5, QN_ACT_RELU, u1), 1, "1-bit unsigned high");
    EXPECT_EQ(qn_activate_saturate(INT64_MAX, QN_ACT_NONE, s32), 2147483647, "s32 high");
    EXPECT_EQ(qn_activate_saturate(INT64_MIN, QN_ACT_NONE, s32), -2147483648LL, "s32 low");
    EXPECT_EQ(qn_activate_saturate(INT64_MAX, QN_ACT_RELU, u32), 4294967295LL, "u32 high");
}

static void test_bits_for_range(void)
{
    EXPECT_EQ(qn_bits_for_range(0, 0), 2, "at least 2");
    EXPECT_EQ(qn_bits_for_range(-2, 1), 2, "[-2, 1]");
    EXPECT_EQ(qn_bits_for_range(-2, 2), 3, "[-2, 2]");
    EXPECT_EQ(qn_bits_for_range(-129, 0), 9, "[-129, 0]");
    EXPECT_EQ(qn_bits_for_range(0, 127), 8, "[0, 127]");
    EXPECT_EQ(qn_bits_for_range(0, 128), 9, "[0, 128]");
    EXPECT_EQ(qn_bits_for_range(INT64_MIN, 0), 64, "int64 min");
    EXPECT_EQ(qn_bits_for_range(0, INT64_MAX), 64, "int64 max");
    EXPECT_EQ(qn_bits_for_range(-((int64_t)1 << 62), ((int64_t)1 << 62) - 1), 63, "63 bits");
}

/* A one-layer network built by hand. */
typedef struct tiny {
    qn_network_t net;
    qn_layer_t layer;
    int16_t w[6];
    int64_t bias[2], mult[2];
    int shift[2];
} tiny_t;

static void tiny_init(tiny_t *t, int in, int out, qn_int_type_t x_type)
{
    memset(t, 0, sizeof *t);
    t->net.name = "t";
    t->net.input_size = in;
    t->net.input_type = x_type;
    t->net.n_layers = 1;
    t->net.layers = &t->layer;
    t->layer.name = "l";
    t->layer.in = in;
    t->layer.out = out;
    t->layer.x_type = x_type;
    t->layer.weight = t->w;
    t->layer.bias = t->bias;
    t->layer.multiplier = t->mult;
    t->layer.shift = t->shift;
    t->layer.acc_bits_auto = true;
    t->layer.out_type = (qn_int_type_t){ 16, true };
    t->mult[0] = t->mult[1] = 1;
}

static void tiny_free_proof(tiny_t *t)
{
    free(t->layer.acc_min);
    free(t->layer.acc_max);
    free(t->layer.p_min);
    free(t->layer.p_max);
}

static void test_dense_by_hand(void)
{
    tiny_t t;
    /* 3 inputs, 2 neurons, 4-bit signed inputs [-8, 7] */
    tiny_init(&t, 3, 2, (qn_int_type_t){ 4, true });
    int16_t w[6] = { 3, -2, 1, -8, 7, 0 };
    memcpy(t.w, w, sizeof w);
    t.bias[0] = 5;   t.bias[1] = -1;
    t.layer.bias_shift = 2;              /* bias enters as 20 and -4 */
    t.mult[0] = -3;  t.mult[1] = 5;      /* a negative multiplier */
    t.shift[0] = 2;  t.shift[1] = 1;
    t.layer.rounding = QN_ROUND_HALF_EVEN;
    t.layer.out_type = (qn_int_type_t){ 6, true };   /* [-32, 31] */
    EXPECT_EQ(qn_accproof_layer(&t.layer, "t", (qn_mark_t){0, 0}), 0, "proof");
    /* neuron 0: terms 3x0 in [-24,21], -2x1 in [-14,16], x2 in [-8,7];
     * acc in [20-46, 20+44] = [-26, 64]; p = -3 acc in [-192, 78] */
    EXPECT_EQ(t.layer.acc_min[0], -26, "acc_min[0]");
    EXPECT_EQ(t.layer.acc_max[0], 64, "acc_max[0]");
    EXPECT_EQ(t.layer.p_min[0], -192, "p_min[0]");
    EXPECT_EQ(t.layer.p_max[0], 78, "p_max[0]");
    /* neuron 1: -8x0 in [-56, 64], 7x1 in [-56, 49]; acc in [-116, 109],
     * p = 5 acc in [-580, 545]: 11 bits */
    EXPECT_EQ(t.layer.p_min[1], -580, "p_min[1]");
    EXPECT_EQ(t.layer.acc_bits_needed, 11, "acc bits needed");
    EXPECT_EQ(t.layer.acc_bits, 11, "auto picks the least");

    int64_t x[3] = { 2, -3, 7 };
    qn_trace_t *tr = qn_ref_run(&t.net, x, 1);
    /* neuron 0: acc = 20 + 6 + 6 + 7 = 39; p = -117; /4 = -29.25 -> -29 */
    EXPECT_EQ(tr->layer_out[0][0], -29, "neuron 0");
    /* neuron 1: acc = -4 - 16 - 21 = -41; p = -205; /2 = -102.5 -> -102
     * (even), saturated to -32 */
    EXPECT_EQ(tr->layer_out[0][1], -32, "neuron 1 saturates");
    qn_trace_free(tr);

    t.layer.activation = QN_ACT_RELU;
    t.layer.out_type = (qn_int_type_t){ 6, false };
    int64_t x2[3] = { -8, -8, -8 };
    tr = qn_ref_run(&t.net, x2, 1);
    /* neuron 0: 20 - 24 + 16 - 8 = 4; p = -12; /4 = -3 -> relu 0 */
    EXPECT_EQ(tr->layer_out[0][0], 0, "relu clamps");
    /* neuron 1: -4 + 64 - 56 = 4; p = 20; /2 = 10 */
    EXPECT_EQ(tr->layer_out[0][1], 10, "neuron 1 relu");
    qn_trace_free(tr);

    /* a too-small given width names the neuron and the bits */
    tiny_free_proof(&t);
    t.layer.acc_bits_auto = false;
    t.layer.acc_bits = 10;
    EXPECT_EQ(qn_accproof_layer(&t.layer, "t", (qn_mark_t){0, 0}), 1, "10 bits too small");
    tiny_free_proof(&t);
}

static void test_binary_weights(void)
{
    tiny_t t;
    /* 0/1 inputs, +-1 weights: the FINN case */
    tiny_init(&t, 3, 1, (qn_int_type_t){ 1, false });
    int16_t w[3] = { 1, -1, 1 };
    memcpy(t.w, w, sizeof w);
    t.layer.weight_bits = 1;
    EXPECT_EQ(qn_accproof_layer(&t.layer, "t", (qn_mark_t){0, 0}), 0, "proof");
    EXPECT_EQ(t.layer.acc_min[0], -1, "binary acc_min");
    EXPECT_EQ(t.layer.acc_max[0], 2, "binary acc_max");
    int64_t x[3] = { 1, 1, 0 };
    qn_trace_t *tr = qn_ref_run(&t.net, x, 1);
    EXPECT_EQ(tr->layer_out[0][0], 0, "1 - 1 + 0");
    qn_trace_free(tr);
    tiny_free_proof(&t);
}

/* 64-bit edges: the largest sums, and one that needs 65 bits. */
static void test_accumulator_64(void)
{
    tiny_t t;
    tiny_init(&t, 2, 1, (qn_int_type_t){ 32, true });
    t.w[0] = -32768;
    t.w[1] = -32768;
    t.layer.weight_bits = 16;
    t.bias[0] = -2147483648LL;
    t.layer.bias_shift = 31;
    /* terms in [-2^46 + 2^15, 2^46] each; bias -2^62 */
    EXPECT_EQ(qn_accproof_layer(&t.layer, "t", (qn_mark_t){0, 0}), 0, "fits 64");
    EXPECT_EQ(t.layer.acc_min[0], -((int64_t)1 << 62) - ((int64_t)1 << 47) + ((int64_t)1 << 16),
              "acc_min at 64 bits");
    EXPECT_EQ(t.layer.acc_bits, 64, "needs 64 bits");
    int64_t x[2] = { 2147483647, 2147483647 };
    qn_trace_t *tr = qn_ref_run(&t.net, x, 1);
    /* acc = -2^62 - 2*32768*(2^31 - 1) = acc_min; shift 0, s16 -> -32768 */
    EXPECT_EQ(tr->layer_out[0][0], -32768, "64-bit acc saturates");
    qn_trace_free(tr);
    tiny_free_proof(&t);

    /* a multiplier pushing p past 64 bits is refused */
    t.mult[0] = 4;
    EXPECT_EQ(qn_accproof_layer(&t.layer, "t", (qn_mark_t){0, 0}), 1, "p needs > 64 bits");
    tiny_free_proof(&t);
}

int main(void)
{
    test_rounding_table();
    test_shift_zero_and_extremes();
    test_saturation();
    test_bits_for_range();
    test_dense_by_hand();
    test_binary_weights();
    test_accumulator_64();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
