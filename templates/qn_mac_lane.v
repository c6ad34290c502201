`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_mac_lane - one lane of a dense layer: SIMD products a cycle, a
// pipelined adder tree, and an accumulator preloaded with the bias term.
//
// A neuron arrives as one or more words (in_valid high), the first flagged
// by in_first, the last by in_last (a one-word neuron has both). Each word
// brings SIMD weights and SIMD input elements; element s is
// w_word[s*W_BITS +: W_BITS] times x_word[s*X_BITS +: X_BITS]. The
// accumulator is loaded with bias_term (sampled with in_first) plus the
// first word's sum, then adds every further word's sum; after the last word
// it holds acc = bias_term + sum(w*x) and acc_valid pulses for one cycle.
// Words may come back to back, one neuron right after another, or with
// idle cycles anywhere.
//
// Arithmetic (README "Arithmetic of a lane"): weights are W_BITS two's
// complement, except W_BITS = 1 (binary): bit 1 means +1, bit 0 means -1,
// and the product is x or -x (no multiplier). Unsigned x is zero-extended
// before the signed multiply. Everything is summed modulo 2^ACC_BITS; the
// result is exact because qnngen proves the true sum fits ACC_BITS.
// Adder-tree level l is min(ACC_BITS, W_BITS + X_BITS + l) bits wide.
//
// Pipeline: the inputs are registered (the weight word comes straight out
// of a block RAM, whose clock-to-out is slow, and the bias term out of a
// table lookup); the products are registered; then TREE_DEPTH = clog2(SIMD)
// adder levels with a register after every TREE_LEVELS_PER_STAGE levels
// and after the last (the root), so the accumulator's wide add has no
// tree level in front of it; then the accumulator.
//
// Latency: LATENCY = 3 + ceil(TREE_DEPTH / TREE_LEVELS_PER_STAGE) cycles
// from a word's in_valid cycle to the cycle in which its sum is in `acc`;
// acc_valid is high LATENCY cycles after the in_last word. With the
// default of 2 levels a stage: SIMD 1: 3, 2-4: 4, 5-16: 5, 17-64: 6.
//
// Ports:
//   clk, rst                         clock; synchronous reset (clears the valid pipeline)
//   in_valid                         a word is presented
//   in_first                         ... and it is its neuron's first word
//   in_last                          ... and it is its neuron's last word
//   w_word     [SIMD*W_BITS-1:0]     SIMD weights
//   x_word     [SIMD*X_BITS-1:0]     SIMD input elements
//   bias_term  [ACC_BITS-1:0]        the neuron's bias term, sampled with in_first
//   acc        [ACC_BITS-1:0]        the neuron's sum, two's complement; valid with acc_valid
//   acc_valid                        one-cycle pulse: acc holds a finished neuron
//
// acc keeps its value until the next word's sum arrives, LATENCY cycles
// after that word, so a consumer must take it in the acc_valid cycle.

module qn_mac_lane #(
    parameter integer SIMD                  = 1,   // products a cycle, >= 1
    parameter integer W_BITS                = 4,   // weight width, 1..32; 1 = binary (+1/-1)
    parameter integer X_BITS                = 8,   // input element width, 1..32
    parameter integer X_SIGNED              = 1,   // 1: x is two's complement, 0: unsigned
    parameter integer ACC_BITS              = 24,  // accumulator width, 2..64
    parameter integer TREE_LEVELS_PER_STAGE = 2,   // adder-tree levels between registers, >= 1
    parameter integer MAC_STYLE             = 0,   // products: 0 the tool's choice, 1 DSP, 2 logic
    parameter integer EXPECT_LATENCY        = 0    // the instantiator's LATENCY, checked; 0: none
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire                     in_valid,
    input  wire                     in_first,
    input  wire                     in_last,
    input  wire [SIMD*W_BITS-1:0]   w_word,
    input  wire [SIMD*X_BITS-1:0]   x_word,
    input  wire [ACC_BITS-1:0]      bias_term,

    output reg  [ACC_BITS-1:0]      acc,
    output reg                      acc_valid
);

    // ---------------------------------------------------------------- sizes

    // Bits of one product: W_BITS + X_BITS holds w*x for signed and for
    // unsigned x, and holds +-x for binary weights (W_BITS = 1).
    localparam integer PROD_BITS  = W_BITS + X_BITS;
    // Adder-tree levels below the products.
    localparam integer TREE_DEPTH = (SIMD > 1) ? $clog2(SIMD) : 0;

    localparam integer LATENCY    = 3 + (TREE_DEPTH + TREE_LEVELS_PER_STAGE - 1) /
                                        TREE_LEVELS_PER_STAGE;

    // Values at tree level l (level 0: the products).
    function integer nodes_at;
        input integer level;
        integer n, i;
        begin
            n = SIMD;
            for (i = 0; i < level; i = i + 1)
                n = (n + 1) / 2;
            nodes_at = n;
        end
    endfunction

    // Width of a value at tree level l: one bit more a level, at most
    // ACC_BITS (the sum is taken modulo 2^ACC_BITS).
    function integer bits_at;
        input integer level;
        begin
            bits_at = (PROD_BITS + level < ACC_BITS) ? PROD_BITS + level : ACC_BITS;
        end
    endfunction

    // Whether tree level l ends in a register: level 0 (the products) and
    // the root always, the levels between every TREE_LEVELS_PER_STAGE.
    function integer registered_at;
        input integer level;
        begin
            registered_at = (level == 0 || level == TREE_DEPTH ||
                             level % TREE_LEVELS_PER_STAGE == 0) ? 1 : 0;
        end
    endfunction

    // Registers from the inputs to `acc`: the input register, the
    // registered tree levels and the accumulator. The generator relies on
    // LATENCY; this recounts it.
    function integer pipeline_registers;
        input integer depth;
        integer i;
        begin
            pipeline_registers = 2;
            for (i = 0; i <= depth; i = i + 1)
                pipeline_registers = pipeline_registers + registered_at(i);
        end
    endfunction

    localparam integer ROOT_BITS = bits_at(TREE_DEPTH);

    // w * x for MAC_STYLE 2: sum over the bits b of x of (w << b) where
    // x[b] is set, modulo 2^PROD_BITS (exact: the product fits).
    function [PROD_BITS-1:0] shift_add;
        input [W_BITS-1:0] w;
        input [X_BITS-1:0] x;
        reg   [PROD_BITS-1:0] w_ext, sum;
        integer b;
        begin
            w_ext = {{X_BITS{w[W_BITS-1]}}, w};
            sum   = {PROD_BITS{1'b0}};
            for (b = 0; b < X_BITS; b = b + 1) begin
                if (X_SIGNED != 0 && b == X_BITS - 1)
                    sum = sum - ((w_ext << b) & {PROD_BITS{x[b]}});
                else
                    sum = sum + ((w_ext << b) & {PROD_BITS{x[b]}});
            end
            shift_add = sum;
        end
    endfunction

    initial begin
        if (SIMD < 1 || W_BITS < 1 || W_BITS > 32 || X_BITS < 1 || X_BITS > 32 ||
            ACC_BITS < 2 || ACC_BITS > 64 || TREE_LEVELS_PER_STAGE < 1 ||
            MAC_STYLE < 0 || MAC_STYLE > 2 ||
            (X_SIGNED != 0 && X_SIGNED != 1)) begin
            $display("qn_mac_lane: bad parameters SIMD=%0d W_BITS=%0d X_BITS=%0d X_SIGNED=%0d",
                     SIMD, W_BITS, X_BITS, X_SIGNED,
                     " ACC_BITS=%0d TREE_LEVELS_PER_STAGE=%0d MAC_STYLE=%0d", ACC_BITS,
                     TREE_LEVELS_PER_STAGE, MAC_STYLE);
            $finish;
        end
        if (LATENCY != pipeline_registers(TREE_DEPTH)) begin
            $display("qn_mac_lane: LATENCY (%0d) disagrees with the pipeline (%0d registers)",
                     LATENCY, pipeline_registers(TREE_DEPTH));
            $finish;
        end
        if (EXPECT_LATENCY != 0 && EXPECT_LATENCY != LATENCY) begin
            $display("qn_mac_lane: LATENCY is %0d, the instantiator expects %0d",
                     LATENCY, EXPECT_LATENCY);
            $finish;
        end
    end

    // ------------------------------------------------------ input register

    reg [SIMD*W_BITS-1:0] w_in;
    reg [SIMD*X_BITS-1:0] x_in;
    reg                   valid_in, first_in, last_in;
    reg [ACC_BITS-1:0]    bias_in;

    always @(posedge clk) begin
        if (rst)
            valid_in <= 1'b0;
        else
            valid_in <= in_valid;
        w_in     <= w_word;
        x_in     <= x_word;
        first_in <= in_first;
        last_in  <= in_last;
        bias_in  <= bias_term;
    end

    // ------------------------------------------- products and adder tree
    //
    // g_level[l] holds tree level l: `value` before its register (if any)
    // and `sum` as the next level sees it, with the control bits and the
    // bias term travelling alongside.

    genvar l, n;
    generate
        for (l = 0; l <= TREE_DEPTH; l = l + 1) begin : g_level
            localparam integer NODES     = nodes_at(l);
            localparam integer BITS      = bits_at(l);
            localparam         REGISTERED = (registered_at(l) != 0);

            wire [NODES*BITS-1:0] value;        // this level, combinational
            wire                  value_valid, value_first, value_last;
            wire [ACC_BITS-1:0]   value_bias;

            wire [NODES*BITS-1:0] sum;          // this level, after its register if any
            wire                  valid, first, last;
            wire [ACC_BITS-1:0]   bias;

            if (l == 0) begin : g_products
                assign value_valid = valid_in;
                assign value_first = first_in;
                assign value_last  = last_in;
                assign value_bias  = bias_in;

                for (n = 0; n < SIMD; n = n + 1) begin : g_mul
                    wire [W_BITS-1:0]    w = w_in[n*W_BITS +: W_BITS];
                    wire [X_BITS-1:0]    x = x_in[n*X_BITS +: X_BITS];
                    wire [PROD_BITS-1:0] prod;

                    if (W_BITS == 1) begin : g_binary
                        // x as an (X_BITS + 1)-bit signed value, then +x or -x.
                        wire [PROD_BITS-1:0] x_ext = (X_SIGNED != 0) ? {x[X_BITS-1], x} : {1'b0, x};
                        assign prod = w[0] ? x_ext : -x_ext;
                    end else if (MAC_STYLE == 2) begin : g_shift_add
                        // In logic, whatever the tool: the sum of w * 2^b
                        // over the set bits b of x (the top one negative
                        // for signed x), as and-masked addends.
                        (* use_dsp = "no" *)
                        wire [PROD_BITS-1:0] in_logic;
                        assign in_logic = shift_add(w, x);
                        assign prod = in_logic;
                    end else if (MAC_STYLE == 1) begin : g_dsp
                        (* use_dsp = "yes" *)
                        wire [PROD_BITS-1:0] in_dsp;
                        assign in_dsp = $signed(w) * $signed({X_SIGNED != 0 && x[X_BITS-1], x});
                        assign prod = in_dsp;
                    end else begin : g_auto
                        assign prod = $signed(w) * $signed({X_SIGNED != 0 && x[X_BITS-1], x});
                    end

                    if (PROD_BITS > BITS) begin : g_wrap
                        // Only the low ACC_BITS matter (modulo 2^ACC_BITS).
                        assign value[n*BITS +: BITS] = prod[BITS-1:0];
                        wire unused_prod_high = ^prod[PROD_BITS-1:BITS];
                    end else begin : g_full
                        assign value[n*BITS +: BITS] = prod;
                    end
                end
            end else begin : g_adders
                localparam integer CHILDREN   = nodes_at(l - 1);
                localparam integer CHILD_BITS = bits_at(l - 1);

                assign value_valid = g_level[l-1].valid;
                assign value_first = g_level[l-1].first;
                assign value_last  = g_level[l-1].last;
                assign value_bias  = g_level[l-1].bias;

                for (n = 0; n < NODES; n = n + 1) begin : g_node
                    wire [CHILD_BITS-1:0] a = g_level[l-1].sum[2*n*CHILD_BITS +: CHILD_BITS];

                    if (2*n + 1 < CHILDREN) begin : g_add
                        wire [CHILD_BITS-1:0] b =
                            g_level[l-1].sum[(2*n + 1)*CHILD_BITS +: CHILD_BITS];
                        // BITS is CHILD_BITS + 1 (the carry) or, once at
                        // ACC_BITS, CHILD_BITS (wraps modulo 2^ACC_BITS).
                        assign value[n*BITS +: BITS] = $signed(a) + $signed(b);
                    end else if (BITS > CHILD_BITS) begin : g_pass_extend
                        assign value[n*BITS +: BITS] = {a[CHILD_BITS-1], a};
                    end else begin : g_pass
                        assign value[n*BITS +: BITS] = a;
                    end
                end
            end

            if (REGISTERED) begin : g_reg
                reg [NODES*BITS-1:0] sum_q;
                reg                  valid_q;
                reg                  first_q, last_q;
                reg [ACC_BITS-1:0]   bias_q;

                always @(posedge clk) begin
                    if (rst)
                        valid_q <= 1'b0;
                    else
                        valid_q <= value_valid;
                    sum_q   <= value;
                    first_q <= value_first;
                    last_q  <= value_last;
                    bias_q  <= value_bias;
                end

                assign sum   = sum_q;
                assign valid = valid_q;
                assign first = first_q;
                assign last  = last_q;
                assign bias  = bias_q;
            end else begin : g_comb
                assign sum   = value;
                assign valid = value_valid;
                assign first = value_first;
                assign last  = value_last;
                assign bias  = value_bias;
            end
        end
    endgenerate

    // --------------------------------------------------------- accumulator

    wire [ROOT_BITS-1:0] root = g_level[TREE_DEPTH].sum;
    wire [ACC_BITS-1:0]  word_sum;      // this word's sum, sign-extended

    generate
        if (ROOT_BITS < ACC_BITS) begin : g_root_extend
            assign word_sum = {{(ACC_BITS - ROOT_BITS){root[ROOT_BITS-1]}}, root};
        end else begin : g_root_full
            assign word_sum = root;
        end
    endgenerate

    wire                word_valid = g_level[TREE_DEPTH].valid;
    wire                word_first = g_level[TREE_DEPTH].first;
    wire                word_last  = g_level[TREE_DEPTH].last;
    wire [ACC_BITS-1:0] word_bias  = g_level[TREE_DEPTH].bias;

    always @(posedge clk) begin
        if (rst)
            acc_valid <= 1'b0;
        else
            acc_valid <= word_valid && word_last;

        if (word_valid)
            acc <= (word_first ? word_bias : acc) + word_sum;
    end

endmodule

`resetall
