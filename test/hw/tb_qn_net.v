`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_net - the whole library put together as the generator is meant to
// (README "The generated design"): a two-layer network with AXI4-Stream in
// and out, qn_sync, and per layer a qn_layer_seq, qn_param_rom tables and
// LANES x (qn_weight_mem + qn_mac_lane + qn_requant). Weights, tables,
// inputs and the reference outputs come from gen_vectors.py (spec section 3).
//
// Phase 1: full rate (tvalid and tready always high); checks every output
// and that the interval between output vectors is no more than
//   max(G*K + D + 2 for each layer, input beats, output beats)
// (D: the layer's lane + requantizer latency; +2: done, and the hand-over
// cycle). Phase 2: the same vectors again with random tvalid and tready.

// ------------------------------------------------------------- one layer

module tb_qn_net_layer #(
    parameter integer IN         = 4,
    parameter integer OUT        = 3,
    parameter integer LANES      = 1,
    parameter integer SIMD       = 1,
    parameter integer X_BITS     = 8,
    parameter integer X_SIGNED   = 1,
    parameter integer W_BITS     = 4,
    parameter integer ACC_BITS   = 16,
    parameter integer HAS_MULT   = 0,
    parameter integer MULT_BITS  = 2,
    parameter integer ROUNDING   = 0,
    parameter integer RELU       = 0,
    parameter integer OUT_BITS   = 8,
    parameter integer OUT_SIGNED = 1,
    parameter integer PER_CHANNEL_SHIFT = 1,
    parameter         W_PREFIX   = "lane",      // lane l's weights: {W_PREFIX, "<l>.mem"}
    parameter         B_FILE     = "bias.mem",
    parameter         M_FILE     = "mult.mem",
    parameter         S_FILE     = "shift.mem"
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire [IN*X_BITS-1:0]    x,
    output reg  [OUT*OUT_BITS-1:0] y,
    output wire                    done
);

    localparam integer GROUPS     = (OUT + LANES - 1) / LANES;
    localparam integer WORDS      = (IN + SIMD - 1) / SIMD;
    localparam integer GROUP_BITS = (GROUPS > 1) ? $clog2(GROUPS) : 1;
    localparam integer WORD_BITS  = (WORDS > 1) ? $clog2(WORDS) : 1;
    localparam integer ADDR_BITS  = (GROUPS * WORDS > 1) ? $clog2(GROUPS * WORDS) : 1;
    localparam integer ROM_BITS   = (OUT > 1) ? $clog2(OUT) : 1;
    localparam integer WORD_W     = SIMD * X_BITS;
    localparam integer SHIFT_BITS = 6;

    initial begin
        if (LANES > 10) begin
            $display("tb_qn_net_layer: at most 10 lanes");
            $finish;
        end
    end

    wire                  rd_en;
    wire [ADDR_BITS-1:0]  rd_addr;
    wire [WORD_BITS-1:0]  rd_word;
    wire [GROUP_BITS-1:0] rd_group;
    wire                  mac_valid, mac_first, mac_last;
    wire [GROUP_BITS-1:0] mac_group, acc_group, wr_group;
    wire [LANES-1:0]      acc_valid, wr_valid;
    wire                  busy;

    qn_layer_seq #(
        .GROUPS (GROUPS),
        .WORDS  (WORDS)
    ) u_seq (
        .clk       (clk),
        .rst       (rst),
        .start     (start),
        .rd_en     (rd_en),
        .rd_addr   (rd_addr),
        .rd_word   (rd_word),
        .rd_group  (rd_group),
        .mac_valid (mac_valid),
        .mac_first (mac_first),
        .mac_last  (mac_last),
        .mac_group (mac_group),
        .acc_valid (acc_valid[0]),
        .acc_group (acc_group),
        .wr_valid  (wr_valid[0]),
        .wr_group  (wr_group),
        .busy      (busy),
        .done      (done)
    );

    // Input word k, registered next to the weight memories' data.
    wire [WORDS*WORD_W-1:0] x_pad;
    generate
        if (WORDS * SIMD > IN) begin : g_pad
            assign x_pad = {{(WORDS*SIMD - IN)*X_BITS{1'b0}}, x};
        end else begin : g_no_pad
            assign x_pad = x;
        end
    endgenerate

    reg [WORD_W-1:0] x_word;
    always @(posedge clk)
        if (rd_en)
            x_word <= x_pad[rd_word*WORD_W +: WORD_W];

    // Per-neuron tables, one read port per lane: neuron j = g*LANES + l.
    wire [LANES*ROM_BITS-1:0]   bias_addr, param_addr;
    wire [LANES*ACC_BITS-1:0]   bias;
    wire [LANES*MULT_BITS-1:0]  mult;
    wire [LANES*SHIFT_BITS-1:0] shift;

    genvar l, j;
    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_addr
            assign bias_addr[l*ROM_BITS +: ROM_BITS]  = mac_group * LANES + l;
            assign param_addr[l*ROM_BITS +: ROM_BITS] = acc_group * LANES + l;
        end
    endgenerate

    qn_param_rom #(.DEPTH(OUT), .WIDTH(ACC_BITS), .INIT_FILE(B_FILE), .PORTS(LANES))
        u_bias (.addr(bias_addr), .data(bias));
    qn_param_rom #(.DEPTH(OUT), .WIDTH(MULT_BITS), .INIT_FILE(M_FILE), .PORTS(LANES))
        u_mult (.addr(param_addr), .data(mult));
    qn_param_rom #(.DEPTH(OUT), .WIDTH(SHIFT_BITS), .INIT_FILE(S_FILE), .PORTS(LANES))
        u_shift (.addr(param_addr), .data(shift));

    wire [LANES*OUT_BITS-1:0] q;

    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_lane
            localparam [7:0] DIGIT = 8'd48 + l;
            wire [SIMD*W_BITS-1:0] w_word;
            wire [ACC_BITS-1:0]    acc;

            qn_weight_mem #(
                .DEPTH     (GROUPS * WORDS),
                .WIDTH     (SIMD * W_BITS),
                .INIT_FILE ({W_PREFIX, DIGIT, ".mem"}),
                .RAM_STYLE ("block")
            ) u_mem (
                .clk  (clk),
                .en   (rd_en),
                .addr (rd_addr),
                .data (w_word)
            );

            qn_mac_lane #(
                .SIMD     (SIMD),
                .W_BITS   (W_BITS),
                .X_BITS   (X_BITS),
                .X_SIGNED (X_SIGNED),
                .ACC_BITS (ACC_BITS)
            ) u_mac (
                .clk       (clk),
                .rst       (rst),
                .in_valid  (mac_valid),
                .in_first  (mac_first),
                .in_last   (mac_last),
                .w_word    (w_word),
                .x_word    (x_word),
                .bias_term (bias[l*ACC_BITS +: ACC_BITS]),
                .acc       (acc),
                .acc_valid (acc_valid[l])
            );

            qn_requant #(
                .ACC_BITS   (ACC_BITS),
                .HAS_MULT   (HAS_MULT),
                .MULT_BITS  (MULT_BITS),
                .SHIFT_BITS (SHIFT_BITS),
                .PER_CHANNEL_SHIFT (PER_CHANNEL_SHIFT),
                .ROUNDING   (ROUNDING),
                .RELU       (RELU),
                .OUT_BITS   (OUT_BITS),
                .OUT_SIGNED (OUT_SIGNED)
            ) u_rq (
                .clk       (clk),
                .rst       (rst),
                .in_valid  (acc_valid[l]),
                .acc       (acc),
                .mult      (mult[l*MULT_BITS +: MULT_BITS]),
                .shift     (shift[l*SHIFT_BITS +: SHIFT_BITS]),
                .out_valid (wr_valid[l]),
                .q         (q[l*OUT_BITS +: OUT_BITS])
            );
        end

        // The result register: neuron j is written by lane j % LANES in group j / LANES.
        for (j = 0; j < OUT; j = j + 1) begin : g_y
            always @(posedge clk)
                if (wr_valid[0] && wr_group == j / LANES)
                    y[j*OUT_BITS +: OUT_BITS] <= q[(j % LANES)*OUT_BITS +: OUT_BITS];
        end
    endgenerate

endmodule

// ------------------------------------------------------------ the network

module tb_qn_net;

    parameter integer X0_BITS      = 8;
    parameter integer X0_SIGNED    = 1;
    parameter integer IN_PER_BEAT  = 1;
    parameter integer OUT_PER_BEAT = 1;
    parameter integer VECTORS      = 1;
    parameter         IN_FILE      = "in.mem";
    parameter         OUT_FILE     = "out.mem";

    parameter integer L0_IN = 4, L0_OUT = 3, L0_LANES = 1, L0_SIMD = 1, L0_W_BITS = 4;
    parameter integer L0_ACC_BITS = 16, L0_HAS_MULT = 0, L0_MULT_BITS = 2, L0_ROUNDING = 0;
    parameter integer L0_RELU = 0, L0_OUT_BITS = 8, L0_OUT_SIGNED = 1, L0_PER_CHANNEL_SHIFT = 1;
    parameter         L0_W_PREFIX = "l0_lane", L0_B_FILE = "l0_bias.mem";
    parameter         L0_M_FILE = "l0_mult.mem", L0_S_FILE = "l0_shift.mem";

    parameter integer L1_IN = 3, L1_OUT = 2, L1_LANES = 1, L1_SIMD = 1, L1_W_BITS = 4;
    parameter integer L1_ACC_BITS = 16, L1_HAS_MULT = 0, L1_MULT_BITS = 2, L1_ROUNDING = 0;
    parameter integer L1_RELU = 0, L1_OUT_BITS = 8, L1_OUT_SIGNED = 1, L1_PER_CHANNEL_SHIFT = 1;
    parameter         L1_W_PREFIX = "l1_lane", L1_B_FILE = "l1_bias.mem";
    parameter         L1_M_FILE = "l1_mult.mem", L1_S_FILE = "l1_shift.mem";

    localparam integer IN_BEATS  = (L0_IN + IN_PER_BEAT - 1) / IN_PER_BEAT;
    localparam integer OUT_BEATS = (L1_OUT + OUT_PER_BEAT - 1) / OUT_PER_BEAT;

    // The documented cycle figures.
    localparam integer L0_COMPUTE = ((L0_OUT + L0_LANES - 1) / L0_LANES) * ((L0_IN + L0_SIMD - 1) / L0_SIMD);
    localparam integer L1_COMPUTE = ((L1_OUT + L1_LANES - 1) / L1_LANES) * ((L1_IN + L1_SIMD - 1) / L1_SIMD);
    // qn_requant: input register (multiplier or per-channel shift), one
    // register per multiplier tree level (clog2 of the multiplier bits that
    // matter modulo 2^ACC_BITS), shift, round, clamp.
    function integer rq_latency;
        input integer has_mult, per_channel_shift, mult_bits, acc_bits;
        integer mb;
        begin
            mb = (mult_bits < acc_bits) ? mult_bits : acc_bits;
            rq_latency = ((has_mult != 0 || per_channel_shift != 0) ? 1 : 0) +
                         ((has_mult != 0) ? $clog2(mb) : 0) + 3;
        end
    endfunction

    localparam integer L0_DEPTH   = 3 + ((L0_SIMD > 1) ? $clog2(L0_SIMD) : 0) / 2 +
                                    rq_latency(L0_HAS_MULT, L0_PER_CHANNEL_SHIFT, L0_MULT_BITS, L0_ACC_BITS);
    localparam integer L1_DEPTH   = 3 + ((L1_SIMD > 1) ? $clog2(L1_SIMD) : 0) / 2 +
                                    rq_latency(L1_HAS_MULT, L1_PER_CHANNEL_SHIFT, L1_MULT_BITS, L1_ACC_BITS);

    function integer max2;
        input integer a, b;
        max2 = (a > b) ? a : b;
    endfunction

    localparam integer IDEAL    = max2(max2(L0_COMPUTE, L1_COMPUTE), max2(IN_BEATS, OUT_BEATS));
    localparam integer EXPECTED = max2(max2(L0_COMPUTE + L0_DEPTH + 2, L1_COMPUTE + L1_DEPTH + 2),
                                       max2(IN_BEATS, OUT_BEATS));

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [IN_PER_BEAT*X0_BITS-1:0]      s_tdata;
    reg                                 s_tvalid = 1'b0;
    reg                                 s_tlast = 1'b0;
    wire                                s_tready;
    wire [OUT_PER_BEAT*L1_OUT_BITS-1:0] m_tdata;
    wire                                m_tvalid, m_tlast;
    reg                                 m_tready = 1'b0;

    wire [L0_IN*X0_BITS-1:0]      in_vec;
    wire                          in_full, in_partial, in_take, frame_error;
    wire                          handover, out_load, out_busy;
    wire [1:0]                    stage_valid, start, stage_done;
    reg  [L0_IN*X0_BITS-1:0]      x0;
    reg  [L1_IN*L0_OUT_BITS-1:0]  x1;
    wire [L0_OUT*L0_OUT_BITS-1:0] y0;
    wire [L1_OUT*L1_OUT_BITS-1:0] y1;

    qn_axis_in #(.N(L0_IN), .BITS(X0_BITS), .PER_BEAT(IN_PER_BEAT)) u_in (
        .clk (clk), .rst (rst),
        .s_axis_tdata (s_tdata), .s_axis_tvalid (s_tvalid), .s_axis_tlast (s_tlast),
        .s_axis_tready (s_tready),
        .vec (in_vec), .full (in_full), .partial (in_partial), .take (in_take),
        .frame_error (frame_error)
    );

    qn_sync #(.STAGES(2)) u_sync (
        .clk (clk), .rst (rst),
        .stage_done (stage_done), .in_full (in_full), .in_partial (in_partial),
        .out_busy (out_busy),
        .handover (handover), .stage_valid (stage_valid), .start (start),
        .out_load (out_load), .in_take (in_take)
    );

    always @(posedge clk) begin
        if (in_take)
            x0 <= in_vec;
        if (handover)
            x1 <= y0;
    end

    tb_qn_net_layer #(
        .IN (L0_IN), .OUT (L0_OUT), .LANES (L0_LANES), .SIMD (L0_SIMD),
        .X_BITS (X0_BITS), .X_SIGNED (X0_SIGNED), .W_BITS (L0_W_BITS),
        .ACC_BITS (L0_ACC_BITS), .HAS_MULT (L0_HAS_MULT), .MULT_BITS (L0_MULT_BITS),
        .ROUNDING (L0_ROUNDING), .RELU (L0_RELU), .OUT_BITS (L0_OUT_BITS),
        .OUT_SIGNED (L0_OUT_SIGNED), .PER_CHANNEL_SHIFT (L0_PER_CHANNEL_SHIFT), .W_PREFIX (L0_W_PREFIX), .B_FILE (L0_B_FILE),
        .M_FILE (L0_M_FILE), .S_FILE (L0_S_FILE)
    ) u_l0 (
        .clk (clk), .rst (rst), .start (start[0]), .x (x0), .y (y0), .done (stage_done[0])
    );

    tb_qn_net_layer #(
        .IN (L1_IN), .OUT (L1_OUT), .LANES (L1_LANES), .SIMD (L1_SIMD),
        .X_BITS (L0_OUT_BITS), .X_SIGNED (L0_OUT_SIGNED), .W_BITS (L1_W_BITS),
        .ACC_BITS (L1_ACC_BITS), .HAS_MULT (L1_HAS_MULT), .MULT_BITS (L1_MULT_BITS),
        .ROUNDING (L1_ROUNDING), .RELU (L1_RELU), .OUT_BITS (L1_OUT_BITS),
        .OUT_SIGNED (L1_OUT_SIGNED), .PER_CHANNEL_SHIFT (L1_PER_CHANNEL_SHIFT), .W_PREFIX (L1_W_PREFIX), .B_FILE (L1_B_FILE),
        .M_FILE (L1_M_FILE), .S_FILE (L1_S_FILE)
    ) u_l1 (
        .clk (clk), .rst (rst), .start (start[1]), .x (x1), .y (y1), .done (stage_done[1])
    );

    qn_axis_out #(.N(L1_OUT), .BITS(L1_OUT_BITS), .PER_BEAT(OUT_PER_BEAT)) u_out (
        .clk (clk), .rst (rst),
        .load (out_load), .vec (y1), .busy (out_busy),
        .m_axis_tdata (m_tdata), .m_axis_tvalid (m_tvalid), .m_axis_tlast (m_tlast),
        .m_axis_tready (m_tready)
    );

    // ------------------------------------------------------------- vectors
    reg [X0_BITS-1:0]     in_mem  [0:VECTORS*L0_IN-1];
    reg [L1_OUT_BITS-1:0] out_mem [0:VECTORS*L1_OUT-1];

    integer errors = 0;
    integer cycle = 0;
    integer random_mode = 0;
    always @(posedge clk)
        cycle <= cycle + 1;

    // Source: VECTORS vectors per phase, beat by beat, padding with noise.
    integer src_vec = 0, src_beat = 0, src_stop = 0;
    integer e, idx;
    always @(posedge clk) begin
        if (!rst && s_tvalid && s_tready) begin
            src_beat = src_beat + 1;
            if (src_beat == IN_BEATS) begin
                src_beat = 0;
                src_vec = src_vec + 1;
            end
        end
    end
    always @(negedge clk) begin
        s_tvalid = 1'b0;
        s_tdata = $random;
        if (!rst && src_vec < src_stop && (random_mode == 0 || ($random & 3) != 0)) begin
            s_tvalid = 1'b1;
            for (e = 0; e < IN_PER_BEAT; e = e + 1) begin
                idx = src_beat * IN_PER_BEAT + e;
                if (idx < L0_IN)
                    s_tdata[e*X0_BITS +: X0_BITS] = in_mem[(src_vec % VECTORS)*L0_IN + idx];
            end
            s_tlast = (src_beat == IN_BEATS - 1);
        end
        m_tready = (random_mode == 0) ? 1'b1 : (($random & 3) != 0);
    end

    // Sink: check every element, note when each vector completes.
    integer dst_vec = 0, dst_beat = 0;
    integer last_done = -1, worst = 0;
    reg [L1_OUT_BITS-1:0] want;
    always @(posedge clk) begin
        if (!rst && m_tvalid && m_tready) begin
            for (e = 0; e < OUT_PER_BEAT; e = e + 1) begin
                idx = dst_beat * OUT_PER_BEAT + e;
                want = (idx < L1_OUT) ? out_mem[(dst_vec % VECTORS)*L1_OUT + idx] : {L1_OUT_BITS{1'b0}};
                if (m_tdata[e*L1_OUT_BITS +: L1_OUT_BITS] !== want) begin
                    if (errors < 20)
                        $display("ERROR: vector %0d element %0d: %h, want %h", dst_vec, idx,
                                 m_tdata[e*L1_OUT_BITS +: L1_OUT_BITS], want);
                    errors = errors + 1;
                end
            end
            if (m_tlast !== (dst_beat == OUT_BEATS - 1)) begin
                $display("ERROR: vector %0d beat %0d: tlast %b", dst_vec, dst_beat, m_tlast);
                errors = errors + 1;
            end
            dst_beat = dst_beat + 1;
            if (dst_beat == OUT_BEATS) begin
                dst_beat = 0;
                // steady-state interval, full-rate phase, after the pipeline filled
                if (random_mode == 0 && dst_vec >= 4 && cycle - last_done > worst)
                    worst = cycle - last_done;
                last_done = cycle;
                dst_vec = dst_vec + 1;
            end
        end
    end

    initial begin
        $readmemh(IN_FILE, in_mem);
        $readmemh(OUT_FILE, out_mem);
        repeat (3) @(negedge clk);
        rst = 1'b0;

        src_stop = VECTORS;
        wait (dst_vec == VECTORS);
        if (worst > EXPECTED) begin
            $display("ERROR: interval %0d cycles, expected at most %0d", worst, EXPECTED);
            errors = errors + 1;
        end

        @(negedge clk);
        random_mode = 1;
        src_stop = 2 * VECTORS;
        wait (dst_vec == 2 * VECTORS);
        repeat (4) @(negedge clk);
        if (frame_error !== 1'b0 || stage_valid !== 2'b00 || m_tvalid !== 1'b0) begin
            $display("ERROR: frame_error %b, stage_valid %b, m_tvalid %b at the end",
                     frame_error, stage_valid, m_tvalid);
            errors = errors + 1;
        end

        if (errors == 0)
            $display("PASS: two-layer net, %0d vectors twice; interval %0d cycles (ideal %0d, bound %0d: layers %0d+%0d, %0d+%0d; beats in %0d, out %0d)",
                     VECTORS, worst, IDEAL, EXPECTED, L0_COMPUTE, L0_DEPTH + 2,
                     L1_COMPUTE, L1_DEPTH + 2, IN_BEATS, OUT_BEATS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL: timeout (%0d vectors in, %0d out)", src_vec, dst_vec);
        $finish;
    end

endmodule

`resetall
