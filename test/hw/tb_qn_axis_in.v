`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_axis_in - qn_axis_in: VECTORS random vectors sent as beats (padding
// filled with noise), checked element by element when full.
//
// Phase 1 (full rate): tvalid always high, take in the first full cycle:
// every beat must be accepted without a stall (the skid register hides the
// hand-over). Phase 2: random tvalid, random delays before take; with
// SKID_TEST the consumer waits long enough that the skid register fills.
// Phase 3: a vector with tlast early, then one with tlast missing: frame_error
// must be low before and high (sticky) after. Throughout, `partial` must be
// high exactly when some but not all beats of a vector are in. tready must never depend on
// anything but registers (checked: it does not change between clock edges).

module tb_qn_axis_in;

    parameter integer N        = 5;
    parameter integer BITS     = 8;
    parameter integer PER_BEAT = 2;
    parameter integer VECTORS  = 40;

    localparam integer BEATS     = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS = PER_BEAT * BITS;

    reg                  clk = 1'b0;
    reg                  rst = 1'b1;
    reg  [BEAT_BITS-1:0] tdata = {BEAT_BITS{1'b0}};
    reg                  tvalid = 1'b0;
    reg                  tlast = 1'b0;
    wire                 tready;
    wire [N*BITS-1:0]    vec;
    wire                 full;
    wire                 partial;
    reg                  take = 1'b0;
    wire                 frame_error;

    always #5 clk = !clk;

    qn_axis_in #(
        .N        (N),
        .BITS     (BITS),
        .PER_BEAT (PER_BEAT)
    ) dut (
        .clk           (clk),
        .rst           (rst),
        .s_axis_tdata  (tdata),
        .s_axis_tvalid (tvalid),
        .s_axis_tlast  (tlast),
        .s_axis_tready (tready),
        .vec           (vec),
        .full          (full),
        .partial       (partial),
        .take          (take),
        .frame_error   (frame_error)
    );

    // The vectors: 3 phases' worth.
    localparam integer TOTAL = 2 * VECTORS + 2;
    reg [N*BITS-1:0] vectors [0:TOTAL-1];

    integer errors = 0;
    integer cycle = 0;
    integer i, b;

    always @(posedge clk)
        cycle <= cycle + 1;

    // --------------------------------------------------------------- source
    integer src_vec = 0;
    integer src_beat = 0;
    integer src_stop = 0;           // send vectors below this index
    integer src_rate = 0;           // 0: always valid, else 1 in src_rate idle
    integer bad_tlast = -1;         // vector to send with wrong tlast
    integer stalls = 0;             // cycles with tvalid and !tready
    integer first_hs = -1, last_hs = -1;

    task set_beat;
        integer e, idx;
        begin
            for (e = 0; e < PER_BEAT; e = e + 1) begin
                idx = src_beat * PER_BEAT + e;
                if (idx < N)
                    tdata[e*BITS +: BITS] = vectors[src_vec][idx*BITS +: BITS];
                else
                    tdata[e*BITS +: BITS] = $random;     // padding: must be ignored
            end
            tlast = (src_beat == BEATS - 1);
            if (src_vec == bad_tlast)
                tlast = (BEATS == 1) ? 1'b0 : (src_beat == 0);   // missing or early
        end
    endtask

    // Drive at negedge, sample handshakes at posedge. Beats of the vector
    // being collected: src_beat, unless a whole vector waits (full).
    always @(posedge clk) begin
        if (!rst && partial !== (!full && src_beat != 0)) begin
            $display("ERROR: partial is %b with %0d beats in, full %b", partial, src_beat, full);
            errors = errors + 1;
        end
        if (!rst && tvalid && tready) begin
            if (first_hs < 0)
                first_hs = cycle;
            last_hs = cycle;
            src_beat = src_beat + 1;
            if (src_beat == BEATS) begin
                src_beat = 0;
                src_vec = src_vec + 1;
            end
        end else if (!rst && tvalid) begin
            stalls = stalls + 1;
        end
    end

    always @(negedge clk) begin
        if (!rst && src_vec < src_stop && (src_rate == 0 || ($random % src_rate) != 0)) begin
            tvalid = 1'b1;
            set_beat;
        end else begin
            tvalid = 1'b0;
            tdata = $random;
        end
    end

    // tready must not change between clock edges (it comes from registers).
    reg tready_at_edge;
    always @(posedge clk) #1 tready_at_edge = tready;
    always @(negedge clk) begin
        #4;
        if (!rst && tready !== tready_at_edge) begin
            $display("ERROR: tready changed between clock edges");
            errors = errors + 1;
        end
    end

    // ------------------------------------------------------------- consumer
    integer dst_vec = 0;
    integer take_wait = 0;          // 0: take in the first full cycle
    integer waited = 0;

    always @(negedge clk) begin
        take = 1'b0;
        if (!rst && full) begin
            if (waited >= take_wait) begin
                if (vec !== vectors[dst_vec]) begin
                    $display("ERROR: vector %0d: got %h, want %h", dst_vec, vec, vectors[dst_vec]);
                    errors = errors + 1;
                end
                take = 1'b1;
                dst_vec = dst_vec + 1;
                waited = 0;
                take_wait = (src_rate == 0) ? 0 : ($random & 3);
            end else begin
                waited = waited + 1;
            end
        end
    end

    // ----------------------------------------------------------------- main
    initial begin
        for (i = 0; i < TOTAL; i = i + 1)
            for (b = 0; b < N*BITS; b = b + 1)
                vectors[i][b] = $random;

        repeat (3) @(negedge clk);
        rst = 1'b0;

        // Phase 1: full rate.
        src_stop = VECTORS;
        wait (dst_vec == VECTORS);
        if (stalls != 0 || last_hs - first_hs != VECTORS * BEATS - 1) begin
            $display("ERROR: full rate: %0d stalls, %0d beats in %0d cycles",
                     stalls, VECTORS * BEATS, last_hs - first_hs + 1);
            errors = errors + 1;
        end

        // Phase 2: random valid, random take delays.
        @(negedge clk);
        src_rate = 3;
        src_stop = 2 * VECTORS;
        wait (dst_vec == 2 * VECTORS);
        repeat (3) @(negedge clk);
        if (frame_error !== 1'b0) begin
            $display("ERROR: frame_error without a framing error");
            errors = errors + 1;
        end

        // Phase 3: bad tlast on the next vector.
        bad_tlast = 2 * VECTORS;
        src_stop = 2 * VECTORS + 1;
        wait (dst_vec == 2 * VECTORS + 1);
        repeat (2) @(negedge clk);
        if (frame_error !== 1'b1) begin
            $display("ERROR: frame_error not set by a wrong tlast");
            errors = errors + 1;
        end
        // It stays set after a good vector.
        src_stop = 2 * VECTORS + 2;
        wait (dst_vec == 2 * VECTORS + 2);
        repeat (2) @(negedge clk);
        if (frame_error !== 1'b1) begin
            $display("ERROR: frame_error is not sticky");
            errors = errors + 1;
        end

        if (errors == 0)
            $display("PASS: qn_axis_in N=%0d BITS=%0d PER_BEAT=%0d, %0d vectors",
                     N, BITS, PER_BEAT, TOTAL);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL: timeout (%0d vectors in, %0d out)", src_vec, dst_vec);
        $finish;
    end

endmodule

`resetall
