`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_axis_out - AXI4-Stream master that sends each N-element vector of the
// output buffer (qn_act_buf with WORD = PER_BEAT, written by the last
// layer) as BEATS = ceil(N / PER_BEAT) beats, each beat as soon as its
// elements are in the buffer, so the first beats can leave while the last
// layer is still computing the rest.
//
// Beat b = elements b*PER_BEAT .. b*PER_BEAT + PER_BEAT - 1 (element e of
// the beat at [e*BITS +: BITS]); the last beat is padded with zeros (the
// buffer reads zeros past N) and has tlast set.
//
// The beat on the bus is the buffer's `word` register; tvalid and tlast
// are registers here. When the bus is free (no beat, or the beat is being
// taken) and the buffer has the next beat (ready), the buffer reads it
// (rd_en) and the beat is presented from the next cycle. After the last
// beat is read the buffer is released (rd_release) to the last layer.
// m_axis_tready thus only enables this sender's and the buffer's read
// registers; nothing else depends on it.
//
// Latency: the beat's elements written into the buffer in cycle c, beat
// presented in cycle c+2 (ready in c+1, read at its end).
//
// Ports:
//   clk, rst                            clock; synchronous reset (idle, at beat 0)
//   ready                               the buffer has the next beat (qn_act_buf rd_ready)
//   rd_en                               read it (qn_act_buf rd_en)
//   rd_release                          ... and it is the vector's last (qn_act_buf rd_release)
//   word          [PER_BEAT*BITS-1:0]   the buffer's word register (qn_act_buf word)
//   m_axis_tdata  [PER_BEAT*BITS-1:0]   AXI4-Stream master (= word)
//   m_axis_tvalid, m_axis_tlast
//   m_axis_tready

module qn_axis_out #(
    parameter integer N        = 1,     // elements per vector, >= 1
    parameter integer BITS     = 8,     // bits per element, >= 1
    parameter integer PER_BEAT = 1      // elements per beat, >= 1
) (
    input  wire                     clk,
    input  wire                     rst,

    input  wire                     ready,
    output wire                     rd_en,
    output wire                     rd_release,
    input  wire [PER_BEAT*BITS-1:0] word,

    output wire [PER_BEAT*BITS-1:0] m_axis_tdata,
    output reg                      m_axis_tvalid,
    output reg                      m_axis_tlast,
    input  wire                     m_axis_tready
);

    localparam integer BEATS      = (N + PER_BEAT - 1) / PER_BEAT;
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

    reg [COUNT_BITS-1:0] beat;          // the next beat to read

    wire bus_free = !m_axis_tvalid || m_axis_tready;
    wire last     = (beat == LAST_BEAT);

    assign rd_en        = bus_free && ready;
    assign rd_release   = rd_en && last;
    assign m_axis_tdata = word;

    always @(posedge clk) begin
        if (rst) begin
            m_axis_tvalid <= 1'b0;
            m_axis_tlast  <= 1'b0;
            beat          <= FIRST_BEAT;
        end else if (bus_free) begin
            m_axis_tvalid <= ready;
            if (ready) begin
                m_axis_tlast <= last;
                beat         <= last ? FIRST_BEAT : beat + 1'b1;
            end
        end
    end

endmodule

`resetall
