`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_axis_in - qn_axis_in feeding a qn_act_buf (CHUNK = PER_BEAT), read
// by a model layer WORD elements at a time, as in a generated design.
//
// The source sends random vectors as beats (padding filled with noise).
// The reader takes a vector when the buffer's claims count one beyond the
// vector it holds, reads its WORDS words one or two times over (a layer
// reads its input once per neuron group), then releases it. Every word
// read is checked element by element (zeros past N). Phase 1: tvalid
// always high, the reader reads every word as soon as rd_ready allows and
// releases at once: no beat may stall (when the reader can keep up: at
// least 2 beats a vector, no more words than beats), and rd_ready must be high for a
// word as soon as the beats it needs have been taken (in the cycle after
// the last of them). Phase 2: random tvalid, random reader delays. Phase
// 3: a vector with tlast early, then one with tlast missing: frame_error
// must be low before and high (sticky) after. tready must never change
// between clock edges (it comes from registers).

module tb_qn_axis_in;

    parameter integer N        = 5;
    parameter integer BITS     = 8;
    parameter integer PER_BEAT = 2;
    parameter integer WORD     = 3;
    parameter integer VECTORS  = 40;

    localparam integer BEATS      = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS  = PER_BEAT * BITS;
    localparam integer WORDS      = (N + WORD - 1) / WORD;
    localparam integer COUNT_BITS = (BEATS > 1) ? $clog2(BEATS) : 1;

    reg                   clk = 1'b0;
    reg                   rst = 1'b1;
    reg  [BEAT_BITS-1:0]  tdata = {BEAT_BITS{1'b0}};
    reg                   tvalid = 1'b0;
    reg                   tlast = 1'b0;
    wire                  tready;
    wire                  room, wr_en, claim;
    wire [COUNT_BITS-1:0] wr_beat;
    wire [BEAT_BITS-1:0]  wr_data;
    wire                  frame_error;
    wire [1:0]            claims;
    wire                  rd_ready;
    reg                   rd_en = 1'b0;
    reg                   rd_release = 1'b0;
    wire [WORD*BITS-1:0]  word;

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
        .room          (room),
        .wr_en         (wr_en),
        .wr_beat       (wr_beat),
        .wr_data       (wr_data),
        .claim         (claim),
        .frame_error   (frame_error)
    );

    qn_act_buf #(
        .N     (N),
        .BITS  (BITS),
        .CHUNK (PER_BEAT),
        .WORD  (WORD)
    ) u_buf (
        .clk        (clk),
        .rst        (rst),
        .wr_en      (wr_en),
        .wr_chunk   (wr_beat),
        .wr_data    (wr_data),
        .wr_room    (room),
        .claim      (claim),
        .claims     (claims),
        .rd_ready   (rd_ready),
        .rd_en      (rd_en),
        .word       (word),
        .rd_release (rd_release)
    );

    localparam integer TOTAL = 2 * VECTORS + 2;
    reg [N*BITS-1:0] vectors [0:TOTAL-1];

    integer errors = 0;
    integer cycle = 0;
    integer i, b, e;

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

    // --------------------------------------------------------------- source
    integer src_vec = 0;
    integer src_beat = 0;
    integer src_stop = 0;           // send vectors below this index
    integer src_rate = 0;           // 0: always valid, else 1 in src_rate idle
    integer bad_tlast = -1;         // vector to send with wrong tlast
    integer stalls = 0;             // cycles with tvalid and !tready
    integer taken = 0;              // beats taken, all vectors

    task set_beat;
        integer idx;
        begin
            for (e = 0; e < PER_BEAT; e = e + 1) begin
                idx = src_beat * PER_BEAT + e;
                if (idx < N)
                    tdata[e*BITS +: BITS] = vectors[src_vec][idx*BITS +: BITS];
                else
                    tdata[e*BITS +: BITS] = $random;  // padding: ignored
            end
            tlast = (src_beat == BEATS - 1);
            if (src_vec == bad_tlast)
                tlast = !tlast;
        end
    endtask

    reg hs = 1'b0;                  // a handshake at the last rising edge

    always @(negedge clk) begin
        if (!rst) begin
            if (hs) begin
                src_beat = src_beat + 1;
                if (src_beat == BEATS) begin
                    src_beat = 0;
                    src_vec = src_vec + 1;
                end
            end
            if (src_vec < src_stop && (src_rate == 0 || ($random % src_rate) != 0)) begin
                tvalid = 1'b1;
                set_beat;
            end else begin
                tvalid = 1'b0;
            end
        end
    end

    // tready from registers: it must not change between clock edges.
    reg tready_at_edge;
    always @(posedge clk) begin
        hs = !rst && tvalid && tready;
        if (!rst && tvalid && !tready)
            stalls = stalls + 1;
        if (hs)
            taken = taken + 1;
        #1 tready_at_edge = tready;
    end
    always @(negedge clk)
        if (!rst && tready !== tready_at_edge)
            fail("tready changed between clock edges");

    // --------------------------------------------------------------- reader
    integer rd_vec = 0;             // the vector being read
    integer rd_word = 0;            // its next word
    integer passes = 1;             // times it is read
    integer pass = 0;
    integer holding = 0;
    integer delay = 0;              // random reader stall, phase 2
    integer fast = 1;
    integer need_beat;              // the last beat the next word needs
    reg     want, read_now;

    // Drive rd_en / rd_release after the negedge (rd_ready is settled) so
    // that the reader reacts in the same cycle, as qn_layer_seq does.
    always @(negedge clk) begin
        #2;
        rd_en = 1'b0;
        rd_release = 1'b0;
        if (!rst) begin
            if (!holding && claims > 0) begin
                holding = 1;
                rd_word = 0;
                pass = 0;
                passes = fast ? 1 : 1 + ({$random} % 2);
            end
            if (holding) begin
                want = fast || delay == 0;
                if (!fast && delay > 0)
                    delay = delay - 1;
                if (pass == passes) begin
                    if (want) begin
                        rd_release = 1'b1;
                        holding = 0;
                        delay = fast ? 0 : {$random} % 4;
                    end
                end else if (want) begin
                    // In phase 1 the word must be ready once its beats are in.
                    need_beat = rd_vec * BEATS +
                                (((rd_word + 1) * WORD > N ? N : (rd_word + 1) * WORD) - 1) / PER_BEAT;
                    if (fast && pass == 0 && need_beat < taken && !rd_ready)
                        fail("rd_ready late for a word whose beats are in");
                    read_now = rd_ready;
                    if (read_now) begin
                        rd_en = 1'b1;
                        delay = fast ? 0 : (({$random} % 3 == 0) ? 1 + {$random} % 3 : 0);
                        // At full rate the last read also releases.
                        if (fast && rd_word == WORDS - 1) begin
                            rd_release = 1'b1;
                            holding = 0;
                        end
                    end
                end
            end
        end
    end

    // Check each word one edge after it is read.
    integer chk_vec, chk_word, got_w, want_w, idx;
    reg     chk = 1'b0;
    always @(posedge clk) begin
        if (chk) begin
            for (e = 0; e < WORD; e = e + 1) begin
                idx = chk_word * WORD + e;
                want_w = (idx < N) ? vectors[chk_vec][idx*BITS +: BITS] : 0;
                got_w = word[e*BITS +: BITS];
                if (got_w != want_w) begin
                    if (errors < 20)
                        $display("ERROR: vector %0d word %0d element %0d: got %0h, want %0h",
                                 chk_vec, chk_word, e, got_w, want_w);
                    errors = errors + 1;
                end
            end
        end
        chk = rd_en;
        if (rd_en) begin
            chk_vec = rd_vec;
            chk_word = rd_word;
            rd_word = rd_word + 1;
            if (rd_word == WORDS) begin
                rd_word = 0;
                pass = pass + 1;
            end
        end
        if (rd_release)
            rd_vec = rd_vec + 1;
    end

    initial begin
        for (i = 0; i < TOTAL; i = i + 1)
            for (b = 0; b < N; b = b + 1)
                vectors[i][b*BITS +: BITS] = $random;
        repeat (3) @(negedge clk);
        rst = 1'b0;

        // Phase 1: full rate.
        src_stop = VECTORS;
        wait (rd_vec == VECTORS);
        // The reader keeps up with the stream when it reads no more words
        // than there are beats (and a vector has two beats or more, for
        // the cycle in which it takes a vector and the one it releases it).
        if (stalls != 0 && BEATS >= 2 && WORDS <= BEATS)
            fail("stalls at full rate");
        if (frame_error)
            fail("frame_error with good framing");

        // Phase 2: random source and reader.
        fast = 0;
        src_rate = 3;
        src_stop = 2 * VECTORS;
        wait (rd_vec == 2 * VECTORS);
        if (frame_error)
            fail("frame_error with good framing");

        // Phase 3: bad framing.
        bad_tlast = 2 * VECTORS;
        src_stop = 2 * VECTORS + 1;
        wait (rd_vec == 2 * VECTORS + 1);
        repeat (2) @(negedge clk);
        if (!frame_error)
            fail("frame_error not set by a bad tlast");
        bad_tlast = -1;
        src_stop = TOTAL;
        wait (rd_vec == TOTAL);
        if (!frame_error)
            fail("frame_error not sticky");

        if (errors == 0)
            $display("PASS: qn_axis_in N=%0d BITS=%0d PER_BEAT=%0d WORD=%0d, %0d vectors",
                     N, BITS, PER_BEAT, WORD, TOTAL);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL: timeout (%0d vectors read)", rd_vec);
        $finish;
    end

endmodule

`resetall
