// qnngen VERSION: layer out (module gold_out)
// source: small.yaml
// generated file: do not edit
`resetall
`timescale 1ns / 1ps
`default_nettype none

// gold_out - layer out of network gold: 3 inputs -> 2 neurons.
//
// 1 lanes x 2 inputs a cycle: G = 2 neuron groups, K = 2 input
// words; lane l computes neurons j = g*1 + l (g = 0..1), reading
// weight word g*2 + k of its own memory with input word k (elements
// k*2 .. k*2+1, zero past the end).
//
// The input vector arrives in chunks of 2 elements (x_wr, x_chunk, x_data)
// into a double buffer (qn_act_buf); a `start` pulse (from qn_sync, at a
// hand-over) starts the layer on the next vector there, and it issues its
// G*K = 4 words, one a cycle, each as soon as the buffer holds the
// input word it needs. `done` rises the cycle after the last issue. The
// results leave group by group (y_wr, y_group, y_data: lane l's result at
// [l*6 +: 6]) into the next buffer, the last group 12 cycles after
// the last issue; with the cycle the buffer takes to show them, the
// layer's pipeline depth is 13 (weight memory 1, lane 4, requantizer
// 7, buffer 1). `retire` (from qn_sync) releases the input vector.
module gold_out (
    input  wire                   clk,
    input  wire                   rst,
    input  wire                   start,    // pulse: start on the next input vector
    input  wire                   retire,   // pulse: the vector in work is passed on
    input  wire                   x_wr,     // an input chunk arrives:
    input  wire [1-1:0]       x_chunk,  // ... its index,
    input  wire [10-1:0]      x_data,   // ... 2 elements of 5 bits, element e at [e*5 +: 5]
    output wire                   x_room,   // the input buffer can take a chunk
    input  wire                   x_claim,  // pulse: an input vector is begun for this layer
    output wire [1:0]             x_claims, // input vectors begun and not retired
    output wire                   done,     // every word of the vector is issued
    output wire                   y_wr,     // a group's results come out:
    output wire [1-1:0]       y_group,  // ... the group g (neurons g*1 + l),
    output wire [6-1:0]      y_data    // ... lane l's result at [l*6 +: 6]
);

    // -------------------------------------------------------- sequencer

    wire                  rd_en;      // a word is issued
    wire [2-1:0]  rd_addr;    // its address g*2 + k in every lane memory
    wire [1-1:0]  rd_word;    // its k: input word k goes to the lanes
    wire [1-1:0]  rd_group;   // its g
    wire                  mac_valid;  // the word reaches the lanes
    wire                  mac_first;  // ... and is its neurons' first
    wire                  mac_last;   // ... and is its neurons' last
    wire [1-1:0]  mac_group;  // ... of group g (bias lookup)
    wire                  acc_valid;  // the lanes' sums are ready
    wire [1-1:0]  acc_group;  // ... for group g (multiplier and shift lookup)
    wire                  wr_valid;   // the requantized results are ready
    wire [1-1:0]  wr_group;   // ... for group g
    wire                  x_ready;    // the input buffer has the next word

    qn_layer_seq #(
        .GROUPS (2),
        .WORDS  (2)
    ) u_seq (
        .clk       (clk),
        .rst       (rst),
        .start     (start),
        .avail     (x_ready),
        .rd_en     (rd_en),
        .rd_addr   (rd_addr),
        .rd_word   (rd_word),
        .rd_group  (rd_group),
        .mac_valid (mac_valid),
        .mac_first (mac_first),
        .mac_last  (mac_last),
        .mac_group (mac_group),
        .acc_valid (acc_valid),
        .acc_group (acc_group),
        .wr_valid  (wr_valid),
        .wr_group  (wr_group),
        .done      (done)
    );

    // ----------------------------------------------------- input buffer

    // Input word k (elements k*2 .. k*2+1, zero past 3) is read
    // into x_word when it is issued, so that it meets the weight words
    // coming out of the memories (the lanes use it only then: HOLD 0).
    wire [10-1:0] x_word;

    qn_act_buf #(
        .N     (3),
        .BITS  (5),
        .CHUNK (2),
        .WORD  (2),
        .HOLD  (0)
    ) u_x (
        .clk        (clk),
        .rst        (rst),
        .wr_en      (x_wr),
        .wr_chunk   (x_chunk),
        .wr_data    (x_data),
        .wr_room    (x_room),
        .claim      (x_claim),
        .claims     (x_claims),
        .rd_ready   (x_ready),
        .rd_en      (rd_en),
        .word       (x_word),
        .rd_release (retire)
    );

    // mult table (mem/out_mult.mem): 2 words of 5 bits, word j for
    // neuron j; lane l reads neuron g*1 + l of the group whose sums are ready (acc_group).
    wire [1*1-1:0] mult_addr;
    wire [1*5-1:0] mult_data;

    assign mult_addr = {acc_group};

    qn_param_rom #(
        .DEPTH     (2),
        .WIDTH     (5),
        .INIT_FILE ("mem/out_mult.mem"),
        .PORTS     (1)
    ) u_mult (
        .addr (mult_addr),
        .data (mult_data)
    );


    // ---------------------------------------------------------- lane 0
    // Neurons 0 and 1.

    wire [2-1:0] w_0;       // weight word, one cycle after rd_addr
    wire [11-1:0] acc_0;     // the neuron's sum
    wire             acc_valid_0;
    wire [6-1:0] q_0;       // the neuron's result
    wire             q_valid_0;

    qn_weight_mem #(
        .DEPTH     (4),
        .WIDTH     (2),
        .INIT_FILE ("mem/out_lane0.mem"),
        .RAM_STYLE ("block")
    ) u_mem_0 (
        .clk  (clk),
        .en   (rd_en),
        .addr (rd_addr),
        .data (w_0)
    );

    qn_mac_lane #(
        .SIMD     (2),
        .W_BITS   (1),
        .X_BITS   (5),
        .X_SIGNED (0),
        .ACC_BITS (11),
        .MAC_STYLE (0),   // mac: auto
        .EXPECT_LATENCY (4) // design.txt's figure
    ) u_mac_0 (
        .clk       (clk),
        .rst       (rst),
        .in_valid  (mac_valid),
        .in_first  (mac_first),
        .in_last   (mac_last),
        .w_word    (w_0),
        .x_word    (x_word),
        .bias_term (11'd0),
        .acc       (acc_0),
        .acc_valid (acc_valid_0)
    );

    qn_requant #(
        .ACC_BITS   (11),
        .HAS_MULT   (1),
        .MULT_BITS  (5),
        .SHIFT_BITS (6),
        .PER_CHANNEL_SHIFT (0),
        .ROUNDING   (2),
        .RELU       (0),
        .OUT_BITS   (6),
        .OUT_SIGNED (0),
        .MULT_DSP   (0),
        .EXPECT_LATENCY (7) // design.txt's figure
    ) u_rq_0 (
        .clk       (clk),
        .rst       (rst),
        .in_valid  (acc_valid_0),
        .acc       (acc_0),
        .mult      (mult_data[4:0]),
        .shift     (6'd1),
        .out_valid (q_valid_0),
        .q         (q_0)
    );

    // ---------------------------------------------------------- results

    // Group g's results go on as they come out of the requantizers (lanes
    // past the last neuron of the last group carry values nobody keeps).
    assign y_wr    = wr_valid;
    assign y_group = wr_group;
    assign y_data  = q_0;

    // All lanes run in lockstep: every lane's valid pulses together.
    assign acc_valid = acc_valid_0;
    assign wr_valid  = q_valid_0;

    // Signals of the sequencer this layer does not need.
    wire unused_seq = ^{rd_group, rd_word, mac_group};

endmodule

`resetall
