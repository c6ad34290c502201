`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_axis_out - qn_axis_out: VECTORS random vectors loaded and received
// as beats; every element, the zero padding, tlast and the beat count are
// checked.
//
// Phase 1 (full rate): tready always high, load in every cycle busy is low:
// the beats must follow each other without an idle cycle. Phase 2: random
// tready and random delays before load, and a load while busy (with other
// data) now and then, which must be ignored. tvalid, tdata and tlast must
// hold while tvalid && !tready (AXI4-Stream rule).

module tb_qn_axis_out;

    parameter integer N        = 5;
    parameter integer BITS     = 8;
    parameter integer PER_BEAT = 2;
    parameter integer VECTORS  = 40;

    localparam integer BEATS     = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS = PER_BEAT * BITS;
    localparam integer TOTAL     = 2 * VECTORS;

    reg                  clk = 1'b0;
    reg                  rst = 1'b1;
    reg                  load = 1'b0;
    reg  [N*BITS-1:0]    vec = {N*BITS{1'b0}};
    wire                 busy;
    wire [BEAT_BITS-1:0] tdata;
    wire                 tvalid;
    wire                 tlast;
    reg                  tready = 1'b0;

    always #5 clk = !clk;

    qn_axis_out #(
        .N        (N),
        .BITS     (BITS),
        .PER_BEAT (PER_BEAT)
    ) dut (
        .clk           (clk),
        .rst           (rst),
        .load          (load),
        .vec           (vec),
        .busy          (busy),
        .m_axis_tdata  (tdata),
        .m_axis_tvalid (tvalid),
        .m_axis_tlast  (tlast),
        .m_axis_tready (tready)
    );

    reg [N*BITS-1:0] vectors [0:TOTAL-1];

    integer errors = 0;
    integer cycle = 0;
    integer i, b, e;

    always @(posedge clk)
        cycle <= cycle + 1;

    // ------------------------------------------------------------- producer
    integer src_vec = 0;
    integer src_stop = 0;
    integer random_mode = 0;

    always @(negedge clk) begin
        load = 1'b0;
        vec = {N*BITS{1'b0}};
        for (b = 0; b < N*BITS; b = b + 1)
            vec[b] = $random;                   // noise when not loading
        if (!rst && src_vec < src_stop) begin
            #1;                                 // busy may follow tready
            if (!busy && (random_mode == 0 || ($random & 3) == 0)) begin
                load = 1'b1;
                vec = vectors[src_vec];
                src_vec = src_vec + 1;
            end else if (busy && random_mode != 0 && ($random & 3) == 0) begin
                load = 1'b1;                    // must be ignored
            end
        end
    end

    // ------------------------------------------------------------- receiver
    integer dst_vec = 0;
    integer dst_beat = 0;
    integer idle_between = 0;       // idle cycles between the first and last beat (phase 1)
    integer started = 0;
    reg [BEAT_BITS-1:0] want;
    reg                 held_valid = 1'b0;
    reg [BEAT_BITS-1:0] held_data;
    reg                 held_last;

    always @(posedge clk) begin
        if (!rst) begin
            // AXI: a beat offered and not taken must stay as it is.
            if (held_valid && (tvalid !== 1'b1 || tdata !== held_data || tlast !== held_last)) begin
                $display("ERROR: beat changed while waiting for tready");
                errors = errors + 1;
            end
            held_valid = tvalid && !tready;
            held_data  = tdata;
            held_last  = tlast;

            if (tvalid && tready) begin
                started = 1;
                for (e = 0; e < PER_BEAT; e = e + 1) begin
                    if (dst_beat * PER_BEAT + e < N)
                        want[e*BITS +: BITS] = vectors[dst_vec][(dst_beat*PER_BEAT + e)*BITS +: BITS];
                    else
                        want[e*BITS +: BITS] = {BITS{1'b0}};
                end
                if (tdata !== want || tlast !== (dst_beat == BEATS - 1)) begin
                    $display("ERROR: vector %0d beat %0d: tdata %h tlast %b, want %h %b",
                             dst_vec, dst_beat, tdata, tlast, want, dst_beat == BEATS - 1);
                    errors = errors + 1;
                end
                dst_beat = dst_beat + 1;
                if (dst_beat == BEATS) begin
                    dst_beat = 0;
                    dst_vec = dst_vec + 1;
                end
            end else if (started && dst_vec < VECTORS && random_mode == 0) begin
                idle_between = idle_between + 1;
            end
        end
    end

    always @(negedge clk)
        tready = (random_mode == 0) ? 1'b1 : (($random & 3) != 0);

    // ----------------------------------------------------------------- main
    initial begin
        for (i = 0; i < TOTAL; i = i + 1)
            for (b = 0; b < N*BITS; b = b + 1)
                vectors[i][b] = $random;

        repeat (3) @(negedge clk);
        rst = 1'b0;

        src_stop = VECTORS;
        wait (dst_vec == VECTORS);
        if (idle_between != 0) begin
            $display("ERROR: full rate: %0d idle cycles between beats", idle_between);
            errors = errors + 1;
        end

        @(negedge clk);
        random_mode = 1;
        src_stop = TOTAL;
        wait (dst_vec == TOTAL);
        repeat (BEATS + 3) @(negedge clk);
        if (tvalid !== 1'b0 || busy !== 1'b0) begin
            $display("ERROR: still sending after the last vector");
            errors = errors + 1;
        end

        if (errors == 0)
            $display("PASS: qn_axis_out N=%0d BITS=%0d PER_BEAT=%0d, %0d vectors",
                     N, BITS, PER_BEAT, TOTAL);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL: timeout (%0d vectors loaded, %0d received)", src_vec, dst_vec);
        $finish;
    end

endmodule

`resetall
