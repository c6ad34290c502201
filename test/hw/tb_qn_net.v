`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_net - the whole library put together as the generator is meant to
// (README "The generated design"): a two-layer network with AXI4-Stream in
// and out, qn_sync, and per layer a qn_act_buf input buffer, a
// qn_layer_seq, qn_param_rom tables and LANES x (qn_weight_mem +
// qn_mac_lane + qn_requant); the output buffer and qn_axis_out. Weights,
// tables, inputs and the reference outputs come from gen_vectors.py (spec
// section 3).
//
// Phase 1: full rate (tvalid and tready always high); checks every output
// and that the interval between output vectors is no more than
//   max(G*K + 1 for each layer, input beats,
//       output beats, or the last layer's G*K + D + 2 if more)
// (+1: the hand-over cycle; the pipeline's drain is overlapped with the
// next vector; D: memory 1 + lane + requantizer + buffer 1. The output has
// two buffers, so the last layer starts a vector only when the one two
// back is sent: with few output beats a vector's first beat comes a stage
// time after that.) Phase 2: the same vectors again with random tvalid
// and tready.

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
    parameter integer CHUNK      = 1,       // input elements a write carries
    parameter         W_PREFIX   = "lane",      // lane l's weights: {W_PREFIX, "<l>.mem"}
    parameter         B_FILE     = "bias.mem",
    parameter         M_FILE     = "mult.mem",
    parameter         S_FILE     = "shift.mem",
    // Derived, leave at the defaults:
    parameter integer X_CHUNK_BITS = ((IN + CHUNK - 1) / CHUNK > 1) ? $clog2((IN + CHUNK - 1) / CHUNK) : 1,
    parameter integer GROUP_BITS   = ((OUT + LANES - 1) / LANES > 1) ? $clog2((OUT + LANES - 1) / LANES) : 1
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    retire,
    input  wire                    x_wr,
    input  wire [X_CHUNK_BITS-1:0] x_chunk,
    input  wire [CHUNK*X_BITS-1:0] x_data,
    output wire                    x_room,
    input  wire                    x_claim,
    output wire [1:0]              x_claims,
    output wire                    done,
    output wire                    y_wr,
    output wire [GROUP_BITS-1:0]   y_group,
    output wire [LANES*OUT_BITS-1:0] y_data
);

    localparam integer GROUPS     = (OUT + LANES - 1) / LANES;
    localparam integer WORDS      = (IN + SIMD - 1) / SIMD;
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
    wire                  x_ready;

    qn_layer_seq #(
        .GROUPS (GROUPS),
        .WORDS  (WORDS)
    ) u_seq (
        .clk       (clk),
        .rst       (rst),
        .start     (start),
        .avail     (x_ready),
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
        .done      (done)
    );

    // The input buffer: input word k, registered next to the weight
    // memories' data.
    wire [WORD_W-1:0] x_word;

    qn_act_buf #(.N(IN), .BITS(X_BITS), .CHUNK(CHUNK), .WORD(SIMD), .HOLD(0)) u_x (
        .clk (clk), .rst (rst),
        .wr_en (x_wr), .wr_chunk (x_chunk), .wr_data (x_data), .wr_room (x_room),
        .claim (x_claim), .claims (x_claims),
        .rd_ready (x_ready), .rd_en (rd_en), .word (x_word), .rd_release (retire)
    );

    // Per-neuron tables, one read port per lane: neuron j = g*LANES + l.
    wire [LANES*ROM_BITS-1:0]   bias_addr, param_addr;
    wire [LANES*ACC_BITS-1:0]   bias;
    wire [LANES*MULT_BITS-1:0]  mult;
    wire [LANES*SHIFT_BITS-1:0] shift;

    genvar l;
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

    endgenerate

    // Results leave group by group; the lanes run in lockstep.
    assign y_wr    = wr_valid[0];
    assign y_group = wr_group;
    assign y_data  = q;

    wire unused_seq = ^{rd_word, rd_group, wr_valid, acc_valid};

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

    function integer max2;
        input integer a, b;
        max2 = (a > b) ? a : b;
    endfunction

    localparam integer IDEAL    = max2(max2(L0_COMPUTE, L1_COMPUTE), max2(IN_BEATS, OUT_BEATS));
    localparam integer EXPECTED = max2(max2(L0_COMPUTE + 1, L1_COMPUTE + 1),
                                       max2(IN_BEATS, OUT_BEATS));
    localparam integer IN_BEAT_BITS = (IN_BEATS > 1) ? $clog2(IN_BEATS) : 1;
    localparam integer L0_GROUPS    = (L0_OUT + L0_LANES - 1) / L0_LANES;
    localparam integer L1_GROUPS    = (L1_OUT + L1_LANES - 1) / L1_LANES;
    localparam integer L0_GB        = (L0_GROUPS > 1) ? $clog2(L0_GROUPS) : 1;
    localparam integer L1_GB        = (L1_GROUPS > 1) ? $clog2(L1_GROUPS) : 1;

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

    wire                          in_room, in_wr, in_claim, frame_error;
    wire [IN_BEAT_BITS-1:0]       in_beat;
    wire [IN_PER_BEAT*X0_BITS-1:0] in_data;
    wire                          handover;
    wire [1:0]                    stage_valid, start, retire, stage_done;
    wire [1:0]                    in_claims, out_claims, l1_claims;
    wire                          l1_room, out_room;
    wire                          y0_wr, y1_wr;
    wire [L0_GB-1:0]              y0_group;
    wire [L1_GB-1:0]              y1_group;
    wire [L0_LANES*L0_OUT_BITS-1:0] y0_data;
    wire [L1_LANES*L1_OUT_BITS-1:0] y1_data;
    wire                          out_ready, out_rd, out_release;
    wire [OUT_PER_BEAT*L1_OUT_BITS-1:0] out_word;

    qn_axis_in #(.N(L0_IN), .BITS(X0_BITS), .PER_BEAT(IN_PER_BEAT)) u_in (
        .clk (clk), .rst (rst),
        .s_axis_tdata (s_tdata), .s_axis_tvalid (s_tvalid), .s_axis_tlast (s_tlast),
        .s_axis_tready (s_tready),
        .room (in_room), .wr_en (in_wr), .wr_beat (in_beat), .wr_data (in_data),
        .claim (in_claim), .frame_error (frame_error)
    );

    qn_sync #(.STAGES(2)) u_sync (
        .clk (clk), .rst (rst),
        .stage_done (stage_done), .in_claims (in_claims), .out_claims (out_claims),
        .handover (handover), .stage_valid (stage_valid), .start (start), .retire (retire)
    );

    tb_qn_net_layer #(
        .IN (L0_IN), .OUT (L0_OUT), .LANES (L0_LANES), .SIMD (L0_SIMD),
        .X_BITS (X0_BITS), .X_SIGNED (X0_SIGNED), .W_BITS (L0_W_BITS),
        .ACC_BITS (L0_ACC_BITS), .HAS_MULT (L0_HAS_MULT), .MULT_BITS (L0_MULT_BITS),
        .ROUNDING (L0_ROUNDING), .RELU (L0_RELU), .OUT_BITS (L0_OUT_BITS),
        .OUT_SIGNED (L0_OUT_SIGNED), .PER_CHANNEL_SHIFT (L0_PER_CHANNEL_SHIFT),
        .CHUNK (IN_PER_BEAT), .W_PREFIX (L0_W_PREFIX), .B_FILE (L0_B_FILE),
        .M_FILE (L0_M_FILE), .S_FILE (L0_S_FILE)
    ) u_l0 (
        .clk (clk), .rst (rst), .start (start[0]), .retire (retire[0]),
        .x_wr (in_wr), .x_chunk (in_beat), .x_data (in_data), .x_room (in_room),
        .x_claim (in_claim), .x_claims (in_claims), .done (stage_done[0]),
        .y_wr (y0_wr), .y_group (y0_group), .y_data (y0_data)
    );

    tb_qn_net_layer #(
        .IN (L1_IN), .OUT (L1_OUT), .LANES (L1_LANES), .SIMD (L1_SIMD),
        .X_BITS (L0_OUT_BITS), .X_SIGNED (L0_OUT_SIGNED), .W_BITS (L1_W_BITS),
        .ACC_BITS (L1_ACC_BITS), .HAS_MULT (L1_HAS_MULT), .MULT_BITS (L1_MULT_BITS),
        .ROUNDING (L1_ROUNDING), .RELU (L1_RELU), .OUT_BITS (L1_OUT_BITS),
        .OUT_SIGNED (L1_OUT_SIGNED), .PER_CHANNEL_SHIFT (L1_PER_CHANNEL_SHIFT),
        .CHUNK (L0_LANES), .W_PREFIX (L1_W_PREFIX), .B_FILE (L1_B_FILE),
        .M_FILE (L1_M_FILE), .S_FILE (L1_S_FILE)
    ) u_l1 (
        .clk (clk), .rst (rst), .start (start[1]), .retire (retire[1]),
        .x_wr (y0_wr), .x_chunk (y0_group), .x_data (y0_data), .x_room (l1_room),
        .x_claim (start[0]), .x_claims (l1_claims), .done (stage_done[1]),
        .y_wr (y1_wr), .y_group (y1_group), .y_data (y1_data)
    );

    qn_act_buf #(.N(L1_OUT), .BITS(L1_OUT_BITS), .CHUNK(L1_LANES), .WORD(OUT_PER_BEAT)) u_obuf (
        .clk (clk), .rst (rst),
        .wr_en (y1_wr), .wr_chunk (y1_group), .wr_data (y1_data), .wr_room (out_room),
        .claim (start[1]), .claims (out_claims),
        .rd_ready (out_ready), .rd_en (out_rd), .word (out_word), .rd_release (out_release)
    );

    qn_axis_out #(.N(L1_OUT), .BITS(L1_OUT_BITS), .PER_BEAT(OUT_PER_BEAT)) u_out (
        .clk (clk), .rst (rst),
        .ready (out_ready), .rd_en (out_rd), .rd_release (out_release), .word (out_word),
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

    // A writer never meets a full buffer (qn_sync keeps it so).
    always @(posedge clk) begin
        if (!rst && ((y0_wr && !l1_room) || (y1_wr && !out_room))) begin
            $display("ERROR: a layer wrote into a full buffer");
            errors = errors + 1;
        end
    end

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

    integer bound;
    initial begin
        $readmemh(IN_FILE, in_mem);
        $readmemh(OUT_FILE, out_mem);
        repeat (3) @(negedge clk);
        rst = 1'b0;

        src_stop = VECTORS;
        wait (dst_vec == VECTORS);
        // The last layer's stage time, with its lane and requantizer latencies.
        bound = max2(EXPECTED, max2(OUT_BEATS, L1_COMPUTE + 1 + u_l1.g_lane[0].u_mac.LATENCY +
                                    u_l1.g_lane[0].u_rq.LATENCY + 1 + 2));
        if (worst > bound) begin
            $display("ERROR: interval %0d cycles, expected at most %0d", worst, bound);
            errors = errors + 1;
        end

        @(negedge clk);
        random_mode = 1;
        src_stop = 2 * VECTORS;
        wait (dst_vec == 2 * VECTORS);
        repeat (4) @(negedge clk);
        if (frame_error !== 1'b0 || stage_valid !== 2'b00 || m_tvalid !== 1'b0 ||
            handover !== 1'b0 || l1_claims !== 2'd0) begin
            $display("ERROR: frame_error %b, stage_valid %b, m_tvalid %b at the end",
                     frame_error, stage_valid, m_tvalid);
            errors = errors + 1;
        end

        if (errors == 0)
            $display("PASS: two-layer net, %0d vectors twice; interval %0d cycles (ideal %0d, bound %0d: layers %0d+1, %0d+1; beats in %0d, out %0d)",
                     VECTORS, worst, IDEAL, bound, L0_COMPUTE, L1_COMPUTE, IN_BEATS, OUT_BEATS);
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
