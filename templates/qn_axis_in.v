`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_axis_in - AXI4-Stream slave that passes the BEATS = ceil(N / PER_BEAT)
// beats of each N-element vector on to the first layer's input buffer
// (qn_act_buf with CHUNK = PER_BEAT), beat by beat as they arrive, so the
// layer can start on the first words before the vector is complete.
//
// Beat b of a vector carries elements b*PER_BEAT .. b*PER_BEAT + PER_BEAT -
// 1, element e of the beat at bits [e*BITS +: BITS]; the buffer drops the
// padding of the last beat. A beat is taken whenever the buffer has room
// (s_axis_tready = room, which comes from the buffer's registers), one a
// cycle. The first beat of a vector also claims the buffer for it.
//
// Framing is by count: a beat whose tlast disagrees with its position (tlast
// on any but the last beat of a vector, or missing on the last) sets the
// sticky frame_error, which only reset clears; the beat is used anyway.
//
// Latency: a beat taken in cycle c is in the buffer (and counted by its
// rd_ready) in cycle c+1.
//
// Ports:
//   clk, rst                            clock; synchronous reset (at a vector's first beat, no error)
//   s_axis_tdata  [PER_BEAT*BITS-1:0]   AXI4-Stream slave
//   s_axis_tvalid, s_axis_tlast
//   s_axis_tready
//   room                                the buffer can take a beat (qn_act_buf wr_room)
//   wr_en                               a beat goes into the buffer (qn_act_buf wr_en)
//   wr_beat       [COUNT_BITS-1:0]      ... its position in the vector (wr_chunk)
//   wr_data       [PER_BEAT*BITS-1:0]   ... its elements (wr_data)
//   claim                               ... and it is a vector's first (qn_act_buf claim)
//   frame_error                         sticky: a tlast disagreed with the beat count
//
// COUNT_BITS = max(1, clog2(BEATS)) (derived).

module qn_axis_in #(
    parameter integer N          = 1,     // elements per vector, >= 1
    parameter integer BITS       = 8,     // bits per element, >= 1
    parameter integer PER_BEAT   = 1,     // elements per beat, >= 1
    // Derived, leave at the default:
    parameter integer COUNT_BITS = ((N + PER_BEAT - 1) / PER_BEAT > 1) ?
                                   $clog2((N + PER_BEAT - 1) / PER_BEAT) : 1
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire [PER_BEAT*BITS-1:0] s_axis_tdata,
    input  wire                     s_axis_tvalid,
    input  wire                     s_axis_tlast,
    output wire                     s_axis_tready,

    input  wire                     room,
    output wire                     wr_en,
    output reg  [COUNT_BITS-1:0]    wr_beat,
    output wire [PER_BEAT*BITS-1:0] wr_data,
    output wire                     claim,
    output reg                      frame_error
);

    localparam integer BEATS = (N + PER_BEAT - 1) / PER_BEAT;

    localparam integer             LAST_BEAT_I = BEATS - 1;
    localparam [COUNT_BITS-1:0]    LAST_BEAT   = LAST_BEAT_I[COUNT_BITS-1:0];
    localparam [COUNT_BITS-1:0]    FIRST_BEAT  = {COUNT_BITS{1'b0}};

    initial begin
        if (N < 1 || BITS < 1 || PER_BEAT < 1) begin
            $display("qn_axis_in: N (%0d), BITS (%0d) and PER_BEAT (%0d) must be >= 1",
                     N, BITS, PER_BEAT);
            $finish;
        end
        if (COUNT_BITS != ((BEATS > 1) ? $clog2(BEATS) : 1)) begin
            $display("qn_axis_in: COUNT_BITS is derived; do not set it");
            $finish;
        end
    end

    wire last = (wr_beat == LAST_BEAT);

    assign s_axis_tready = room;
    assign wr_en         = s_axis_tvalid && room;
    assign wr_data       = s_axis_tdata;
    assign claim         = wr_en && (wr_beat == FIRST_BEAT);

    always @(posedge clk) begin
        if (rst)
            wr_beat <= FIRST_BEAT;
        else if (wr_en)
            wr_beat <= last ? FIRST_BEAT : wr_beat + 1'b1;
    end

    always @(posedge clk) begin
        if (rst)
            frame_error <= 1'b0;
        else if (wr_en && (s_axis_tlast != last))
            frame_error <= 1'b1;
    end

endmodule

`resetall
