// qnngen VERSION: self-checking testbench
// source: small.yaml
// generated file: do not edit
`resetall
`timescale 1ns / 1ps
`default_nettype none

// gold_tb - streams sim/input.mem through gold_top, compares every
// output with sim/expected.mem (the reference model's values), writes what
// the hardware produced to sim/results.txt (`<vector> <layer> <neuron>
// <value>`), and prints `N passed, N failed` (values checked) and
// `latency_cycles=L interval_cycles=I`.
//
// Plusargs:
//   +stall   random tvalid and tready stalls on both streams (fixed seed;
//            must change no result)
//   +vcd     dump every signal to sim/wave.vcd
//   +progress  during a long run, `[tb] ...` progress lines (the
//            Makefile passes it when its output is a terminal)
//
// latency_cycles: from the cycle the first input beat is accepted to the
// cycle the first output beat is accepted; vector 0 goes alone (vector 1
// follows once vector 0's first output beat is out), so this is the
// latency of an empty pipeline. interval_cycles: vectors 1.. then come
// back to back, and this is the largest gap between successive output
// vectors' first beats from vector 2 on (the steady-state interval when
// there are more vectors than layers).
//
// The testbench is one process that wakes at every falling edge, when the
// design's registers are settled: it accounts for the handshakes of the
// rising edge to come (AXI4-Stream outputs and s_axis_tready come from
// registers), then drives the streams' inputs for it.
module gold_tb;

    // ------------------------------------------------------------ geometry

    localparam integer N_VECTORS    = 4;
    localparam integer IN_SIZE      = 5;      // elements a vector
    localparam integer IN_BITS      = 4;      // bits an element
    localparam integer IN_PER_BEAT  = 2;  // elements a beat
    localparam integer IN_BEATS     = 3;     // beats a vector
    localparam integer OUT_SIZE     = 2;
    localparam integer OUT_BITS     = 6;
    localparam integer OUT_PER_BEAT = 2;
    localparam integer OUT_BEATS    = 1;
    localparam integer TIMEOUT      = 1990;      // cycles, without stalls
    localparam integer PROGRESS     = 0;     // 1: a line per output vector
    localparam integer PROGRESS_EVERY = 0; // cycles between progress lines, 0: none
    localparam integer CYCLES_ABOUT = 82; // the run's expected length, for them

    localparam integer IN_TOTAL_BEATS = N_VECTORS * IN_BEATS;

    // ------------------------------------------------------------- clock

    reg clk = 1'b0;
    initial forever #5 clk = ~clk;

    integer cycle = 0;           // rising edges so far
    always @(posedge clk)
        cycle <= cycle + 1;

    // ------------------------------------------------------------ the DUT

    reg                              rst = 1'b1;
    reg  [IN_PER_BEAT*IN_BITS-1:0]   s_tdata = {IN_PER_BEAT*IN_BITS{1'b0}};
    reg                              s_tvalid = 1'b0;
    reg                              s_tlast = 1'b0;
    wire                             s_tready;
    wire [OUT_PER_BEAT*OUT_BITS-1:0] m_tdata;
    wire                             m_tvalid;
    wire                             m_tlast;
    reg                              m_tready = 1'b0;
    wire                             frame_error;

    gold_top dut (
        .clk           (clk),
        .rst           (rst),
        .s_axis_tdata  (s_tdata),
        .s_axis_tvalid (s_tvalid),
        .s_axis_tready (s_tready),
        .s_axis_tlast  (s_tlast),
        .m_axis_tdata  (m_tdata),
        .m_axis_tvalid (m_tvalid),
        .m_axis_tready (m_tready),
        .m_axis_tlast  (m_tlast),
        .frame_error   (frame_error)
    );

    // ------------------------------------------------------- test data

    reg [IN_BITS-1:0]  in_mem  [0:N_VECTORS*IN_SIZE-1];
    reg [OUT_BITS-1:0] exp_mem [0:N_VECTORS*OUT_SIZE-1];

    // Beat `beat` (counted over all vectors) of the input stream: elements
    // b*IN_PER_BEAT.. of its vector, the last beat padded with zeros.
    function [IN_PER_BEAT*IN_BITS-1:0] in_beat_data;
        input integer beat;
        integer v, e, el;
        begin
            in_beat_data = {IN_PER_BEAT*IN_BITS{1'b0}};
            v = beat / IN_BEATS;
            for (e = 0; e < IN_PER_BEAT; e = e + 1) begin
                el = (beat % IN_BEATS) * IN_PER_BEAT + e;
                if (el < IN_SIZE)
                    in_beat_data[e*IN_BITS +: IN_BITS] = in_mem[v*IN_SIZE + el];
            end
        end
    endfunction

    // Stalls: xorshift32 from a fixed seed, the same in every simulator.
    function [31:0] xorshift32;
        input [31:0] s;
        reg [31:0] t;
        begin
            t = s ^ (s << 13);
            t = t ^ (t >> 17);
            xorshift32 = t ^ (t << 5);
        end
    endfunction

    // ------------------------------------------------------------- the run

    reg     stall;               // +stall given
    reg     progress;            // +progress given
    reg     [31:0] rnd;          // stall generator state
    integer results;             // sim/results.txt
    integer next_beat;           // input beats presented so far
    integer in_first_cycle;      // cycle the first input beat was taken
    integer out_vector;          // output vectors received
    integer out_beat;            // beats of the current output vector
    integer out_first_cycle;     // cycle of the first beat of vector 0
    integer prev_first_cycle;    // ... of the previous vector
    integer interval;            // largest gap between output vectors 1.. (first beats)
    integer passed_out;          // output values that matched
    integer failed_out;          // output values (or tlast) that did not
    integer passed, failed;      // totals
    integer limit;               // cycles before the run is abandoned
    integer j, e;
    reg [OUT_BITS-1:0] got;   // a value from the DUT
    reg [OUT_BITS-1:0] want;  // the reference's value

    initial begin
        stall = $test$plusargs("stall") != 0;
        progress = $test$plusargs("progress") != 0;
        if ($test$plusargs("vcd")) begin
            $dumpfile("sim/wave.vcd");
            $dumpvars(0, gold_tb);
        end
        $readmemh("sim/input.mem", in_mem);
        $readmemh("sim/expected.mem", exp_mem);
        results = $fopen("sim/results.txt", "w");
        $fwrite(results, "# qnngen testbench results: network gold, %0d vectors%0s\n",
                N_VECTORS, stall ? ", random stalls" : "");
        $fwrite(results, "# <vector> <layer> <neuron> <value>\n");
        rnd = 32'h2545f491;
        next_beat = 0;
        in_first_cycle = -1;
        out_vector = 0;
        out_beat = 0;
        out_first_cycle = -1;
        prev_first_cycle = 0;
        interval = 0;
        passed_out = 0;
        failed_out = 0;
        limit = stall ? 16 * TIMEOUT : TIMEOUT;

        repeat (4) @(negedge clk);
        rst = 1'b0;

        while (out_vector < N_VECTORS && cycle < limit) begin
            @(negedge clk);
            rnd = xorshift32(rnd);
            if (progress && PROGRESS_EVERY != 0 && cycle % PROGRESS_EVERY == 0) begin
                $display("[tb] cycle %0d of about %0d, %0d of %0d vectors out", cycle,
                         CYCLES_ABOUT, out_vector, N_VECTORS);
                $fflush;
            end

            // Drive the input stream: a new beat once the last one is taken.
            if (!s_tvalid || s_tready) begin
                if (next_beat < IN_TOTAL_BEATS && (next_beat < IN_BEATS || out_first_cycle >= 0) &&
                    (!stall || rnd[1:0] != 2'b00)) begin
                    s_tvalid  = 1'b1;
                    s_tdata   = in_beat_data(next_beat);
                    s_tlast   = (next_beat % IN_BEATS) == IN_BEATS - 1;
                    next_beat = next_beat + 1;
                end else begin
                    s_tvalid = 1'b0;
                end
            end
            m_tready = !stall || rnd[4:3] != 2'b00;
            #1;

            // Handshakes of the rising edge to come.
            if (s_tvalid && s_tready && in_first_cycle < 0)
                in_first_cycle = cycle;
            if (m_tvalid && m_tready) begin
                if (out_beat == 0) begin
                    if (out_vector == 0)
                        out_first_cycle = cycle;
                    else if (out_vector >= 2 && cycle - prev_first_cycle > interval)
                        interval = cycle - prev_first_cycle;
                    prev_first_cycle = cycle;
                end
                for (e = 0; e < OUT_PER_BEAT; e = e + 1) begin
                    j = out_beat * OUT_PER_BEAT + e;
                    if (j < OUT_SIZE) begin
                        got = m_tdata[e*OUT_BITS +: OUT_BITS];
                        want = exp_mem[out_vector * OUT_SIZE + j];
                        $fwrite(results, "%0d out %0d %0d\n", out_vector, j, got);
                        if (got === want) begin
                            passed_out = passed_out + 1;
                        end else begin
                            failed_out = failed_out + 1;
                            if (failed_out <= 10)
                                $display("MISMATCH vector %0d layer out neuron %0d: got %0d, expected %0d",
                                         out_vector, j, got, want);
                        end
                    end
                end
                if (m_tlast !== (out_beat == OUT_BEATS - 1)) begin
                    failed_out = failed_out + 1;
                    $display("MISMATCH vector %0d beat %0d: tlast is %b", out_vector, out_beat,
                             m_tlast);
                end
                if (out_beat == OUT_BEATS - 1) begin
                    out_beat = 0;
                    out_vector = out_vector + 1;
                    if (progress && PROGRESS != 0) begin
                        $display("[tb] vector %0d of %0d out at cycle %0d", out_vector,
                                 N_VECTORS, cycle);
                        $fflush;
                    end
                end else begin
                    out_beat = out_beat + 1;
                end
            end
        end

        // ---------------------------------------------------------- the end
        passed = passed_out;
        failed = failed_out;
        if (out_vector < N_VECTORS) begin
            $display("TIMEOUT after %0d cycles: %0d of %0d output vectors", cycle, out_vector,
                     N_VECTORS);
            failed = failed + (N_VECTORS - out_vector) * OUT_SIZE;
        end
        if (frame_error) begin
            $display("MISMATCH frame_error is set");
            failed = failed + 1;
        end
        $fclose(results);
        $display("%0d passed, %0d failed", passed, failed);
        $display("latency_cycles=%0d interval_cycles=%0d", out_first_cycle - in_first_cycle,
                 interval);
        $finish;
    end

endmodule

`resetall
