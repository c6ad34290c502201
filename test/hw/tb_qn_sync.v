`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_sync - qn_sync with STAGES model stages, a model collector and a
// model sender, all with random timing.
//
// Tokens 0, 1, 2, ... enter through the collector; stage s works on its
// input register x[s] for a random number of cycles and then writes
// y[s] = x[s] + 1; the sender takes y[last]. At every hand-over the
// testbench moves the registers as the README says. Checks: tokens leave in
// order with value token + STAGES; a hand-over never happens while a stage
// holding a vector is busy, nor while the sender is busy with a vector
// waiting in the last stage, nor to drain while the collector is partly
// filled; start goes exactly to the stages that receive
// a vector; every token gets through (the pipeline drains when the input
// stops); with no waiting anywhere a hand-over happens in the very cycle
// the last stage finishes.

module tb_qn_sync;

    parameter integer STAGES   = 3;
    parameter integer TOKENS   = 200;
    parameter integer MAX_WORK = 6;     // stage work: 1 .. MAX_WORK cycles

    reg               clk = 1'b0;
    reg               rst = 1'b1;
    reg  [STAGES-1:0] stage_done = {STAGES{1'b1}};
    reg               in_full = 1'b0;
    reg               in_partial = 1'b0;
    reg               out_busy = 1'b0;
    wire              handover;
    wire [STAGES-1:0] stage_valid;
    wire [STAGES-1:0] start;
    wire              out_load;
    wire              in_take;

    always #5 clk = !clk;

    qn_sync #(
        .STAGES (STAGES)
    ) dut (
        .clk         (clk),
        .rst         (rst),
        .stage_done  (stage_done),
        .in_full     (in_full),
        .in_partial  (in_partial),
        .out_busy    (out_busy),
        .handover    (handover),
        .stage_valid (stage_valid),
        .start       (start),
        .out_load    (out_load),
        .in_take     (in_take)
    );

    integer errors = 0;
    integer cycle = 0;
    integer fast = 0;               // 1: no random waiting anywhere

    integer in_token = 0;           // next token the collector fills
    integer in_wait = 0;
    integer x [0:STAGES-1];         // stage input registers
    integer y [0:STAGES-1];         // stage result registers
    integer x_at_start [0:STAGES-1];
    integer work [0:STAGES-1];      // cycles of work left
    reg     holds [0:STAGES-1];     // the model's own valid bits
    integer out_token = 0;          // next token expected at the sender
    integer send_left = 0;          // the sender's cycles of work left
    integer s;
    integer expect_start;
    reg     any_done_now, any_vector;

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
                x[s] = -1;
                y[s] = -1;
            end
        end else begin
            // ---- checks on this cycle's outputs
            for (s = 0; s < STAGES; s = s + 1)
                if (stage_valid[s] !== holds[s])
                    fail("stage_valid differs from the model");
            if (handover) begin
                for (s = 0; s < STAGES; s = s + 1)
                    if (holds[s] && work[s] != 0)
                        fail("hand-over while a stage is busy");
                if (holds[STAGES-1] && out_busy)
                    fail("hand-over while the sender is busy");
                if (!in_full && in_partial)
                    fail("draining hand-over while a vector is arriving");
                for (s = 0; s < STAGES; s = s + 1) begin
                    expect_start = (s == 0) ? in_full : holds[s-1];
                    if (start[s] !== expect_start)
                        fail("start to the wrong stages");
                end
                if (out_load !== holds[STAGES-1] || in_take !== in_full)
                    fail("out_load / in_take");
            end else begin
                if (start !== {STAGES{1'b0}} || out_load || in_take)
                    fail("start / out_load / in_take without a hand-over");
                // With no waiting, a possible hand-over must happen at once.
                any_done_now = 1'b1;
                any_vector = 1'b0;
                for (s = 0; s < STAGES; s = s + 1) begin
                    if (holds[s] && work[s] != 0)
                        any_done_now = 1'b0;
                    if (holds[s])
                        any_vector = 1'b1;
                end
                if (fast && any_done_now && !(holds[STAGES-1] && out_busy) &&
                    (in_full || (any_vector && !in_partial)))
                    fail("hand-over delayed");
            end

            // ---- the stages work
            for (s = 0; s < STAGES; s = s + 1) begin
                if (work[s] > 0) begin
                    if (x[s] != x_at_start[s])
                        fail("a stage's input changed while it worked");
                    work[s] = work[s] - 1;
                    if (work[s] == 0)
                        y[s] = x[s] + 1;
                end
            end
            if (send_left > 0)
                send_left = send_left - 1;

            // ---- the hand-over moves the registers
            if (handover) begin
                if (holds[STAGES-1]) begin
                    if (y[STAGES-1] != out_token + STAGES)
                        fail("wrong token out");
                    out_token = out_token + 1;
                    send_left = fast ? 1 : 1 + ($random & 3);
                end
                for (s = STAGES - 1; s > 0; s = s - 1) begin
                    x[s] = y[s-1];
                    holds[s] = holds[s-1];
                end
                x[0] = in_token;
                holds[0] = in_full;
                for (s = 0; s < STAGES; s = s + 1) begin
                    if (start[s]) begin
                        work[s] = fast ? 1 : 1 + ({$random} % MAX_WORK);
                        x_at_start[s] = x[s];
                    end
                end
                if (in_full)
                    in_token = in_token + 1;
            end
        end

        // What the DUT sees next cycle (nonblocking: no race with it).
        // stage_done is registered, like qn_layer_seq's; the sender is free
        // in its last cycle, like qn_axis_out.
        for (s = 0; s < STAGES; s = s + 1)
            stage_done[s] <= (work[s] == 0);
        out_busy <= (send_left > 1);
    end

    // The collector: full again after a random wait (none when fast), partly
    // filled now and then while it waits.
    always @(posedge clk) begin
        in_partial <= 1'b0;
        if (rst) begin
            in_full <= 1'b0;
        end else if (in_take || !in_full) begin
            if (in_token + (in_take ? 1 : 0) >= TOKENS) begin
                in_full <= 1'b0;
            end else if (fast || in_wait == 0) begin
                in_full <= 1'b1;
                in_wait = $random & 7;
            end else begin
                in_full <= 1'b0;
                in_partial <= (in_wait < 3) && !fast;
                in_wait = in_wait - 1;
            end
        end
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
