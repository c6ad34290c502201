`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_requant - qn_requant against vectors computed from the spec by
// gen_vectors.py. One accumulator configuration per run; all 16 variants
// (ROUNDING 0..3 x RELU 0/1 x OUT_SIGNED 0/1) run side by side on the same
// stream, which has random idle cycles and a reset at the start. Checks
// every result and that it comes exactly LATENCY cycles after its input.
//
// Vector file: ROWS rows of 3 + 16 words of 64 bits: acc, mult, shift,
// then the expected q of variant v = ROUNDING*4 + RELU*2 + OUT_SIGNED.

module tb_qn_requant;

    parameter integer ACC_BITS  = 16;
    parameter integer HAS_MULT  = 0;
    parameter integer MULT_BITS = 16;
    parameter integer OUT_BITS  = 8;
    parameter integer PER_CHANNEL_SHIFT = 0;
    parameter integer MULT_DSP  = 0;
    parameter integer ROWS      = 1;
    parameter         VEC_FILE  = "requant.mem";

    localparam integer SHIFT_BITS = 6;
    localparam integer VARIANTS   = 16;
    localparam integer FIELDS     = 3 + VARIANTS;
    // as documented: input register, multiplier tree levels, shift, round, clamp
    localparam integer MB_EFF     = (MULT_BITS < ACC_BITS) ? MULT_BITS : ACC_BITS;
    localparam integer LATENCY    = ((HAS_MULT != 0 || PER_CHANNEL_SHIFT != 0) ? 1 : 0) +
                                    ((HAS_MULT != 0) ? $clog2(MB_EFF) : 0) + 3;

    reg [63:0] vec [0:ROWS*FIELDS-1];

    reg                   clk = 1'b0;
    reg                   rst = 1'b1;
    reg                   in_valid = 1'b0;
    reg  [ACC_BITS-1:0]   acc = {ACC_BITS{1'b0}};
    reg  [MULT_BITS-1:0]  mult = {MULT_BITS{1'b0}};
    reg  [SHIFT_BITS-1:0] shift = {SHIFT_BITS{1'b0}};

    wire [VARIANTS-1:0]          out_valid;
    wire [VARIANTS*OUT_BITS-1:0] q;

    always #5 clk = !clk;

    genvar v;
    generate
        for (v = 0; v < VARIANTS; v = v + 1) begin : g_dut
            qn_requant #(
                .ACC_BITS   (ACC_BITS),
                .HAS_MULT   (HAS_MULT),
                .MULT_BITS  (MULT_BITS),
                .SHIFT_BITS (SHIFT_BITS),
                .PER_CHANNEL_SHIFT (PER_CHANNEL_SHIFT),
                .MULT_DSP   (MULT_DSP),
                .ROUNDING   (v / 4),
                .RELU       ((v / 2) % 2),
                .OUT_BITS   (OUT_BITS),
                .OUT_SIGNED (v % 2)
            ) dut (
                .clk       (clk),
                .rst       (rst),
                .in_valid  (in_valid),
                .acc       (acc),
                .mult      (mult),
                .shift     (shift),
                .out_valid (out_valid[v]),
                .q         (q[v*OUT_BITS +: OUT_BITS])
            );
        end
    endgenerate

    integer cycle = 0;
    integer sent = 0;
    integer got = 0;
    integer errors = 0;
    integer sent_at [0:ROWS-1];
    integer i;
    reg [OUT_BITS-1:0] want;

    always @(posedge clk)
        cycle <= cycle + 1;

    // Checker: results come in order, all variants at once.
    always @(posedge clk) begin
        if (!rst && out_valid !== {VARIANTS{1'b0}}) begin
            if (out_valid !== {VARIANTS{1'b1}}) begin
                $display("ERROR: out_valid %b: variants disagree", out_valid);
                errors = errors + 1;
            end else if (got >= sent) begin
                $display("ERROR: result with no input pending (cycle %0d)", cycle);
                errors = errors + 1;
            end else begin
                if (cycle - sent_at[got] != LATENCY) begin
                    $display("ERROR: row %0d came after %0d cycles, not %0d",
                             got, cycle - sent_at[got], LATENCY);
                    errors = errors + 1;
                end
                for (i = 0; i < VARIANTS; i = i + 1) begin
                    want = vec[got*FIELDS + 3 + i][OUT_BITS-1:0];
                    if (q[i*OUT_BITS +: OUT_BITS] !== want) begin
                        if (errors < 20)
                            $display("ERROR: row %0d acc=%0d mult=%0d shift=%0d rounding=%0d relu=%0d signed=%0d: q=%h, want %h",
                                     got, $signed(vec[got*FIELDS]), $signed(vec[got*FIELDS+1]),
                                     vec[got*FIELDS+2], i / 4, (i / 2) % 2, i % 2,
                                     q[i*OUT_BITS +: OUT_BITS], want);
                        errors = errors + 1;
                    end
                end
                got = got + 1;
            end
        end
    end

    integer r;
    initial begin
        $readmemh(VEC_FILE, vec);
        // Reset with junk on the inputs: nothing may come out.
        in_valid = 1'b1;
        repeat (4) @(negedge clk);
        rst = 1'b0;
        in_valid = 1'b0;
        repeat (3) @(negedge clk);
        if (got != 0 || out_valid !== {VARIANTS{1'b0}}) begin
            $display("ERROR: output during or after reset");
            errors = errors + 1;
        end
        for (r = 0; r < ROWS; r = r + 1) begin
            // idle cycles now and then (none in the first stretch)
            while (r > 100 && ($random % 4) == 0) begin
                in_valid = 1'b0;
                acc = $random;
                @(negedge clk);
            end
            in_valid = 1'b1;
            acc   = vec[r*FIELDS][ACC_BITS-1:0];
            mult  = vec[r*FIELDS+1][MULT_BITS-1:0];
            shift = vec[r*FIELDS+2][SHIFT_BITS-1:0];
            sent_at[r] = cycle;
            sent = sent + 1;
            @(negedge clk);
        end
        in_valid = 1'b0;
        repeat (LATENCY + 3) @(negedge clk);
        if (got != ROWS) begin
            $display("ERROR: %0d results for %0d inputs", got, ROWS);
            errors = errors + 1;
        end
        if (errors == 0)
            $display("PASS: qn_requant ACC_BITS=%0d HAS_MULT=%0d MULT_BITS=%0d OUT_BITS=%0d PER_CHANNEL_SHIFT=%0d MULT_DSP=%0d, %0d rows x %0d variants",
                     ACC_BITS, HAS_MULT, MULT_BITS, OUT_BITS, PER_CHANNEL_SHIFT, MULT_DSP, ROWS, VARIANTS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

endmodule

`resetall
