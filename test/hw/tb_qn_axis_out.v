`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_axis_out - a qn_act_buf (WORD = PER_BEAT) written by a model last
// layer CHUNK elements at a time, sent by qn_axis_out, as in a generated
// design.
//
// The writer claims the buffer for a vector (at most two claimed and not
// sent, as qn_sync keeps it) and writes its chunks in order, with random
// gaps; lanes past N carry noise, which must not show. Every beat received
// is checked: each element, the zero padding, tlast, the beat count.
// Phase 1: tready always high, chunks back to back: the beats of a vector
// must follow each other without an idle cycle once their elements are in,
// and a beat must be presented two cycles after the chunk that completes
// it is written. Phase 2: random tready and random writer gaps. tvalid,
// tdata and tlast must hold while tvalid && !tready (AXI4-Stream rule).

module tb_qn_axis_out;

    parameter integer N        = 5;
    parameter integer BITS     = 8;
    parameter integer PER_BEAT = 2;
    parameter integer CHUNK    = 3;
    parameter integer VECTORS  = 40;

    localparam integer BEATS      = (N + PER_BEAT - 1) / PER_BEAT;
    localparam integer BEAT_BITS  = PER_BEAT * BITS;
    localparam integer CHUNKS     = (N + CHUNK - 1) / CHUNK;
    localparam integer CHUNK_BITS = (CHUNKS > 1) ? $clog2(CHUNKS) : 1;
    localparam integer TOTAL      = 2 * VECTORS;

    reg                   clk = 1'b0;
    reg                   rst = 1'b1;
    reg                   wr_en = 1'b0;
    reg  [CHUNK_BITS-1:0] wr_chunk = {CHUNK_BITS{1'b0}};
    reg  [CHUNK*BITS-1:0] wr_data = {CHUNK*BITS{1'b0}};
    reg                   claim = 1'b0;
    wire [1:0]            claims;
    wire                  wr_room;
    wire                  ready, rd_en, rd_release;
    wire [BEAT_BITS-1:0]  word;
    wire [BEAT_BITS-1:0]  tdata;
    wire                  tvalid, tlast;
    reg                   tready = 1'b1;

    always #5 clk = !clk;

    qn_act_buf #(
        .N     (N),
        .BITS  (BITS),
        .CHUNK (CHUNK),
        .WORD  (PER_BEAT)
    ) u_buf (
        .clk        (clk),
        .rst        (rst),
        .wr_en      (wr_en),
        .wr_chunk   (wr_chunk),
        .wr_data    (wr_data),
        .wr_room    (wr_room),
        .claim      (claim),
        .claims     (claims),
        .rd_ready   (ready),
        .rd_en      (rd_en),
        .word       (word),
        .rd_release (rd_release)
    );

    qn_axis_out #(
        .N        (N),
        .BITS     (BITS),
        .PER_BEAT (PER_BEAT)
    ) dut (
        .clk           (clk),
        .rst           (rst),
        .ready         (ready),
        .rd_en         (rd_en),
        .rd_release    (rd_release),
        .word          (word),
        .m_axis_tdata  (tdata),
        .m_axis_tvalid (tvalid),
        .m_axis_tlast  (tlast),
        .m_axis_tready (tready)
    );

    reg [N*BITS-1:0] vectors [0:TOTAL-1];

    integer errors = 0;
    integer cycle = 0;
    integer i, e, idx;

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

    // --------------------------------------------------------------- writer
    integer fast = 1;
    integer wr_vec = 0;             // vector being written
    integer wr_next = 0;            // its next chunk
    integer claimed = 0;            // vectors claimed
    integer stop = 0;               // write vectors below this index
    integer beat_due [0:TOTAL*BEATS-1];   // cycle each beat's elements are all in

    always @(negedge clk) begin
        wr_en = 1'b0;
        claim = 1'b0;
        if (!rst) begin
            // Claim the next vector when fewer than two are outstanding.
            if (claimed < stop && claimed == wr_vec && claims < 2) begin
                claim = 1'b1;
                claimed = claimed + 1;
            end else if (wr_vec < claimed && (fast || ($random & 3) != 0)) begin
                if (!wr_room)
                    fail("writing into a full buffer");
                wr_en = 1'b1;
                wr_chunk = wr_next;
                for (e = 0; e < CHUNK; e = e + 1) begin
                    idx = wr_next * CHUNK + e;
                    wr_data[e*BITS +: BITS] = (idx < N) ? vectors[wr_vec][idx*BITS +: BITS]
                                                        : $random;
                end
                // Beats whose last element is in this chunk are due.
                for (i = 0; i < BEATS; i = i + 1) begin
                    idx = ((i + 1) * PER_BEAT > N ? N : (i + 1) * PER_BEAT) - 1;
                    if (idx / CHUNK == wr_next)
                        beat_due[wr_vec * BEATS + i] = cycle;
                end
                wr_next = wr_next + 1;
                if (wr_next == CHUNKS) begin
                    wr_next = 0;
                    wr_vec = wr_vec + 1;
                end
            end
        end
    end

    // ------------------------------------------------------------- receiver
    integer rx_vec = 0, rx_beat = 0;
    integer got, want;
    integer last_rx_cycle = -10;
    reg                 held_valid = 1'b0;
    reg [BEAT_BITS-1:0] held_data;
    reg                 held_last;

    always @(negedge clk)
        if (!rst)
            tready = fast ? 1'b1 : (($random & 3) != 0);

    always @(posedge clk) begin
        if (!rst) begin
            if (held_valid && (tvalid !== 1'b1 || tdata !== held_data || tlast !== held_last))
                fail("tvalid/tdata/tlast changed while not ready");
            held_valid = tvalid && !tready;
            held_data = tdata;
            held_last = tlast;
            if (tvalid && tready) begin
                for (e = 0; e < PER_BEAT; e = e + 1) begin
                    idx = rx_beat * PER_BEAT + e;
                    want = (idx < N) ? vectors[rx_vec][idx*BITS +: BITS] : 0;
                    got = tdata[e*BITS +: BITS];
                    if (got != want) begin
                        if (errors < 20)
                            $display("ERROR: vector %0d element %0d: got %0h, want %0h",
                                     rx_vec, idx, got, want);
                        errors = errors + 1;
                    end
                end
                if (tlast !== (rx_beat == BEATS - 1))
                    fail("tlast");
                // At full rate: two cycles after the beat's last chunk, or
                // right after the previous beat.
                if (fast && cycle != beat_due[rx_vec * BEATS + rx_beat] + 2 &&
                    cycle != last_rx_cycle + 1)
                    fail("beat late");
                last_rx_cycle = cycle;
                rx_beat = rx_beat + 1;
                if (rx_beat == BEATS) begin
                    rx_beat = 0;
                    rx_vec = rx_vec + 1;
                end
            end
        end
    end

    initial begin
        for (i = 0; i < TOTAL; i = i + 1)
            for (e = 0; e < N; e = e + 1)
                vectors[i][e*BITS +: BITS] = $random;
        repeat (3) @(negedge clk);
        rst = 1'b0;

        stop = VECTORS;
        wait (rx_vec == VECTORS);
        fast = 0;
        stop = TOTAL;
        wait (rx_vec == TOTAL);
        repeat (4) @(negedge clk);
        if (tvalid)
            fail("tvalid after the last vector");

        if (errors == 0)
            $display("PASS: qn_axis_out N=%0d BITS=%0d PER_BEAT=%0d CHUNK=%0d, %0d vectors",
                     N, BITS, PER_BEAT, CHUNK, TOTAL);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL: timeout (%0d vectors out)", rx_vec);
        $finish;
    end

endmodule

`resetall
