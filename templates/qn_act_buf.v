`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_act_buf - a double-buffered (ping-pong) activation vector between a
// writer and a reader that may overlap: the reader can read a word as soon
// as the elements it needs have been written, while the writer is still
// filling the rest of the same vector (templates/README.md, "Streaming pipeline").
//
// Writer: vectors of N elements arrive in CHUNKS = ceil(N / CHUNK) chunks,
// in order (chunk c carries elements c*CHUNK .. c*CHUNK + CHUNK - 1, element
// e of the chunk at [e*BITS +: BITS]; elements past N are dropped). The
// last chunk completes the vector: the buffer it went into is then `full`
// until the reader releases it, and the writer moves to the other buffer.
// The writer must not write into a full buffer (wr_room says it may).
//
// Reader: reads the vector in the buffer it holds as WORDS = ceil(N / WORD)
// words of WORD elements (zero past N), word by word, wrapping from the
// last word to word 0 (a layer reads its input once per neuron group).
// rd_ready says the next word is there: its buffer is full, or it is the
// one being written and the writer is past the word's last element. A
// rd_en pulse (only while rd_ready) registers the word into `word` (one
// cycle latency, as a memory) and moves to the next word. With HOLD = 1
// `word` then keeps it until the next rd_en (for a bus); with HOLD = 0 it
// is only valid in the cycle after rd_en (it loads the next word every
// cycle: no enable on its flip-flops, a shorter path from rd_en). rd_release hands
// the buffer back (after its last read) and moves to the other one.
//
// Claims: `claims` counts vectors between a `claim` pulse (the writer
// starts on a vector for this buffer) and the reader's release, 0..2; the
// controller uses it to know that a vector is on its way or that the pair
// is taken.
//
// Every output is a register or a few gates of registers: rd_ready is a
// register (the compare of the fill and read counters, made a cycle
// ahead), wr_room a 2:1 pick of two flags.
//
// Ports:
//   clk, rst                          clock; synchronous reset (both buffers empty)
//   wr_en                             a chunk is written this cycle
//   wr_chunk  [CHUNK_BITS-1:0]        its index
//   wr_data   [CHUNK*BITS-1:0]        its elements
//   wr_room                           the buffer being written is not full
//   claim                             pulse: a vector is started for this buffer
//   claims    [1:0]                   vectors claimed and not yet released
//   rd_ready                          the next word can be read
//   rd_en                             pulse: read it (into `word` at this edge)
//   word      [WORD*BITS-1:0]         the word read last (HOLD = 0: in the cycle after rd_en)
//   rd_release                        pulse: the reader is done with its buffer

module qn_act_buf #(
    parameter integer N          = 1,   // elements per vector, >= 1
    parameter integer BITS       = 8,   // bits per element, >= 1
    parameter integer CHUNK      = 1,   // elements a write carries, >= 1
    parameter integer WORD       = 1,   // elements a read returns, >= 1
    parameter integer HOLD       = 1,   // 1: word holds between reads; 0: valid after rd_en only
    // Derived, leave at the defaults:
    parameter integer CHUNKS     = (N + CHUNK - 1) / CHUNK,
    parameter integer WORDS      = (N + WORD - 1) / WORD,
    parameter integer CHUNK_BITS = (CHUNKS > 1) ? $clog2(CHUNKS) : 1
) (
    input  wire                  clk,
    input  wire                  rst,

    input  wire                  wr_en,
    input  wire [CHUNK_BITS-1:0] wr_chunk,
    input  wire [CHUNK*BITS-1:0] wr_data,
    output wire                  wr_room,

    input  wire                  claim,
    output reg  [1:0]            claims,

    output wire                  rd_ready,
    input  wire                  rd_en,
    output reg  [WORD*BITS-1:0]  word,
    input  wire                  rd_release
);

    initial begin
        if (N < 1 || BITS < 1 || CHUNK < 1 || WORD < 1 || (HOLD != 0 && HOLD != 1)) begin
            $display("qn_act_buf: N (%0d), BITS (%0d), CHUNK (%0d), WORD (%0d) must be >= 1, HOLD (%0d) 0 or 1",
                     N, BITS, CHUNK, WORD, HOLD);
            $finish;
        end
        if (CHUNKS != (N + CHUNK - 1) / CHUNK || WORDS != (N + WORD - 1) / WORD ||
            CHUNK_BITS != ((CHUNKS > 1) ? $clog2(CHUNKS) : 1)) begin
            $display("qn_act_buf: CHUNKS, WORDS and CHUNK_BITS are derived; do not set them");
            $finish;
        end
    end

    // Element counts up to N.
    localparam integer COUNT_BITS = $clog2(N + 1);

    localparam integer          LAST_CHUNK_I = CHUNKS - 1;
    localparam [CHUNK_BITS-1:0] LAST_CHUNK   = LAST_CHUNK_I[CHUNK_BITS-1:0];
    localparam [COUNT_BITS-1:0] N_C          = N[COUNT_BITS-1:0];
    localparam integer          STEP_W_I     = (CHUNK < N) ? CHUNK : N;
    localparam [COUNT_BITS-1:0] STEP_W       = STEP_W_I[COUNT_BITS-1:0];
    localparam integer          FIRST_NEED_I = (WORD < N) ? WORD : N;
    localparam [COUNT_BITS-1:0] FIRST_NEED   = FIRST_NEED_I[COUNT_BITS-1:0];
    localparam integer          STEP_R_I     = (WORD < N) ? WORD : N;
    localparam [COUNT_BITS-1:0] STEP_R       = STEP_R_I[COUNT_BITS-1:0];
    localparam [COUNT_BITS-1:0] ZERO         = {COUNT_BITS{1'b0}};

    // ------------------------------------------------------------ storage

    // The two buffers, element i at index i; the padding elements of the
    // last word are never written and read as zero.
    // Registers, not block RAM: a write carries CHUNK elements and a read
    // returns WORD of them, at any word as soon as it is in.
    (* ram_style = "logic" *) reg [BITS-1:0] mem0 [0:N-1];
    (* ram_style = "logic" *) reg [BITS-1:0] mem1 [0:N-1];
    reg               wsel;             // buffer being written
    reg               rsel;             // buffer being read

    integer wk;
    always @(posedge clk) begin
        if (wr_en)
            for (wk = 0; wk < CHUNK; wk = wk + 1)
                if (wr_chunk * CHUNK + wk < N) begin
                    if (wsel)
                        mem1[wr_chunk * CHUNK + wk] <= wr_data[wk*BITS +: BITS];
                    else
                        mem0[wr_chunk * CHUNK + wk] <= wr_data[wk*BITS +: BITS];
                end
    end

    reg                  full0, full1;  // buffer b holds a whole vector not yet released
    reg [COUNT_BITS-1:0] filled;        // elements written into buffer wsel so far
    reg                  ready;         // rd_ready, a register (below)

    wire wr_last = wr_en && (wr_chunk == LAST_CHUNK);

    // The state after this edge. rd_ready is computed from it one cycle
    // ahead and registered, so that the counter compare does not sit in
    // front of the reader's rd_en, which enables many flip-flops.
    wire                  wsel_n   = wr_last ? !wsel : wsel;
    wire                  rsel_n   = rd_release ? !rsel : rsel;
    wire [COUNT_BITS-1:0] filled_n = wr_last ? ZERO : wr_en ? filled + STEP_W : filled;
    wire                  full0_n  = (rd_release && !rsel) ? 1'b0 :
                                     (wr_last && !wsel) ? 1'b1 : full0;
    wire                  full1_n  = (rd_release && rsel) ? 1'b0 :
                                     (wr_last && wsel) ? 1'b1 : full1;
    wire [COUNT_BITS-1:0] need_n;       // elements the next word needs (its last + 1), after this edge

    assign wr_room  = wsel ? !full1 : !full0;
    assign rd_ready = ready;

    always @(posedge clk) begin
        if (rst) begin
            wsel   <= 1'b0;
            rsel   <= 1'b0;
            full0  <= 1'b0;
            full1  <= 1'b0;
            filled <= ZERO;
            ready  <= 1'b0;
        end else begin
            wsel   <= wsel_n;
            rsel   <= rsel_n;
            full0  <= full0_n;
            full1  <= full1_n;
            filled <= filled_n;
            ready  <= (rsel_n ? full1_n : full0_n) || (wsel_n == rsel_n && need_n <= filled_n);
        end
    end

    always @(posedge clk) begin
        if (rst)
            claims <= 2'd0;
        else if (claim && !rd_release)
            claims <= claims + 2'd1;
        else if (rd_release && !claim)
            claims <= claims - 2'd1;
    end

    // --------------------------------------------------------------- read

    // The word at element `base`: WORD elements, zero past the last.
    function [WORD*BITS-1:0] word_at(input integer base, input sel);
        integer k;
        begin
            word_at = {WORD*BITS{1'b0}};
            for (k = 0; k < WORD; k = k + 1)
                if (base + k < N)
                    word_at[k*BITS +: BITS] = sel ? mem1[base + k] : mem0[base + k];
        end
    endfunction

    generate
        if (WORDS > 1) begin : g_words
            localparam integer          PTR_BITS    = $clog2(WORDS);
            localparam integer          LAST_WORD_I = WORDS - 1;
            localparam [PTR_BITS-1:0]   LAST_WORD   = LAST_WORD_I[PTR_BITS-1:0];
            localparam integer          NEXT_LAST_I = WORDS - 2;
            localparam [PTR_BITS-1:0]   NEXT_LAST   = NEXT_LAST_I[PTR_BITS-1:0];
            reg [PTR_BITS-1:0]   ptr;       // the next word
            reg [COUNT_BITS-1:0] need;      // elements it needs (its last + 1)
            assign need_n = !rd_en ? need :
                            (ptr == LAST_WORD) ? FIRST_NEED :
                            (ptr == NEXT_LAST) ? N_C : need + STEP_R;
            always @(posedge clk) begin
                if (rst) begin
                    ptr  <= {PTR_BITS{1'b0}};
                    need <= FIRST_NEED;
                end else if (rd_en) begin
                    ptr  <= (ptr == LAST_WORD) ? {PTR_BITS{1'b0}} : ptr + 1'b1;
                    need <= need_n;
                end
            end
            always @(posedge clk) begin
                if (rd_en || HOLD == 0)
                    word <= word_at(ptr * WORD, rsel);
            end
        end else begin : g_one_word
            assign need_n = N_C;
            always @(posedge clk) begin
                if (rd_en || HOLD == 0)
                    word <= word_at(0, rsel);
            end
        end
    endgenerate

endmodule

`resetall
