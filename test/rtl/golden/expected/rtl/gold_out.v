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
// A `start` pulse (from qn_sync, at a hand-over) loads x_in into the input
// register x; the layer then issues G*K = 4 words, one a cycle, and
// raises `done` 16 cycles after the start: its pipeline depth is 12
// (weight memory 1, lane 3, requantizer 7, result register 1).
// y holds the results from then until the layer's next start.
module gold_out (
    input  wire             clk,
    input  wire             rst,
    input  wire             start,  // pulse: take x_in and compute
    input  wire [15-1:0] x_in,   // 3 elements of 5 bits, element i at [i*5 +: 5]
    output wire             done,   // y is complete (and no vector is in work)
    output reg  [12-1:0] y       // 2 results of 6 bits, neuron j at [j*6 +: 6]
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
    wire                  busy;       // !done

    qn_layer_seq #(
        .GROUPS (2),
        .WORDS  (2)
    ) u_seq (
        .clk       (clk),
        .rst       (rst),
        .start     (start),
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
        .busy      (busy),
        .done      (done)
    );

    // --------------------------------------------------- input register

    // x holds K*2 elements (the input padded with zeros) from the start
    // on; x_word registers word k, issued with rd_word = k, so that it
    // meets the weight words coming out of the memories.
    reg [20-1:0] x;
    reg [10-1:0] x_word;

    always @(posedge clk) begin
        if (start)
            x <= {5'd0, x_in};
        if (rd_en)
            x_word <= x[rd_word*10 +: 10];
    end

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
        .MAC_STYLE (0)    // mac: auto
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
        .MULT_DSP   (0)
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

    // ------------------------------------------------- result register

    // Group g's results go to neurons g*1 + l as they come out of the
    // requantizers (lanes past the last neuron of the last group write
    // nothing).
    always @(posedge clk) begin
        if (wr_valid) begin
            y[(wr_group * 1 + 0) * 6 +: 6] <= q_0;
        end
    end

    // All lanes run in lockstep: every lane's valid pulses together.
    assign acc_valid = acc_valid_0;
    assign wr_valid  = q_valid_0;

    // Signals of the sequencer this layer does not need.
    wire unused_seq = ^{busy, rd_group, mac_group};

endmodule

`resetall
