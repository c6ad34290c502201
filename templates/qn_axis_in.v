`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_axis_in - AXI4-Stream slave that collects a vector of N elements from
// BEATS = ceil(N / PER_BEAT) beats.
//
// Beat b carries elements b*PER_BEAT .. b*PER_BEAT + PER_BEAT - 1, element e
// of the beat at bits [e*BITS +: BITS]; the padding of the last beat is
// ignored. After the last beat `full` is high and `vec` holds the vector
// (element i at [i*BITS +: BITS]) until a `take` pulse hands it over; vec
// stays valid in the take cycle itself, and the collector is free from the
// next cycle on.
//
// Framing is by count: a beat whose tlast disagrees with its position (tlast
// on any but the last beat of a vector, or missing on the last) sets the
// sticky frame_error, which only reset clears; the beat is used anyway.
//
// Rate: one beat a cycle within a vector. While full, one more beat (the
// first of the next vector) is accepted into a one-beat skid register, so
// a hand-over within a cycle or so of `full` costs the stream nothing:
// back-to-back vectors arrive at the full beat rate. s_axis_tready comes
// from registers only.
//
// Latency: the last beat's handshake in cycle c gives full = 1 in cycle c+1.
//
// Ports:
//   clk, rst                            clock; synchronous reset (empty, no error)
//   s_axis_tdata  [PER_BEAT*BITS-1:0]   AXI4-Stream slave
//   s_axis_tvalid, s_axis_tlast
//   s_axis_tready
//   vec           [N*BITS-1:0]          the collected vector, valid while full
//   full                                a whole vector is waiting
//   partial                             some beats of a vector are in, not all (for qn_sync)
//   take                                pulse: the vector is taken (ignored unless full)
//   frame_error                         sticky: a tlast disagreed with the beat count

module qn_axis_in #(
    parameter integer N        = 1,     // elements per vector, >= 1
    parameter integer BITS     = 8,     // bits per element, >= 1
    parameter integer PER_BEAT = 1      // elements per beat, >= 1
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire [PER_BEAT*BITS-1:0] s_axis_tdata,
    input  wire                     s_axis_tvalid,
    input  wire                     s_axis_tlast,
    output wire                     s_axis_tready,

    output wire [N*BITS-1:0]        vec,
    output reg                      full,
    output wire                     partial,
    input  wire                     take,
    output reg                      frame_error
);

    localparam integer BEATS      = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS  = PER_BEAT * BITS;
    localparam integer COUNT_BITS = (BEATS > 1) ? $clog2(BEATS) : 1;

    localparam integer             LAST_BEAT_I = BEATS - 1;
    localparam [COUNT_BITS-1:0]    LAST_BEAT   = LAST_BEAT_I[COUNT_BITS-1:0];
    localparam [COUNT_BITS-1:0]    FIRST_BEAT  = {COUNT_BITS{1'b0}};

    initial begin
        if (N < 1 || BITS < 1 || PER_BEAT < 1) begin
            $display("qn_axis_in: N (%0d), BITS (%0d) and PER_BEAT (%0d) must be >= 1",
                     N, BITS, PER_BEAT);
            $finish;
        end
    end

    // Beats enter at the top of a shift register and move down one beat
    // each time, so after BEATS beats beat 0 is at the bottom.
    reg  [BEATS*BEAT_BITS-1:0] shreg;
    reg  [BEAT_BITS-1:0]       skid;        // first beat of the next vector, while full
    reg                        skid_valid;
    reg  [COUNT_BITS-1:0]      beat;        // position of the next beat (0 while full)

    wire take_now  = take && full;
    wire handshake = s_axis_tvalid && s_axis_tready;

    assign s_axis_tready = !full || !skid_valid;

    // A beat enters the shift register: a new beat while collecting; when
    // the vector is taken, the skid beat or a beat arriving in that cycle.
    wire                 shift_in   = full ? (take_now && (skid_valid || handshake)) : handshake;
    wire [BEAT_BITS-1:0] shift_data = skid_valid ? skid : s_axis_tdata;
    wire                 to_skid    = handshake && full && !take_now;

    generate
        if (BEATS > 1) begin : g_shift
            always @(posedge clk) begin
                if (shift_in)
                    shreg <= {shift_data, shreg[BEATS*BEAT_BITS-1:BEAT_BITS]};
            end
        end else begin : g_single
            always @(posedge clk) begin
                if (shift_in)
                    shreg <= shift_data;
            end
        end

        if (BEATS * PER_BEAT > N && BEATS == 1) begin : g_pad
            // The padding of the only beat is never used.
            wire unused_padding = ^shreg[BEAT_BITS-1:N*BITS];
        end
    endgenerate

    assign vec     = shreg[N*BITS-1:0];
    assign partial = (beat != FIRST_BEAT);      // beat is 0 while full

    always @(posedge clk) begin
        if (rst) begin
            skid_valid <= 1'b0;
        end else if (to_skid) begin
            skid_valid <= 1'b1;
        end else if (take_now) begin
            skid_valid <= 1'b0;
        end
        if (to_skid)
            skid <= s_axis_tdata;
    end

    // While full, beat is 0 and a beat that comes in is the next vector's
    // first, whether it goes to the skid register or straight in.
    always @(posedge clk) begin
        if (rst) begin
            beat <= FIRST_BEAT;
            full <= 1'b0;
        end else begin
            if (take_now)
                full <= 1'b0;
            if (shift_in) begin
                if (beat == LAST_BEAT) begin
                    beat <= FIRST_BEAT;
                    full <= 1'b1;
                end else begin
                    beat <= beat + 1'b1;
                end
            end
        end
    end

    always @(posedge clk) begin
        if (rst)
            frame_error <= 1'b0;
        else if (handshake && (s_axis_tlast != (beat == LAST_BEAT)))
            frame_error <= 1'b1;
    end

endmodule

`resetall
