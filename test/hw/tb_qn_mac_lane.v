`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_mac_lane - qn_mac_lane against sums computed from the spec by
// gen_vectors.py.
//
// Words are driven in order, with idle cycles as GAPS says (0: back to
// back, 1: now and then, 2: often), noise on the data inputs while idle and
// on bias_term outside first words. Checks every acc against the expected
// sum, that acc_valid comes exactly LATENCY cycles after the neuron's last
// word and never otherwise, and that reset leaves no pulse behind.
//
// Files: W_FILE, X_FILE: one w_word / x_word a line; C_FILE: a 66-bit
// control word a line, {first, last, bias_term}; E_FILE: the expected sum of
// each neuron, 64-bit two's complement.

module tb_qn_mac_lane;

    parameter integer SIMD                  = 1;
    parameter integer W_BITS                = 4;
    parameter integer X_BITS                = 8;
    parameter integer X_SIGNED              = 1;
    parameter integer ACC_BITS              = 24;
    parameter integer TREE_LEVELS_PER_STAGE = 2;
    parameter integer MAC_STYLE = 0;    // 0 auto, 1 dsp, 2 shift-add in logic
    parameter integer WORDS                 = 1;
    parameter integer NEURONS               = 1;
    parameter integer GAPS                  = 0;
    parameter         W_FILE                = "w.mem";
    parameter         X_FILE                = "x.mem";
    parameter         C_FILE                = "c.mem";
    parameter         E_FILE                = "e.mem";

    // The documented latency: 3 + ceil(clog2(SIMD) / TREE_LEVELS_PER_STAGE).
    localparam integer DEPTH   = (SIMD > 1) ? $clog2(SIMD) : 0;
    localparam integer LATENCY = 3 + (DEPTH + TREE_LEVELS_PER_STAGE - 1) /
                                     TREE_LEVELS_PER_STAGE;

    reg [SIMD*W_BITS-1:0] w_mem [0:WORDS-1];
    reg [SIMD*X_BITS-1:0] x_mem [0:WORDS-1];
    reg [65:0]            c_mem [0:WORDS-1];
    reg [63:0]            e_mem [0:NEURONS-1];

    reg                      clk = 1'b0;
    reg                      rst = 1'b1;
    reg                      in_valid = 1'b0;
    reg                      in_first = 1'b0;
    reg                      in_last = 1'b0;
    reg  [SIMD*W_BITS-1:0]   w_word = {SIMD*W_BITS{1'b0}};
    reg  [SIMD*X_BITS-1:0]   x_word = {SIMD*X_BITS{1'b0}};
    reg  [ACC_BITS-1:0]      bias_term = {ACC_BITS{1'b0}};
    wire [ACC_BITS-1:0]      acc;
    wire                     acc_valid;

    always #5 clk = !clk;

    qn_mac_lane #(
        .SIMD                  (SIMD),
        .W_BITS                (W_BITS),
        .X_BITS                (X_BITS),
        .X_SIGNED              (X_SIGNED),
        .ACC_BITS              (ACC_BITS),
        .TREE_LEVELS_PER_STAGE (TREE_LEVELS_PER_STAGE),
        .MAC_STYLE (MAC_STYLE)
    ) dut (
        .clk       (clk),
        .rst       (rst),
        .in_valid  (in_valid),
        .in_first  (in_first),
        .in_last   (in_last),
        .w_word    (w_word),
        .x_word    (x_word),
        .bias_term (bias_term),
        .acc       (acc),
        .acc_valid (acc_valid)
    );

    integer cycle = 0;
    integer sent = 0;               // neurons whose last word went in
    integer got = 0;
    integer errors = 0;
    integer last_at [0:NEURONS-1];

    always @(posedge clk)
        cycle <= cycle + 1;

    always @(posedge clk) begin
        if (acc_valid === 1'b1) begin
            if (got >= sent) begin
                $display("ERROR: acc_valid with no neuron pending (cycle %0d)", cycle);
                errors = errors + 1;
            end else begin
                if (cycle - last_at[got] != LATENCY) begin
                    $display("ERROR: neuron %0d after %0d cycles, not %0d",
                             got, cycle - last_at[got], LATENCY);
                    errors = errors + 1;
                end
                if (acc !== e_mem[got][ACC_BITS-1:0]) begin
                    $display("ERROR: neuron %0d: acc %h, want %h", got, acc, e_mem[got][ACC_BITS-1:0]);
                    errors = errors + 1;
                end
            end
            got = got + 1;
        end else if (acc_valid !== 1'b0 && !rst) begin
            $display("ERROR: acc_valid is %b", acc_valid);
            errors = errors + 1;
        end
    end

    // Noise for the inputs that must not matter.
    task noise;
        integer b;
        begin
            for (b = 0; b < SIMD*W_BITS; b = b + 1) w_word[b] = $random;
            for (b = 0; b < SIMD*X_BITS; b = b + 1) x_word[b] = $random;
            for (b = 0; b < ACC_BITS; b = b + 1) bias_term[b] = $random;
        end
    endtask

    function idle_now;
        input integer gaps;
        begin
            case (gaps)
                0:       idle_now = 1'b0;
                1:       idle_now = ($random & 7) == 0;
                default: idle_now = ($random & 1) == 0;
            endcase
        end
    endfunction

    integer k, b;
    initial begin
        $readmemh(W_FILE, w_mem);
        $readmemh(X_FILE, x_mem);
        $readmemh(C_FILE, c_mem);
        $readmemh(E_FILE, e_mem);

        // A reset with words going in: no pulse may come out of it.
        rst = 1'b1;
        repeat (LATENCY + 2) begin
            noise;
            in_valid = 1'b1;
            in_first = 1'b1;
            in_last  = 1'b1;
            @(negedge clk);
        end
        rst = 1'b0;
        in_valid = 1'b0;
        repeat (LATENCY + 2) @(negedge clk);
        if (got != 0) begin
            $display("ERROR: acc_valid after reset");
            errors = errors + 1;
            got = 0;
        end

        for (k = 0; k < WORDS; k = k + 1) begin
            while (idle_now(GAPS)) begin
                noise;
                in_valid = 1'b0;
                in_first = $random;
                in_last  = $random;
                @(negedge clk);
            end
            noise;
            in_valid = 1'b1;
            w_word   = w_mem[k];
            x_word   = x_mem[k];
            in_first = c_mem[k][65];
            in_last  = c_mem[k][64];
            if (in_first)
                bias_term = c_mem[k][ACC_BITS-1:0];
            if (in_last) begin
                last_at[sent] = cycle;
                sent = sent + 1;
            end
            @(negedge clk);
        end
        in_valid = 1'b0;
        repeat (LATENCY + 4) @(negedge clk);

        if (sent != NEURONS || got != NEURONS) begin
            $display("ERROR: %0d neurons sent, %0d results, %0d expected", sent, got, NEURONS);
            errors = errors + 1;
        end
        if (errors == 0)
            $display("PASS: qn_mac_lane SIMD=%0d W_BITS=%0d X_BITS=%0d X_SIGNED=%0d ACC_BITS=%0d TREE_LEVELS_PER_STAGE=%0d MAC_STYLE=%0d (latency %0d), %0d neurons in %0d words",
                     SIMD, W_BITS, X_BITS, X_SIGNED, ACC_BITS, TREE_LEVELS_PER_STAGE, MAC_STYLE, LATENCY,
                     NEURONS, WORDS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

endmodule

`resetall
