`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_requant - requantizer: multiply, rounding shift, relu, saturate.
//
// Bit-exact with spec section 3 (steps 2-5) for every shift 0..62:
//
//   p = acc * mult                  (p = acc when HAS_MULT = 0)
//   q = round(p / 2^shift)          in the ROUNDING mode; shift = 0 gives p
//   q = max(q, 0)                   when RELU
//   q = clamp(q, OUT type)          signed: [-2^(OUT_BITS-1), 2^(OUT_BITS-1)-1],
//                                   unsigned: [0, 2^OUT_BITS-1] (negatives clamp to 0)
//
// p is kept at ACC_BITS: qnngen proves it fits (spec 3.2), so the product
// is taken modulo 2^ACC_BITS. The rounding shift is computed as
//
//   q = (p >>> s) + inc,  inc = p[s-1] && (p[s-2:0] != 0 || tie)
//   tie: 1 (half_up), p[s] (half_even: the floor's lowest bit),
//        p >= 0 (half_away); floor and s = 0: inc = 0
//
// which equals the README's (p + h - 1 + c) >>> s but needs no add before
// the shifter. p is taken as sign-extended to any width, and s is limited
// to ACC_BITS + 1: a larger shift gives the same q (|p / 2^s| <= 1/4).
//
// Pipeline (a register after every step that is as slow as one
// ACC_BITS-wide add, so the requantizer never limits the clock):
//
//   input register   acc, mult, shift (and -acc with HAS_MULT); only with
//                    HAS_MULT or PER_CHANNEL_SHIFT, whose inputs come from
//                    table lookups (a constant shift needs none)
//   multiplier       HAS_MULT only: the MB = min(MULT_BITS, ACC_BITS)
//                    partial products acc * m[i] * 2^i (the top one
//                    negative) summed by an adder tree, one register per
//                    level: MULT_STAGES = clog2(MB) stages. With
//                    MULT_DSP = 1, `acc * m` followed by MULT_STAGES
//                    registers instead, for a DSP block to take in
//   shift            the shifter (wiring for a constant shift), the
//                    rounding increment
//   round            the rounding add
//   clamp            relu and saturation: the `q` register
//
// The shift is correct for any `shift` input either way; PER_CHANNEL_SHIFT
// only adds the input register in front of the barrel shifter.
//
// Latency: LATENCY = IN_REG + MULT_STAGES + 3 with IN_REG = 1 when HAS_MULT
// or PER_CHANNEL_SHIFT, else 0: 3 for a constant shift, 4 for a per-channel
// shift, 4 + clog2(MB) with a multiplier (8 for MB = 16). out_valid follows
// in_valid by LATENCY cycles. A new value may enter every cycle.
//
// Ports:
//   clk, rst                      clock; synchronous reset (clears out_valid)
//   in_valid                      acc, mult and shift are presented
//   acc    [ACC_BITS-1:0]         the accumulator, two's complement
//   mult   [MULT_BITS-1:0]        the multiplier, two's complement (unused when HAS_MULT = 0)
//   shift  [SHIFT_BITS-1:0]       the right shift, unsigned, 0..62
//   out_valid                     q holds a result (one cycle per input)
//   q      [OUT_BITS-1:0]         the result, OUT_SIGNED two's complement or unsigned
//
// q holds its value until the next result.

module qn_requant #(
    parameter integer ACC_BITS          = 24,  // accumulator (and product) width, 2..64
    parameter integer HAS_MULT          = 0,   // 1: multiply by `mult`, 0: p = acc
    parameter integer MULT_BITS         = 16,  // multiplier width, 2..32
    parameter integer SHIFT_BITS        = 6,   // shift width, 1..6
    parameter integer PER_CHANNEL_SHIFT = 0,   // 1: shift varies per neuron, 0: constant
    parameter integer ROUNDING          = 0,   // 0 floor, 1 half_up, 2 half_even, 3 half_away
    parameter integer RELU              = 0,   // 1: clamp negatives to 0 before saturation
    parameter integer OUT_BITS          = 8,   // output width, 1..32
    parameter integer OUT_SIGNED        = 1,   // 1: signed output, 0: unsigned
    parameter integer MULT_DSP          = 0,   // 1: the multiplier as `*` for a DSP block
    parameter integer EXPECT_LATENCY    = 0    // the instantiator's LATENCY, checked; 0: none
) (
    input  wire                   clk,
    input  wire                   rst,

    input  wire                   in_valid,
    input  wire [ACC_BITS-1:0]    acc,
    input  wire [MULT_BITS-1:0]   mult,
    input  wire [SHIFT_BITS-1:0]  shift,

    output wire                   out_valid,
    output reg  [OUT_BITS-1:0]    q
);

    localparam integer ROUND_FLOOR     = 0;
    localparam integer ROUND_HALF_UP   = 1;
    localparam integer ROUND_HALF_EVEN = 2;
    localparam integer ROUND_HALF_AWAY = 3;

    // Multiplier bits that matter modulo 2^ACC_BITS, and the adder-tree
    // levels that sum their partial products.
    localparam integer MB          = (MULT_BITS < ACC_BITS) ? MULT_BITS : ACC_BITS;
    localparam integer MULT_DEPTH  = $clog2(MB);
    localparam integer IN_REG      = (HAS_MULT != 0 || PER_CHANNEL_SHIFT != 0) ? 1 : 0;
    // (MULT_DSP keeps MULT_STAGES, so the latency does not depend on it.)
    localparam integer MULT_STAGES = (HAS_MULT != 0) ? MULT_DEPTH : 0;
    localparam integer LATENCY     = IN_REG + MULT_STAGES + 3;

    // p sign-extended by one bit: enough for every bit the rounding looks
    // at once the shift is limited to MAX_SHIFT (beyond, the arithmetic
    // shift supplies sign bits).
    localparam integer EXT_BITS  = ACC_BITS + 1;
    localparam integer MAX_SHIFT = ACC_BITS + 1;

    initial begin
        if (ACC_BITS < 2 || ACC_BITS > 64 || MULT_BITS < 2 || MULT_BITS > 32 ||
            SHIFT_BITS < 1 || SHIFT_BITS > 6 || OUT_BITS < 1 || OUT_BITS > 32 ||
            ROUNDING < ROUND_FLOOR || ROUNDING > ROUND_HALF_AWAY ||
            (HAS_MULT != 0 && HAS_MULT != 1) || (RELU != 0 && RELU != 1) ||
            (OUT_SIGNED != 0 && OUT_SIGNED != 1) ||
            (PER_CHANNEL_SHIFT != 0 && PER_CHANNEL_SHIFT != 1) ||
            (MULT_DSP != 0 && MULT_DSP != 1)) begin
            $display("qn_requant: bad parameters ACC_BITS=%0d HAS_MULT=%0d MULT_BITS=%0d",
                     ACC_BITS, HAS_MULT, MULT_BITS,
                     " SHIFT_BITS=%0d PER_CHANNEL_SHIFT=%0d ROUNDING=%0d", SHIFT_BITS,
                     PER_CHANNEL_SHIFT, ROUNDING,
                     " RELU=%0d OUT_BITS=%0d OUT_SIGNED=%0d", RELU, OUT_BITS, OUT_SIGNED);
            $finish;
        end
    end

    initial begin
        if (EXPECT_LATENCY != 0 && EXPECT_LATENCY != LATENCY) begin
            $display("qn_requant: LATENCY is %0d, the instantiator expects %0d",
                     LATENCY, EXPECT_LATENCY);
            $finish;
        end
    end

    // ------------------------------------------------------- input register

    wire [ACC_BITS-1:0]   acc_i;        // acc, mult, shift after the input register
    wire [ACC_BITS-1:0]   nacc_i;       // -acc (for the negative partial product)
    wire [MULT_BITS-1:0]  mult_i;
    wire [SHIFT_BITS-1:0] shift_i;

    generate
        if (IN_REG != 0) begin : g_in_reg
            reg [ACC_BITS-1:0]   acc_q, nacc_q;
            reg [MULT_BITS-1:0]  mult_q;
            reg [SHIFT_BITS-1:0] shift_q;
            always @(posedge clk) begin
                acc_q   <= acc;
                nacc_q  <= (HAS_MULT != 0) ? -acc : {ACC_BITS{1'b0}};
                mult_q  <= mult;
                shift_q <= shift;
            end
            assign acc_i   = acc_q;
            assign nacc_i  = nacc_q;
            assign mult_i  = mult_q;
            assign shift_i = shift_q;
        end else begin : g_in_direct
            assign acc_i   = acc;
            assign nacc_i  = {ACC_BITS{1'b0}};
            assign mult_i  = mult;
            assign shift_i = shift;
        end
    endgenerate

    // ------------------------------------------------------- p = acc * mult

    // Partial product i is m[i] * acc * 2^i, modulo 2^ACC_BITS; the top one
    // (bit MB-1, negative in two's complement) is m[MB-1] * (-acc) * 2^(MB-1).
    // Node n of tree level l sums partial products n*2^l .. (n+1)*2^l - 1,
    // so its lowest n*2^l bits are those of its first partial product's
    // node; an add only covers the bits above the right child's zeros.

    wire [ACC_BITS-1:0]   p;            // the product, modulo 2^ACC_BITS
    wire [SHIFT_BITS-1:0] p_shift;      // the shift that goes with it

    function integer nodes_at;          // multiplier tree nodes at level l
        input integer level;
        integer n, i;
        begin
            n = MB;
            for (i = 0; i < level; i = i + 1)
                n = (n + 1) / 2;
            nodes_at = n;
        end
    endfunction

    genvar l, n;
    generate
        if (HAS_MULT != 0 && MULT_DSP != 0) begin : g_mult_dsp
            // acc * m as one product, then the same MULT_STAGES registers as
            // the adder tree, for the tool to move into the DSP block (its
            // multiplier and output registers).
            wire [ACC_BITS-1:0] m;
            if (MULT_BITS < ACC_BITS) begin : g_extend
                assign m = {{(ACC_BITS - MULT_BITS){mult_i[MULT_BITS-1]}}, mult_i};
            end else begin : g_cut
                assign m = mult_i[ACC_BITS-1:0];
                if (MULT_BITS > ACC_BITS) begin : g_unused
                    wire unused_mult_high = ^mult_i[MULT_BITS-1:ACC_BITS];
                end
            end
            wire unused_nacc = ^nacc_i;

            reg [ACC_BITS-1:0]   p_q     [0:MULT_STAGES-1];
            reg [SHIFT_BITS-1:0] shift_q [0:MULT_STAGES-1];
            integer i;
            always @(posedge clk) begin
                p_q[0]     <= acc_i * m;
                shift_q[0] <= shift_i;
                for (i = 1; i < MULT_STAGES; i = i + 1) begin
                    p_q[i]     <= p_q[i-1];
                    shift_q[i] <= shift_q[i-1];
                end
            end
            assign p       = p_q[MULT_STAGES-1];
            assign p_shift = shift_q[MULT_STAGES-1];
        end else if (HAS_MULT != 0) begin : g_mult
            if (MULT_BITS > MB) begin : g_unused
                wire unused_mult_high = ^mult_i[MULT_BITS-1:MB];
            end
            for (l = 0; l <= MULT_DEPTH; l = l + 1) begin : g_level
                localparam integer NODES = nodes_at(l);
                wire [NODES*ACC_BITS-1:0] value;    // this level, combinational
                wire [NODES*ACC_BITS-1:0] sum;      // after its register (levels >= 1)
                wire [SHIFT_BITS-1:0]     shift_l;  // the shift, alongside

                for (n = 0; n < NODES; n = n + 1) begin : g_node
                    if (l == 0) begin : g_leaf
                        wire [ACC_BITS-1:0] a = (n == MB - 1) ? nacc_i : acc_i;
                        assign value[n*ACC_BITS +: ACC_BITS] =
                            mult_i[n] ? (a << n) : {ACC_BITS{1'b0}};
                    end else begin : g_add
                        localparam integer LO = (2*n + 1) << (l - 1);   // right child's zeros
                        wire [ACC_BITS-1:0] a = g_level[l-1].sum[2*n*ACC_BITS +: ACC_BITS];
                        if (2*n + 1 < nodes_at(l - 1)) begin : g_pair
                            wire [ACC_BITS-1:0] b =
                                g_level[l-1].sum[(2*n + 1)*ACC_BITS +: ACC_BITS];
                            wire unused_b_low = ^b[LO-1:0];
                            assign value[n*ACC_BITS +: ACC_BITS] =
                                {a[ACC_BITS-1:LO] + b[ACC_BITS-1:LO], a[LO-1:0]};
                        end else begin : g_pass
                            assign value[n*ACC_BITS +: ACC_BITS] = a;
                        end
                    end
                end

                if (l == 0) begin : g_comb
                    assign sum     = value;
                    assign shift_l = shift_i;
                end else begin : g_reg
                    reg [NODES*ACC_BITS-1:0] sum_q;
                    reg [SHIFT_BITS-1:0]     shift_q;
                    always @(posedge clk) begin
                        sum_q   <= value;
                        shift_q <= g_level[l-1].shift_l;
                    end
                    assign sum     = sum_q;
                    assign shift_l = shift_q;
                end
            end

            assign p       = g_level[MULT_DEPTH].sum;
            assign p_shift = g_level[MULT_DEPTH].shift_l;
        end else begin : g_no_mult
            assign p       = acc_i;
            assign p_shift = shift_i;
            wire unused_mult = ^{mult_i, nacc_i};
        end
    endgenerate

    // ------------------------------------------------------- shift, round

    // s = min(shift, MAX_SHIFT); nothing to limit when the shift input
    // cannot exceed MAX_SHIFT.
    wire [SHIFT_BITS-1:0] s;
    generate
        if (MAX_SHIFT < (1 << SHIFT_BITS) - 1) begin : g_limit
            localparam [SHIFT_BITS-1:0] MAX_S = MAX_SHIFT[SHIFT_BITS-1:0];
            assign s = (p_shift > MAX_S) ? MAX_S : p_shift;
        end else begin : g_no_limit
            assign s = p_shift;
        end
    endgenerate

    localparam [EXT_BITS-1:0] ONE = {{(EXT_BITS - 1){1'b0}}, 1'b1};

    wire                p_neg   = p[ACC_BITS-1];
    wire [EXT_BITS-1:0] p_ext   = {p_neg, p};
    // The shifter works on 2p, so that its lowest bit is p[s-1] (0 when
    // s = 0) and the rest is floor(p / 2^s).
    wire [EXT_BITS:0]   twice   = $signed({p_ext, 1'b0}) >>> s;
    wire [EXT_BITS-1:0] shifted = twice[EXT_BITS:1];                // floor(p / 2^s)
    wire                half    = twice[0];                         // p[s-1]
    wire [EXT_BITS-1:0] below   = ((ONE << s) - ONE) >> 1;          // the bits under s-1
    wire                sticky  = |(p_ext & below);                 // p[s-2:0] != 0

    reg tie;                            // does a tie round up?
    always @* begin
        case (ROUNDING)
            ROUND_HALF_UP:   tie = 1'b1;
            ROUND_HALF_EVEN: tie = shifted[0];
            ROUND_HALF_AWAY: tie = !p_neg;
            default:         tie = 1'b0;
        endcase
    end

    wire inc_d = (ROUNDING != ROUND_FLOOR) && half && (sticky || tie);

    // Registers: after the shifter, after the rounding add.
    reg [EXT_BITS-1:0] shifted_q;
    reg                inc_q;
    reg [EXT_BITS-1:0] rounded;
    always @(posedge clk) begin
        shifted_q <= shifted;
        inc_q     <= inc_d;
        // shifted lies in [-2^(ACC_BITS-1), 2^(ACC_BITS-1) - 1]: + inc fits EXT_BITS.
        rounded   <= shifted_q + {{(EXT_BITS - 1){1'b0}}, inc_q};
    end

    // ------------------------------------------------------- relu, clamp

    wire [EXT_BITS-1:0] v = (RELU != 0 && rounded[EXT_BITS-1]) ? {EXT_BITS{1'b0}} : rounded;

    wire [OUT_BITS-1:0] clamped;
    generate
        if (OUT_SIGNED != 0) begin : g_signed
            localparam [OUT_BITS-1:0] OUT_MAX = {1'b0, {(OUT_BITS - 1){1'b1}}};
            localparam [OUT_BITS-1:0] OUT_MIN = {1'b1, {(OUT_BITS - 1){1'b0}}};
            if (EXT_BITS > OUT_BITS) begin : g_narrow
                // v fits when all bits from OUT_BITS-1 up are copies of the sign.
                wire [EXT_BITS-OUT_BITS:0] top = v[EXT_BITS-1:OUT_BITS-1];
                wire fits  = (&top) || !(|top);
                wire v_neg = v[EXT_BITS-1];
                assign clamped = fits ? v[OUT_BITS-1:0] : (v_neg ? OUT_MIN : OUT_MAX);
            end else if (EXT_BITS == OUT_BITS) begin : g_same
                assign clamped = v;
            end else begin : g_wide
                assign clamped = {{(OUT_BITS - EXT_BITS){v[EXT_BITS-1]}}, v};
            end
        end else begin : g_unsigned
            localparam [OUT_BITS-1:0] OUT_MAX = {OUT_BITS{1'b1}};
            localparam [OUT_BITS-1:0] ZERO    = {OUT_BITS{1'b0}};
            wire v_neg = v[EXT_BITS-1];
            if (EXT_BITS - 1 > OUT_BITS) begin : g_narrow
                // Non-negative v fits when bits OUT_BITS .. EXT_BITS-2 are 0.
                wire over = |v[EXT_BITS-2:OUT_BITS];
                assign clamped = v_neg ? ZERO : (over ? OUT_MAX : v[OUT_BITS-1:0]);
            end else if (EXT_BITS - 1 == OUT_BITS) begin : g_same
                assign clamped = v_neg ? ZERO : v[OUT_BITS-1:0];
            end else begin : g_wide
                assign clamped = v_neg ? ZERO
                                       : {{(OUT_BITS - EXT_BITS + 1){1'b0}}, v[EXT_BITS-2:0]};
            end
        end
    endgenerate

    always @(posedge clk)
        q <= clamped;

    // ------------------------------------------------------------ out_valid

    reg [LATENCY-1:0] valid_pipe;       // in_valid, delayed 1 .. LATENCY cycles (LATENCY >= 3)
    always @(posedge clk) begin
        if (rst)
            valid_pipe <= {LATENCY{1'b0}};
        else
            valid_pipe <= {valid_pipe[LATENCY-2:0], in_valid};
    end

    assign out_valid = valid_pipe[LATENCY-1];

endmodule

`resetall
