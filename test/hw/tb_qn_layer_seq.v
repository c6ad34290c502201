`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_layer_seq - qn_layer_seq: RUNS runs of a GROUPS x WORDS layer.
//
// The lanes are modelled as delay lines: acc_valid is mac_valid && mac_last
// delayed by ACC_DELAY cycles, wr_valid is acc_valid delayed by WR_DELAY.
// The input buffer's `avail` is high in odd runs, random in even ones.
// Checks, cycle by cycle: the issue stream (G*K words, addresses g*K + k in
// order, only in cycles with avail, in every cycle with avail from the one
// after start to the last word), the mac_* stream one cycle behind it, the
// group counters at every result pulse (counting on across runs, whose
// results overlap the next run's issue), and that done falls at start and
// rises in the cycle after the last issue. Runs start in the cycle done
// rises (as qn_sync does it) or a few cycles later.

module tb_qn_layer_seq;

    parameter integer GROUPS    = 3;
    parameter integer WORDS     = 4;
    parameter integer ACC_DELAY = 2;
    parameter integer WR_DELAY  = 1;
    parameter integer RUNS      = 6;

    localparam integer GROUP_BITS = (GROUPS > 1) ? $clog2(GROUPS) : 1;
    localparam integer WORD_BITS  = (WORDS > 1) ? $clog2(WORDS) : 1;
    localparam integer ADDR_BITS  = (GROUPS * WORDS > 1) ? $clog2(GROUPS * WORDS) : 1;
    localparam integer ISSUES     = GROUPS * WORDS;

    reg                   clk = 1'b0;
    reg                   rst = 1'b1;
    reg                   start = 1'b0;
    reg                   avail = 1'b1;
    wire                  rd_en;
    wire [ADDR_BITS-1:0]  rd_addr;
    wire [WORD_BITS-1:0]  rd_word;
    wire [GROUP_BITS-1:0] rd_group;
    wire                  mac_valid, mac_first, mac_last;
    wire [GROUP_BITS-1:0] mac_group;
    wire [GROUP_BITS-1:0] acc_group, wr_group;
    wire                  done;

    reg [ACC_DELAY-1:0] acc_pipe = {ACC_DELAY{1'b0}};
    reg [WR_DELAY-1:0]  wr_pipe = {WR_DELAY{1'b0}};
    wire acc_valid = acc_pipe[ACC_DELAY-1];
    wire wr_valid  = wr_pipe[WR_DELAY-1];

    always #5 clk = !clk;

    qn_layer_seq #(
        .GROUPS (GROUPS),
        .WORDS  (WORDS)
    ) dut (
        .clk       (clk),
        .rst       (rst),
        .start     (start),
        .avail     (avail),
        .rd_en     (rd_en),
        .rd_addr   (rd_addr),
        .rd_word   (rd_word),
        .rd_group  (rd_group),
        .mac_valid (mac_valid),
        .mac_first (mac_first),
        .mac_last  (mac_last),
        .mac_group (mac_group),
        .acc_valid (acc_valid),
        .acc_group (acc_group),
        .wr_valid  (wr_valid),
        .wr_group  (wr_group),
        .done      (done)
    );

    // The lanes: fixed delays.
    generate
        if (ACC_DELAY > 1) begin : g_acc_delay
            always @(posedge clk)
                acc_pipe <= {acc_pipe[ACC_DELAY-2:0], mac_valid && mac_last};
        end else begin : g_acc_reg
            always @(posedge clk)
                acc_pipe <= mac_valid && mac_last;
        end
        if (WR_DELAY > 1) begin : g_wr_delay
            always @(posedge clk)
                wr_pipe <= {wr_pipe[WR_DELAY-2:0], acc_valid};
        end else begin : g_wr_reg
            always @(posedge clk)
                wr_pipe <= acc_valid;
        end
    endgenerate

    integer errors = 0;
    integer cycle = 0;
    integer runs_started = 0;
    integer start_cycle = -100;
    integer issued = 0;             // words issued in this run
    integer macs = 0;               // words seen on mac_*, all runs
    integer accs = 0, wrs = 0;      // result pulses, all runs
    integer last_issue_cycle = -100;
    reg     prev_rd_en = 1'b0;
    reg [ADDR_BITS-1:0]  prev_addr;
    reg [WORD_BITS-1:0]  prev_word;
    reg [GROUP_BITS-1:0] prev_group;

    task fail;
        input [8*64-1:0] what;
        begin
            if (errors < 20)
                $display("ERROR: cycle %0d (run %0d): %0s", cycle, runs_started, what);
            errors = errors + 1;
        end
    endtask

    // Monitor: all checks on the values before each clock edge.
    always @(posedge clk) begin
        if (!rst) begin
            // issue stream
            if (rd_en) begin
                if (!avail || issued >= ISSUES || cycle <= start_cycle)
                    fail("rd_en without avail, or past the vector");
                if (rd_addr != issued || rd_word != issued % WORDS || rd_group != issued / WORDS)
                    fail("rd_addr / rd_word / rd_group");
                issued = issued + 1;
                if (issued == ISSUES)
                    last_issue_cycle = cycle;
            end else if (avail && cycle > start_cycle && issued < ISSUES && runs_started > 0) begin
                fail("rd_en low with avail while words are left");
            end
            // mac stream: the issue stream one cycle later
            if (mac_valid !== prev_rd_en)
                fail("mac_valid is not rd_en delayed");
            if (mac_valid) begin
                if (mac_group != prev_group || mac_first != (prev_word == 0) ||
                    mac_last != (prev_word == WORDS - 1))
                    fail("mac_first / mac_last / mac_group");
                macs = macs + 1;
            end
            prev_rd_en = rd_en;
            prev_addr  = rd_addr;
            prev_word  = rd_word;
            prev_group = rd_group;
            // result counters: they count on across runs
            if (acc_valid) begin
                if (acc_group != accs % GROUPS)
                    fail("acc_group");
                accs = accs + 1;
            end
            if (wr_valid) begin
                if (wr_group != wrs % GROUPS)
                    fail("wr_group");
                wrs = wrs + 1;
            end
            // done: low from the cycle after start to the last issue
            if (done !== (runs_started == 0 || cycle <= start_cycle ||
                          (issued == ISSUES && cycle > last_issue_cycle)))
                fail("done is not low from start to the last issue");
        end
    end

    // avail: always in odd runs, random in even ones.
    always @(negedge clk)
        avail <= (runs_started % 2 == 1) || ($random & 1);

    always @(posedge clk)
        cycle <= cycle + 1;

    // Driver: start in the cycle done rises, or 1..3 cycles later.
    integer wait_cycles;
    initial begin
        repeat (3) @(negedge clk);
        rst = 1'b0;
        @(negedge clk);
        while (runs_started < RUNS) begin
            wait_cycles = (runs_started % 2 == 0) ? 0 : 1 + (runs_started % 3);
            while (!done) @(negedge clk);
            repeat (wait_cycles) @(negedge clk);
            if (runs_started > 0 && issued != ISSUES)
                fail("run incomplete when done");
            start = 1'b1;
            start_cycle = cycle;
            issued = 0;
            runs_started = runs_started + 1;
            @(negedge clk);
            start = 1'b0;
            if (done)
                fail("done not cleared by start");
            @(negedge clk);
        end
        while (!done) @(negedge clk);
        if (last_issue_cycle + 1 != cycle)
            fail("done did not rise right after the last issue");
        repeat (ACC_DELAY + WR_DELAY + 3) @(negedge clk);
        if (issued != ISSUES || macs != ISSUES * RUNS || accs != GROUPS * RUNS ||
            wrs != GROUPS * RUNS)
            fail("runs incomplete");
        if (rd_en || mac_valid)
            fail("activity after the last run");

        if (errors == 0)
            $display("PASS: qn_layer_seq GROUPS=%0d WORDS=%0d, %0d runs", GROUPS, WORDS, RUNS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #1000000;
        $display("FAIL: timeout");
        $finish;
    end

endmodule

`resetall
