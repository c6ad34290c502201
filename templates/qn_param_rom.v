`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_param_rom - a small per-layer table (bias terms, multipliers, shifts)
// with PORTS independent combinational read ports.
//
// DEPTH words of WIDTH bits, loaded with $readmemh(INIT_FILE). Port p reads
// the word at addr[p*ADDR_BITS +: ADDR_BITS] onto data[p*WIDTH +: WIDTH] in
// the same cycle. An address >= DEPTH reads zero, so a lane whose neuron
// index runs past the end of the table in the last group gets a defined
// value. The table is meant to be small: it becomes LUTs (one copy of the
// decoding per port; a constant address costs nothing).
//
// Latency: 0 cycles (combinational).
//
// Ports:
//   addr  [PORTS*ADDR_BITS-1:0]   one address per port; ADDR_BITS = max(1, clog2(DEPTH))
//   data  [PORTS*WIDTH-1:0]       one word per port

module qn_param_rom #(
    parameter integer DEPTH     = 16,   // words, >= 1
    parameter integer WIDTH     = 8,    // bits per word, >= 1
    parameter         INIT_FILE = "",   // $readmemh file; "" leaves the contents undefined
    parameter integer PORTS     = 1,    // read ports, >= 1
    // Derived, leave at the default: the address width.
    parameter integer ADDR_BITS = (DEPTH > 1) ? $clog2(DEPTH) : 1
) (
    input  wire [PORTS*ADDR_BITS-1:0] addr,
    output wire [PORTS*WIDTH-1:0]     data
);

    initial begin
        if (DEPTH < 1 || WIDTH < 1 || PORTS < 1) begin
            $display("qn_param_rom: DEPTH (%0d), WIDTH (%0d) and PORTS (%0d) must be >= 1",
                     DEPTH, WIDTH, PORTS);
            $finish;
        end
        if (ADDR_BITS != ((DEPTH > 1) ? $clog2(DEPTH) : 1)) begin
            $display("qn_param_rom: ADDR_BITS (%0d) is derived from DEPTH; do not set it",
                     ADDR_BITS);
            $finish;
        end
    end

    // The range check on the address; when DEPTH fills the address space
    // every address is in range and there is nothing to check.
    localparam                 FULL      = (DEPTH == (1 << ADDR_BITS));
    localparam integer         LAST      = DEPTH - 1;
    localparam [ADDR_BITS-1:0] LAST_ADDR = LAST[ADDR_BITS-1:0];
    localparam [WIDTH-1:0]     ZERO      = {WIDTH{1'b0}};

    // Read asynchronously, so never a block RAM: no style attribute needed.
    reg [WIDTH-1:0] rom [0:DEPTH-1];

    initial begin
        if (INIT_FILE != "")
            $readmemh(INIT_FILE, rom);
    end

    genvar p;
    generate
        for (p = 0; p < PORTS; p = p + 1) begin : g_port
            wire [ADDR_BITS-1:0] a = addr[p*ADDR_BITS +: ADDR_BITS];
            if (FULL) begin : g_full
                assign data[p*WIDTH +: WIDTH] = rom[a];
            end else begin : g_partial
                assign data[p*WIDTH +: WIDTH] = (a <= LAST_ADDR) ? rom[a] : ZERO;
            end
        end
    endgenerate

endmodule

`resetall
