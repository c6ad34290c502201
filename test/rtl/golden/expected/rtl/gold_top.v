// qnngen VERSION: top level
// source: small.yaml
// generated file: do not edit
`resetall
`timescale 1ns / 1ps
`default_nettype none

// gold_top - network gold (2 layers): 5 inputs -> 2 outputs.
//
// Input:  vectors of 5 elements of 4 bits (signed), 2 a beat,
//         3 beats a vector; beat b carries elements b*2 .. b*2+1 of
//         its vector, element e of the beat at bits [e*4 +: 4]; the last
//         beat is padded with zeros and has tlast set. Framing is by count;
//         a tlast that disagrees with it sets the sticky frame_error.
// Output: vectors of 2 elements of 6 bits (unsigned), 2 a beat,
//         1 beats a vector, packed the same way.
//
// Every layer is a pipeline stage with its own input register x and result
// register y (the double buffer between stages). qn_sync hands over all at
// once when every busy stage is done: the collected input vector goes to
// stage 0, each stage's y to the next stage's x, the last y to the output
// sender; so the layers work on successive vectors at the same time.
//
// Cycle figures (spec 5): ideal interval 6, ideal latency 33 (see
// design.txt for each layer's compute cycles and pipeline depth).
module gold_top #(
    // Fixed by the network: do not override.
    parameter integer IN_BITS      = 4,   // bits of an input element
    parameter integer IN_PER_BEAT  = 2,   // input elements a beat
    parameter integer OUT_BITS     = 6,   // bits of an output element
    parameter integer OUT_PER_BEAT = 2    // output elements a beat
) (
    input  wire                             clk,
    input  wire                             rst,

    // AXI4-Stream slave: input vectors
    input  wire [IN_PER_BEAT*IN_BITS-1:0]   s_axis_tdata,
    input  wire                             s_axis_tvalid,
    output wire                             s_axis_tready,
    input  wire                             s_axis_tlast,

    // AXI4-Stream master: output vectors
    output wire [OUT_PER_BEAT*OUT_BITS-1:0] m_axis_tdata,
    output wire                             m_axis_tvalid,
    input  wire                             m_axis_tready,
    output wire                             m_axis_tlast,

    output wire                             frame_error  // sticky: an input tlast disagreed with the count
);

    initial begin
        if (IN_BITS != 4 || IN_PER_BEAT != 2 || OUT_BITS != 6 ||
            OUT_PER_BEAT != 2) begin
            $display("gold_top: the width parameters are fixed by the network; do not override them");
            $finish;
        end
    end

    // ------------------------------------------------------ control plane

    wire             handover;     // all stages hand over this cycle
    wire [2-1:0]  stage_valid;  // stage s holds a vector
    wire [2-1:0]  stage_done;   // stage s has finished its vector
    wire [2-1:0]  start;        // stage s receives a vector
    wire             in_full;      // the input collector holds a vector
    wire             in_take;      // ... which goes to stage 0
    wire             in_partial;   // the collector holds part of a vector
    wire             out_busy;     // the output sender cannot take a vector
    wire             out_load;     // the last stage's y goes to the sender

    qn_sync #(
        .STAGES (2)
    ) u_sync (
        .clk         (clk),
        .rst         (rst),
        .stage_done  (stage_done),
        .in_full     (in_full),
        .in_partial  (in_partial),
        .out_busy    (out_busy),
        .handover    (handover),
        .stage_valid (stage_valid),
        .start       (start),
        .out_load    (out_load),
        .in_take     (in_take)
    );

    // ------------------------------------------------------- input stream

    wire [20-1:0] in_vec;      // the collected vector

    qn_axis_in #(
        .N        (5),
        .BITS     (IN_BITS),
        .PER_BEAT (IN_PER_BEAT)
    ) u_in (
        .clk           (clk),
        .rst           (rst),
        .s_axis_tdata  (s_axis_tdata),
        .s_axis_tvalid (s_axis_tvalid),
        .s_axis_tlast  (s_axis_tlast),
        .s_axis_tready (s_axis_tready),
        .vec           (in_vec),
        .full          (in_full),
        .partial       (in_partial),
        .take          (in_take),
        .frame_error   (frame_error)
    );

    // ------------------------------------------------------------- stages

    // Stage 0: layer hid (3 results of 5 bits)
    wire [15-1:0] y_0;

    gold_hid layer_hid (
        .clk   (clk),
        .rst   (rst),
        .start (start[0]),
        .x_in  (in_vec),
        .done  (stage_done[0]),
        .y     (y_0)
    );

    // Stage 1: layer out (2 results of 6 bits)
    wire [12-1:0] y_1;

    gold_out layer_out (
        .clk   (clk),
        .rst   (rst),
        .start (start[1]),
        .x_in  (y_0),
        .done  (stage_done[1]),
        .y     (y_1)
    );

    // ------------------------------------------------------ output stream

    qn_axis_out #(
        .N        (2),
        .BITS     (OUT_BITS),
        .PER_BEAT (OUT_PER_BEAT)
    ) u_out (
        .clk           (clk),
        .rst           (rst),
        .load          (out_load),
        .vec           (y_1),
        .busy          (out_busy),
        .m_axis_tdata  (m_axis_tdata),
        .m_axis_tvalid (m_axis_tvalid),
        .m_axis_tlast  (m_axis_tlast),
        .m_axis_tready (m_axis_tready)
    );

    // Read by the testbench (stage_valid, handover) only.
    wire unused_sync = ^{handover, stage_valid};

endmodule

`resetall
