`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_layer_seq - a dense layer's sequencer: issues the G*K words of work
// after `start`, keeps the group index of the results coming back, and says
// when the layer is done.
//
// After a `start` pulse in cycle h, the layer issues one word a cycle in
// cycles h+1 .. h+G*K, group by group (g = 0 .. G-1) and within a group word
// by word (k = 0 .. K-1); the lanes' memory address is g*K + k. Three views
// of that stream, each aligned with what it drives:
//
//   rd_*   the issue cycle: address the weight memories (qn_weight_mem,
//          1-cycle latency) and pick input word k for a register.
//   mac_*  one cycle later, aligned with the memory's data: the lanes'
//          in_valid / in_first / in_last, and the group for the bias lookup.
//   acc_group, wr_group: counters of the result pulses, giving the group of
//          the sums in the lanes (acc_valid, for per-channel multiplier and
//          shift lookups) and of the requantized results (wr_valid, for
//          writing the layer's result register).
//
// All lanes run in lockstep, so lane 0's acc_valid and qn_requant out_valid
// stand for all of them. `busy` rises with start and falls after the cycle
// in which the last group's results are written (wr_valid with wr_group =
// G-1); `done` = !busy is the stage's done for qn_sync and is high in the
// first cycle in which the result register is complete. A start while busy
// is not allowed (qn_sync never gives one).
//
// Timing: last issue in cycle h+G*K; done rises D + 2 cycles later, where D
// is the latency from the lanes' inputs to wr_valid (lane + requantizer).
//
// Ports:
//   clk, rst                          clock; synchronous reset (idle, done)
//   start                             pulse: work on the vector the input register takes at this edge
//   rd_en                             a word is issued this cycle
//   rd_addr    [ADDR_BITS-1:0]        g*K + k, the lanes' weight memory address
//   rd_word    [WORD_BITS-1:0]        k, the input word to fetch
//   rd_group   [GROUP_BITS-1:0]       g
//   mac_valid                         rd_en delayed one cycle: the lanes' in_valid
//   mac_first                         ... its k == 0: in_first
//   mac_last                          ... its k == K-1: in_last
//   mac_group  [GROUP_BITS-1:0]       ... its g
//   acc_valid                         input: lane 0's acc_valid
//   acc_group  [GROUP_BITS-1:0]       the group whose sums acc_valid announces
//   wr_valid                          input: lane 0's requantizer out_valid
//   wr_group   [GROUP_BITS-1:0]       the group whose results wr_valid announces
//   busy                              from start until the last results are written
//   done                              !busy
//
// GROUP_BITS = max(1, clog2(G)), WORD_BITS = max(1, clog2(K)),
// ADDR_BITS = max(1, clog2(G*K)) (the same as qn_weight_mem's for DEPTH = G*K).

module qn_layer_seq #(
    parameter integer GROUPS     = 1,   // G: neuron groups (ceil(out / lanes)), >= 1
    parameter integer WORDS      = 1,   // K: words per neuron (ceil(in / simd)), >= 1
    // Derived, leave at the defaults:
    parameter integer GROUP_BITS = (GROUPS > 1) ? $clog2(GROUPS) : 1,
    parameter integer WORD_BITS  = (WORDS > 1) ? $clog2(WORDS) : 1,
    parameter integer ADDR_BITS  = (GROUPS * WORDS > 1) ? $clog2(GROUPS * WORDS) : 1
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  start,

    output reg                   rd_en,
    output reg  [ADDR_BITS-1:0]  rd_addr,
    output reg  [WORD_BITS-1:0]  rd_word,
    output reg  [GROUP_BITS-1:0] rd_group,

    output reg                   mac_valid,
    output reg                   mac_first,
    output reg                   mac_last,
    output reg  [GROUP_BITS-1:0] mac_group,

    input  wire                  acc_valid,
    output reg  [GROUP_BITS-1:0] acc_group,
    input  wire                  wr_valid,
    output reg  [GROUP_BITS-1:0] wr_group,

    output reg                   busy,
    output wire                  done
);

    initial begin
        if (GROUPS < 1 || WORDS < 1) begin
            $display("qn_layer_seq: GROUPS (%0d) and WORDS (%0d) must be >= 1", GROUPS, WORDS);
            $finish;
        end
        if (GROUP_BITS != ((GROUPS > 1) ? $clog2(GROUPS) : 1) ||
            WORD_BITS != ((WORDS > 1) ? $clog2(WORDS) : 1) ||
            ADDR_BITS != ((GROUPS * WORDS > 1) ? $clog2(GROUPS * WORDS) : 1)) begin
            $display("qn_layer_seq: %0s",
                     "GROUP_BITS, WORD_BITS and ADDR_BITS are derived; do not set them");
            $finish;
        end
    end

    localparam integer LAST_GROUP_I = GROUPS - 1;
    localparam integer LAST_WORD_I  = WORDS - 1;
    localparam integer LAST_ADDR_I  = GROUPS * WORDS - 1;

    localparam [GROUP_BITS-1:0] LAST_GROUP = LAST_GROUP_I[GROUP_BITS-1:0];
    localparam [WORD_BITS-1:0]  LAST_WORD  = LAST_WORD_I[WORD_BITS-1:0];
    localparam [ADDR_BITS-1:0]  LAST_ADDR  = LAST_ADDR_I[ADDR_BITS-1:0];

    localparam [GROUP_BITS-1:0] GROUP_ZERO = {GROUP_BITS{1'b0}};
    localparam [WORD_BITS-1:0]  WORD_ZERO  = {WORD_BITS{1'b0}};
    localparam [ADDR_BITS-1:0]  ADDR_ZERO  = {ADDR_BITS{1'b0}};

    // ---------------------------------------------------------------- issue

    always @(posedge clk) begin
        if (rst) begin
            rd_en    <= 1'b0;
            rd_addr  <= ADDR_ZERO;
            rd_word  <= WORD_ZERO;
            rd_group <= GROUP_ZERO;
        end else if (start) begin
            rd_en    <= 1'b1;
            rd_addr  <= ADDR_ZERO;
            rd_word  <= WORD_ZERO;
            rd_group <= GROUP_ZERO;
        end else if (rd_en) begin
            rd_addr <= rd_addr + 1'b1;
            if (rd_word == LAST_WORD) begin
                rd_word  <= WORD_ZERO;
                rd_group <= rd_group + 1'b1;
            end else begin
                rd_word  <= rd_word + 1'b1;
            end
            if (rd_addr == LAST_ADDR)
                rd_en <= 1'b0;
        end
    end

    // The same stream one cycle later, next to the weight memories' data.
    always @(posedge clk) begin
        if (rst)
            mac_valid <= 1'b0;
        else
            mac_valid <= rd_en;
        mac_first <= (rd_word == WORD_ZERO);
        mac_last  <= (rd_word == LAST_WORD);
        mac_group <= rd_group;
    end

    // -------------------------------------------------------------- results

    always @(posedge clk) begin
        if (rst || start)
            acc_group <= GROUP_ZERO;
        else if (acc_valid)
            acc_group <= (acc_group == LAST_GROUP) ? GROUP_ZERO : acc_group + 1'b1;
    end

    always @(posedge clk) begin
        if (rst || start)
            wr_group <= GROUP_ZERO;
        else if (wr_valid)
            wr_group <= (wr_group == LAST_GROUP) ? GROUP_ZERO : wr_group + 1'b1;
    end

    always @(posedge clk) begin
        if (rst)
            busy <= 1'b0;
        else if (start)
            busy <= 1'b1;
        else if (wr_valid && wr_group == LAST_GROUP)
            busy <= 1'b0;
    end

    assign done = !busy;

endmodule

`resetall
