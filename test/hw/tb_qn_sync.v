`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_sync - qn_sync with STAGES model stages, a model input buffer and
// a model output buffer, all with random timing.
//
// Tokens 0, 1, 2, ... begin arriving at the input buffer (in_claims counts
// those begun and not yet retired by stage 0); a stage given a token by a
// start pulse works on it for a random number of cycles (stage_done, a
// register, is low meanwhile); the last stage's start claims the output
// buffer, which sends the token some random time after the stage retires
// it (out_claims). Checks: the valid bits follow the model; a hand-over
// never happens while a stage holding a token is busy, never starts the
// last stage while two tokens are claimed at the output, never happens with
// no token anywhere; start goes to exactly the stages that receive a token
// (stage 0 only when a token has begun arriving beyond the one it holds),
// retire to exactly those that hold one; tokens leave in order; every
// token gets through (the pipeline drains when the input stops); with no
// waiting anywhere a possible hand-over is never delayed.

module tb_qn_sync;

    parameter integer STAGES   = 3;
    parameter integer TOKENS   = 200;
    parameter integer MAX_WORK = 6;     // stage work: 1 .. MAX_WORK cycles

    reg               clk = 1'b0;
    reg               rst = 1'b1;
    reg  [STAGES-1:0] stage_done = {STAGES{1'b1}};
    reg  [1:0]        in_claims = 2'd0;
    reg  [1:0]        out_claims = 2'd0;
    wire              handover;
    wire [STAGES-1:0] stage_valid;
    wire [STAGES-1:0] start;
    wire [STAGES-1:0] retire;

    always #5 clk = !clk;

    qn_sync #(
        .STAGES (STAGES)
    ) dut (
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

    integer errors = 0;
    integer cycle = 0;
    integer fast = 0;               // 1: no random waiting anywhere

    integer begun = 0;              // tokens begun at the input
    integer in_wait = 0;
    integer tok [0:STAGES-1];       // the token stage s holds
    integer work [0:STAGES-1];      // cycles of work left
    reg     holds [0:STAGES-1];     // the model's own valid bits
    integer next_in = 0;            // next token stage 0 takes
    integer out_token = 0;          // next token expected out
    integer sending = 0;            // tokens retired by the last stage, not yet sent
    integer send_left = 0;          // cycles until the oldest of them is sent
    integer claimed_out = 0;        // tokens claimed at the output
    integer s;
    reg     in_next, all_done, any_vector, expect_start;

    always @(posedge clk)
        cycle <= cycle + 1;

    task fail;
        input [8*64-1:0] what;
        begin
            if (errors < 20)
                $display("ERROR: cycle %0d: %0s", cycle, what);
            errors = errors + 1;
        end
    endtask

    always @(posedge clk) begin
        if (rst) begin
            for (s = 0; s < STAGES; s = s + 1) begin
                work[s] = 0;
                holds[s] = 1'b0;
                tok[s] = -1;
            end
        end else begin
            // ---- checks on this cycle's outputs
            in_next = (begun - next_in) > 0;
            all_done = 1'b1;
            any_vector = 1'b0;
            for (s = 0; s < STAGES; s = s + 1) begin
                if (stage_valid[s] !== holds[s])
                    fail("stage_valid differs from the model");
                if (holds[s] && work[s] != 0)
                    all_done = 1'b0;
                if (holds[s])
                    any_vector = 1'b1;
            end
            if (handover) begin
                if (!all_done)
                    fail("hand-over while a stage is busy");
                if (!in_next && !any_vector)
                    fail("hand-over with nothing to move");
                for (s = 0; s < STAGES; s = s + 1) begin
                    expect_start = (s == 0) ? in_next : holds[s-1];
                    if (start[s] !== expect_start)
                        fail("start to the wrong stages");
                    if (retire[s] !== holds[s])
                        fail("retire to the wrong stages");
                end
                if (start[STAGES-1] && claimed_out >= 2)
                    fail("last stage started with the output taken");
            end else begin
                if (start !== {STAGES{1'b0}} || retire !== {STAGES{1'b0}})
                    fail("start / retire without a hand-over");
                // With no waiting, a possible hand-over must happen at once.
                expect_start = (STAGES == 1) ? in_next : holds[STAGES-2];
                if (fast && all_done && (in_next || any_vector) &&
                    !(expect_start && claimed_out >= 2))
                    fail("hand-over delayed");
            end

            // ---- the stages work; the output sends
            for (s = 0; s < STAGES; s = s + 1)
                if (work[s] > 0)
                    work[s] = work[s] - 1;
            if (sending > 0) begin
                if (send_left > 0) begin
                    send_left = send_left - 1;
                end else begin
                    sending = sending - 1;
                    claimed_out = claimed_out - 1;
                    out_token = out_token + 1;
                    send_left = fast ? 0 : ($random & 3);
                end
            end

            // ---- the hand-over moves the tokens
            if (handover) begin
                if (holds[STAGES-1]) begin
                    if (tok[STAGES-1] != out_token + sending)
                        fail("wrong token out");
                    sending = sending + 1;
                end
                if (start[STAGES-1])
                    claimed_out = claimed_out + 1;
                for (s = STAGES - 1; s > 0; s = s - 1) begin
                    tok[s] = tok[s-1];
                    holds[s] = holds[s-1];
                end
                holds[0] = in_next;
                tok[0] = in_next ? next_in : -1;
                if (in_next)
                    next_in = next_in + 1;
                for (s = 0; s < STAGES; s = s + 1)
                    if (start[s])
                        work[s] = fast ? 1 : 1 + ({$random} % MAX_WORK);
            end

            // ---- the input: a token begins after a random wait, at most
            // two begun and not taken past stage 0
            if (begun < TOKENS && begun - next_in + (holds[0] ? 1 : 0) < 2) begin
                if (fast || in_wait == 0) begin
                    begun = begun + 1;
                    in_wait = $random & 7;
                end else begin
                    in_wait = in_wait - 1;
                end
            end
        end

        // What the DUT sees next cycle (nonblocking: no race with it):
        // registers, like qn_layer_seq's done and qn_act_buf's claims.
        for (s = 0; s < STAGES; s = s + 1)
            stage_done[s] <= (work[s] == 0);
        in_claims <= begun - next_in + (holds[0] ? 1 : 0);
        out_claims <= claimed_out;
    end

    initial begin
        repeat (3) @(negedge clk);
        rst = 1'b0;
        wait (out_token == TOKENS / 2);
        fast = 1;
        wait (out_token == TOKENS);
        repeat (5) @(negedge clk);
        if (stage_valid !== {STAGES{1'b0}})
            fail("pipeline not empty at the end");
        if (errors == 0)
            $display("PASS: qn_sync STAGES=%0d, %0d tokens", STAGES, TOKENS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL: timeout (%0d tokens out)", out_token);
        $finish;
    end

endmodule

`resetall
