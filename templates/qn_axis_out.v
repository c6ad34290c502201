`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_axis_out - AXI4-Stream master that sends a vector of N elements as
// BEATS = ceil(N / PER_BEAT) beats.
//
// A `load` pulse copies `vec` (element i at [i*BITS +: BITS]) into the
// sender, which then presents beat b = elements b*PER_BEAT .. b*PER_BEAT +
// PER_BEAT - 1 (element e of the beat at [e*BITS +: BITS]), honouring
// m_axis_tready; the last beat is padded with zeros and has tlast set.
//
// `busy` is low when a load would be taken: when idle, and also in the
// cycle in which the last beat's handshake happens, so that the next vector
// follows without an idle cycle. busy therefore depends combinationally on
// m_axis_tready (never the other way round: tvalid, tdata and tlast come
// from registers). A load while busy is ignored.
//
// Latency: load in cycle c, first beat presented in cycle c+1.
//
// Ports:
//   clk, rst                            clock; synchronous reset (idle)
//   load                                pulse: take vec (only while !busy)
//   vec           [N*BITS-1:0]          the vector to send
//   busy                                a vector is being sent and is not in its last handshake
//   m_axis_tdata  [PER_BEAT*BITS-1:0]   AXI4-Stream master
//   m_axis_tvalid, m_axis_tlast
//   m_axis_tready

module qn_axis_out #(
    parameter integer N        = 1,     // elements per vector, >= 1
    parameter integer BITS     = 8,     // bits per element, >= 1
    parameter integer PER_BEAT = 1      // elements per beat, >= 1
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire                     load,
    input  wire [N*BITS-1:0]        vec,
    output wire                     busy,

    output wire [PER_BEAT*BITS-1:0] m_axis_tdata,
    output reg                      m_axis_tvalid,
    output wire                     m_axis_tlast,
    input  wire                     m_axis_tready
);

    localparam integer BEATS      = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS  = PER_BEAT * BITS;
    localparam integer VEC_BITS   = N * BITS;
    localparam integer PAD_BITS   = BEATS * BEAT_BITS - VEC_BITS;
    localparam integer COUNT_BITS = (BEATS > 1) ? $clog2(BEATS) : 1;

    localparam integer          LAST_BEAT_I = BEATS - 1;
    localparam [COUNT_BITS-1:0] LAST_BEAT   = LAST_BEAT_I[COUNT_BITS-1:0];
    localparam [COUNT_BITS-1:0] FIRST_BEAT  = {COUNT_BITS{1'b0}};

    initial begin
        if (N < 1 || BITS < 1 || PER_BEAT < 1) begin
            $display("qn_axis_out: N (%0d), BITS (%0d) and PER_BEAT (%0d) must be >= 1",
                     N, BITS, PER_BEAT);
            $finish;
        end
    end

    // The vector, zero-padded to whole beats; the beat on the bus is at the
    // bottom and each handshake shifts the next one down.
    reg  [BEATS*BEAT_BITS-1:0] shreg;
    reg  [COUNT_BITS-1:0]      beat;

    wire [BEATS*BEAT_BITS-1:0] padded;
    generate
        if (PAD_BITS > 0) begin : g_pad
            assign padded = {{PAD_BITS{1'b0}}, vec};
        end else begin : g_no_pad
            assign padded = vec;
        end
    endgenerate

    wire last      = (beat == LAST_BEAT);
    wire handshake = m_axis_tvalid && m_axis_tready;

    assign busy         = m_axis_tvalid && !(handshake && last);
    assign m_axis_tdata = shreg[BEAT_BITS-1:0];
    assign m_axis_tlast = last;

    always @(posedge clk) begin
        if (rst) begin
            m_axis_tvalid <= 1'b0;
            beat          <= FIRST_BEAT;
        end else if (load && !busy) begin
            m_axis_tvalid <= 1'b1;
            beat          <= FIRST_BEAT;
        end else if (handshake) begin
            if (last) begin
                m_axis_tvalid <= 1'b0;
                beat          <= FIRST_BEAT;
            end else begin
                beat          <= beat + 1'b1;
            end
        end
    end

    generate
        if (BEATS > 1) begin : g_shift
            always @(posedge clk) begin
                if (load && !busy)
                    shreg <= padded;
                else if (handshake)
                    shreg <= {{BEAT_BITS{1'b0}}, shreg[BEATS*BEAT_BITS-1:BEAT_BITS]};
            end
        end else begin : g_single
            always @(posedge clk) begin
                if (load && !busy)
                    shreg <= padded;
            end
        end
    endgenerate

endmodule

`resetall
