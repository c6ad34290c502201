`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_sync - the branch-synchronize controller (README "Streaming
// pipeline"): one valid bit per stage and the hand-over rule.
//
// A stage is done with a vector when it has issued its last word; its
// results still drain out of its datapath into the next stage's input
// buffer (qn_act_buf), where the next stage can already read the words
// that are complete. So a hand-over does not wait for any drain. It
// happens in a cycle in which
//   - every stage holding a vector has issued all of it (stage_done),
//   - if the last stage receives a vector, the output buffer pair has room
//     for it (out_claims < 2: the vector the last stage now holds, if any,
//     may still be being sent, but not one before it as well), and
//   - a new input vector has begun arriving (in_claims counts one beyond
//     the vector stage 0 holds), or some stage holds a vector (the
//     pipeline drains when the input stops).
// In that cycle `handover` is high and, at the same clock edge, every stage
// that receives a vector gets a start pulse (stage 0 on the arriving input
// vector, stage i+1 on the vector stage i has just issued), every stage
// that held a vector retires it (its input buffer goes back to its
// writer), and the valid bits shift by one stage.
//
// Timing: every input is a register or a few gates of registers (the
// stages' done registers, the buffers' claim counters), and the outputs
// are a few gates deep, so nothing here depends on the streams'
// tvalid/tready in the same cycle. A stage whose last word issues in cycle
// t is done in t+1, hands over in t+1 when it is the last one waited for,
// and issues its next vector's first word in t+2.
//
// Ports:
//   clk, rst                       clock; synchronous reset (all stages empty)
//   stage_done   [STAGES-1:0]      stage s has issued all of its vector (ignored while empty)
//   in_claims    [1:0]             stage 0's input buffer: vectors begun and not retired
//   out_claims   [1:0]             the output buffer: vectors claimed and not yet sent
//   handover                       pulse: the hand-over happens this cycle
//   stage_valid  [STAGES-1:0]      stage s holds a vector (registered)
//   start        [STAGES-1:0]      pulse: stage s receives a vector and starts on it
//   retire       [STAGES-1:0]      pulse: stage s passes its vector on; its input buffer is free

module qn_sync #(
    parameter integer STAGES = 1    // pipeline stages (layers), >= 1
) (
    input  wire              clk,
    input  wire              rst,

    input  wire [STAGES-1:0] stage_done,
    input  wire [1:0]        in_claims,
    input  wire [1:0]        out_claims,

    output wire              handover,
    output reg  [STAGES-1:0] stage_valid,
    output wire [STAGES-1:0] start,
    output wire [STAGES-1:0] retire
);

    initial begin
        if (STAGES < 1) begin
            $display("qn_sync: STAGES (%0d) must be >= 1", STAGES);
            $finish;
        end
    end

    localparam [STAGES-1:0] NONE = {STAGES{1'b0}};

    // An input vector beyond the one stage 0 holds has begun arriving.
    wire in_next = (in_claims > {1'b0, stage_valid[0]});

    // The valid bits after a hand-over: shifted one stage on, the
    // arriving vector (if any) entering stage 0.
    wire [STAGES-1:0] shifted;
    generate
        if (STAGES > 1) begin : g_shift
            assign shifted = {stage_valid[STAGES-2:0], in_next};
        end else begin : g_single
            assign shifted = in_next;
        end
    endgenerate

    wire stages_done = &(stage_done | ~stage_valid);
    wire out_room    = !shifted[STAGES-1] || (out_claims != 2'd2);
    wire busy        = (stage_valid != NONE);

    assign handover = stages_done && out_room && (in_next || busy);
    assign start    = handover ? shifted : NONE;
    assign retire   = handover ? stage_valid : NONE;

    always @(posedge clk) begin
        if (rst)
            stage_valid <= NONE;
        else if (handover)
            stage_valid <= shifted;
    end

endmodule

`resetall
