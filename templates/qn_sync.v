`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_sync - the branch-synchronize controller (README "Branch-synchronize
// pipeline"): one valid bit per stage and the hand-over rule.
//
// A hand-over happens in a cycle in which
//   - every stage holding a vector is done (stage_done),
//   - the output sender is free (!out_busy) if the last stage holds a vector,
//   - the input collector is full, or some stage holds a vector and the
//     collector is not in the middle of one (!in_partial).
// In that cycle `handover` is high and, all at the same clock edge, the
// design moves the collector's vector into stage 0's input register
// (in_take), each stage's result register into the next stage's input
// register, and the last stage's results into the output sender
// (out_load); the valid bits shift by one stage (stage 0 becomes in_full);
// and every stage that receives a vector gets a start pulse.
//
// The last condition lets the pipeline drain when the input stops, but not
// while the next vector is arriving: a draining hand-over then would start
// a stage that is still busy when that vector is complete, and with the
// input as the bottleneck the interval would grow from the input's beat
// count to the sum of the stages' times.
//
// Latency: handover, start, out_load and in_take are combinational from
// the inputs, so a hand-over costs no cycle of its own: a stage whose done
// rises in cycle c (and is the last one waited for) gets its start pulse
// in cycle c. The inputs should come from registers (stage_done, in_full,
// in_partial) or shallow logic (qn_axis_out's busy, which depends on
// m_axis_tready). stage_valid is registered: the valid bits after the
// last hand-over.
//
// Ports:
//   clk, rst                       clock; synchronous reset (all stages empty)
//   stage_done   [STAGES-1:0]      stage s has finished its vector (ignored while empty)
//   in_full                        the input collector holds a whole vector
//   in_partial                     the collector holds part of a vector (qn_axis_in partial)
//   out_busy                       the output sender cannot take a vector this cycle
//   handover                       pulse: the hand-over happens this cycle
//   stage_valid  [STAGES-1:0]      stage s holds a vector (registered)
//   start        [STAGES-1:0]      pulse: stage s receives a vector and starts on it
//   out_load                       pulse: the last stage's results go to the output sender
//   in_take                        pulse: the collector's vector goes to stage 0

module qn_sync #(
    parameter integer STAGES = 1    // pipeline stages (layers), >= 1
) (
    input  wire              clk,
    input  wire              rst,

    input  wire [STAGES-1:0] stage_done,
    input  wire              in_full,
    input  wire              in_partial,
    input  wire              out_busy,

    output wire              handover,
    output reg  [STAGES-1:0] stage_valid,
    output wire [STAGES-1:0] start,
    output wire              out_load,
    output wire              in_take
);

    initial begin
        if (STAGES < 1) begin
            $display("qn_sync: STAGES (%0d) must be >= 1", STAGES);
            $finish;
        end
    end

    localparam [STAGES-1:0] NONE = {STAGES{1'b0}};

    // The valid bits after a hand-over: shifted one stage on, the
    // collector's vector (if any) entering stage 0.
    wire [STAGES-1:0] shifted;
    generate
        if (STAGES > 1) begin : g_shift
            assign shifted = {stage_valid[STAGES-2:0], in_full};
        end else begin : g_single
            assign shifted = in_full;
        end
    endgenerate

    wire stages_done = &(stage_done | ~stage_valid);
    wire out_free    = !stage_valid[STAGES-1] || !out_busy;
    wire drain       = (stage_valid != NONE) && !in_partial;

    assign handover = stages_done && out_free && (in_full || drain);
    assign start    = handover ? shifted : NONE;
    assign out_load = handover && stage_valid[STAGES-1];
    assign in_take  = handover && in_full;

    always @(posedge clk) begin
        if (rst)
            stage_valid <= NONE;
        else if (handover)
            stage_valid <= shifted;
    end

endmodule

`resetall
