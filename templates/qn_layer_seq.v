`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_layer_seq - a dense layer's sequencer: issues the G*K words of work
// after `start`, as fast as its input buffer has them, keeps the group index
// of the results coming back, and says when the layer has issued its work.
//
// After a `start` pulse in cycle h, the layer issues one word in every
// cycle from h+1 on in which `avail` (its input buffer has the word) is
// high, until it has issued G*K words: group by group (g = 0 .. G-1) and
// within a group word by word (k = 0 .. K-1); the lanes' memory address is
// g*K + k. Three views of that stream, each aligned with what it drives:
//
//   rd_*   the issue cycle: address the weight memories (qn_weight_mem,
//          1-cycle latency) and read input word k from the buffer.
//   mac_*  one cycle later, aligned with the memory's data: the lanes'
//          in_valid / in_first / in_last, and the group for the bias lookup.
//   acc_group, wr_group: counters of the result pulses, giving the group of
//          the sums in the lanes (acc_valid, for per-channel multiplier and
//          shift lookups) and of the requantized results (wr_valid, for
//          writing them on).
//
// All lanes run in lockstep, so lane 0's acc_valid and qn_requant out_valid
// stand for all of them. `done` (a register) is low from start until the
// cycle after the last word is issued: the stage can then take its next
// vector while the results of this one are still in the pipeline (the
// result counters wrap every G groups and are never reset by a start, so
// the two vectors' results stay apart). A start while !done is not allowed
// (qn_sync never gives one).
//
// Timing: last issue in cycle t; done in cycle t+1, so the next start can
// be in t+1 and its first issue in t+2. The last results come out D + 1
// cycles after the last issue, D being the lane + requantizer latency.
//
// Ports:
//   clk, rst                          clock; synchronous reset (idle, done)
//   start                             pulse: work on the next vector of the input buffer
//   avail                             the input buffer has the next word (qn_act_buf rd_ready)
//   rd_en                             a word is issued this cycle (combinational: !done && avail)
//   rd_addr    [ADDR_BITS-1:0]        g*K + k, the lanes' weight memory address
//   rd_word    [WORD_BITS-1:0]        k, the input word being read
//   rd_group   [GROUP_BITS-1:0]       g
//   mac_valid                         rd_en delayed one cycle: the lanes' in_valid
//   mac_first                         ... its k == 0: in_first
//   mac_last                          ... its k == K-1: in_last
//   mac_group  [GROUP_BITS-1:0]       ... its g
//   acc_valid                         input: lane 0's acc_valid
//   acc_group  [GROUP_BITS-1:0]       the group whose sums acc_valid announces
//   wr_valid                          input: lane 0's requantizer out_valid
//   wr_group   [GROUP_BITS-1:0]       the group whose results wr_valid announces
//   done                              every word of the vector is issued (registered)
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
    input  wire                  avail,

    output wire                  rd_en,
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

    output reg                   done
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

    assign rd_en = !done && avail;

    // The counters wrap after the last word, so they are at word 0 again
    // for the next vector without a start of their own: start only clears
    // done (a short path from qn_sync).
    always @(posedge clk) begin
        if (rst) begin
            rd_addr  <= ADDR_ZERO;
            rd_word  <= WORD_ZERO;
            rd_group <= GROUP_ZERO;
        end else if (rd_en) begin
            rd_addr <= (rd_addr == LAST_ADDR) ? ADDR_ZERO : rd_addr + 1'b1;
            if (rd_word == LAST_WORD) begin
                rd_word  <= WORD_ZERO;
                rd_group <= (rd_group == LAST_GROUP) ? GROUP_ZERO : rd_group + 1'b1;
            end else begin
                rd_word  <= rd_word + 1'b1;
            end
        end
    end

    always @(posedge clk) begin
        if (rst)
            done <= 1'b1;
        else if (start)
            done <= 1'b0;
        else if (rd_en && rd_addr == LAST_ADDR)
            done <= 1'b1;
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
        if (rst)
            acc_group <= GROUP_ZERO;
        else if (acc_valid)
            acc_group <= (acc_group == LAST_GROUP) ? GROUP_ZERO : acc_group + 1'b1;
    end

    always @(posedge clk) begin
        if (rst)
            wr_group <= GROUP_ZERO;
        else if (wr_valid)
            wr_group <= (wr_group == LAST_GROUP) ? GROUP_ZERO : wr_group + 1'b1;
    end

endmodule

`resetall
