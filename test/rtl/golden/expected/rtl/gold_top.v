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
// Every layer is a pipeline stage with a double-buffered input vector
// (qn_act_buf) that its writer fills chunk by chunk: the input stream beat
// by beat for stage 0, the previous layer's results group by group for the
// others, and the last layer's results go into the output buffer, which
// qn_axis_out sends beat by beat. A stage reads each input word as soon as
// it is in. qn_sync hands over all at once when every busy stage has issued
// its vector: stage 0 starts on the arriving input vector, stage i+1 on the
// vector stage i has just issued (whose last results are still on their
// way), so the layers work on successive vectors at the same time and no
// stage waits for another's pipeline to drain.
//
// Cycle figures (spec 5): ideal interval 6, ideal latency 35 (see
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
    wire [2-1:0]  stage_done;   // stage s has issued all of its vector
    wire [2-1:0]  start;        // stage s starts on a vector
    wire [2-1:0]  retire;       // stage s passes its vector on
    wire [1:0]       in_claims;    // input vectors begun and not retired by stage 0
    wire [1:0]       out_claims;   // vectors started in the last stage and not yet sent

    qn_sync #(
        .STAGES (2)
    ) u_sync (
        .clk         (clk),
        .rst         (rst),
        .stage_done  (stage_done),
        .in_claims   (in_claims),
        .out_claims  (out_claims),
        .handover    (handover),
        .stage_valid (stage_valid),
        .start       (start),
        .retire      (retire)
    );

    // ------------------------------------------------------- input stream

    wire                  in_room;   // stage 0's input buffer can take a beat
    wire                  in_wr;     // a beat goes into it
    wire [2-1:0]       in_beat;   // ... its position in the vector
    wire [8-1:0]      in_data;   // ... its elements
    wire                  in_claim;  // ... the first of a vector

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
        .room          (in_room),
        .wr_en         (in_wr),
        .wr_beat       (in_beat),
        .wr_data       (in_data),
        .claim         (in_claim),
        .frame_error   (frame_error)
    );

    // ------------------------------------------------------------- stages

    // Stage 0: layer hid (3 results of 5 bits)
    wire                  y_wr_0;
    wire [1-1:0]       y_group_0;
    wire [10-1:0]      y_data_0;
    wire [1:0]            x_claims_0;
    wire                  x_room_0;

    gold_hid layer_hid (
        .clk      (clk),
        .rst      (rst),
        .start    (start[0]),
        .retire   (retire[0]),
        .x_wr     (in_wr),
        .x_chunk  (in_beat),
        .x_data   (in_data),
        .x_room   (x_room_0),
        .x_claim  (in_claim),
        .x_claims (x_claims_0),
        .done     (stage_done[0]),
        .y_wr     (y_wr_0),
        .y_group  (y_group_0),
        .y_data   (y_data_0)
    );

    // Stage 1: layer out (2 results of 6 bits)
    wire                  y_wr_1;
    wire [1-1:0]       y_group_1;
    wire [6-1:0]      y_data_1;
    wire [1:0]            x_claims_1;
    wire                  x_room_1;

    gold_out layer_out (
        .clk      (clk),
        .rst      (rst),
        .start    (start[1]),
        .retire   (retire[1]),
        .x_wr     (y_wr_0),
        .x_chunk  (y_group_0),
        .x_data   (y_data_0),
        .x_room   (x_room_1),
        .x_claim  (start[0]),
        .x_claims (x_claims_1),
        .done     (stage_done[1]),
        .y_wr     (y_wr_1),
        .y_group  (y_group_1),
        .y_data   (y_data_1)
    );

    assign in_room   = x_room_0;
    assign in_claims = x_claims_0;

    // ------------------------------------------------------ output stream

    wire                  out_ready;    // the output buffer has the next beat
    wire                  out_rd;       // ... which is read
    wire                  out_release;  // ... and is the vector's last
    wire [OUT_PER_BEAT*OUT_BITS-1:0] out_word;     // the beat read

    qn_act_buf #(
        .N     (2),
        .BITS  (OUT_BITS),
        .CHUNK (1),
        .WORD  (OUT_PER_BEAT)
    ) u_obuf (
        .clk        (clk),
        .rst        (rst),
        .wr_en      (y_wr_1),
        .wr_chunk   (y_group_1),
        .wr_data    (y_data_1),
        .wr_room    (unused_out_room),
        .claim      (start[1]),
        .claims     (out_claims),
        .rd_ready   (out_ready),
        .rd_en      (out_rd),
        .word       (out_word),
        .rd_release (out_release)
    );

    qn_axis_out #(
        .N        (2),
        .BITS     (OUT_BITS),
        .PER_BEAT (OUT_PER_BEAT)
    ) u_out (
        .clk           (clk),
        .rst           (rst),
        .ready         (out_ready),
        .rd_en         (out_rd),
        .rd_release    (out_release),
        .word          (out_word),
        .m_axis_tdata  (m_axis_tdata),
        .m_axis_tvalid (m_axis_tvalid),
        .m_axis_tlast  (m_axis_tlast),
        .m_axis_tready (m_axis_tready)
    );

    // The last layer never waits for room (qn_sync's out_claims keeps it
    // from starting on a third vector); the later stages' claim counters
    // and room flags are not needed either (their writers are started in
    // step with them); handover and stage_valid are for the testbench.
    wire unused_out_room;
    wire unused_sync = ^{handover, stage_valid, unused_out_room, x_claims_1, x_room_1};

endmodule

`resetall
