`resetall
`timescale 1ns / 1ps
`default_nettype none

// qn_weight_mem - one lane's weight memory: a ROM loaded from a file.
//
// DEPTH words of WIDTH bits, loaded with $readmemh(INIT_FILE) at
// initialisation and read synchronously: the word at `addr` in a cycle with
// `en` high is on `data` after the next rising edge, and stays there until
// the next enabled read. That is the read port of a block RAM, so with
// RAM_STYLE = "block" Yosys (synth_xilinx, synth_ice40) and Vivado map the
// array to RAMB18E1/RAMB36E1 or SB_RAM40_4K; with "distributed" it becomes
// LUTs plus the output register.
//
// Latency: 1 cycle (addr -> data).
//
// Ports:
//   clk                       clock
//   en                        read enable (tie to 1'b1 to read every cycle)
//   addr  [ADDR_BITS-1:0]     word address; ADDR_BITS = max(1, clog2(DEPTH))
//   data  [WIDTH-1:0]         the word read (registered)
//
// An address >= DEPTH reads an undefined word. There is no write port and
// no reset: the contents are fixed when the FPGA is configured.

module qn_weight_mem #(
    parameter integer DEPTH     = 16,       // words, >= 1
    parameter integer WIDTH     = 8,        // bits per word, >= 1
    parameter         INIT_FILE = "",       // $readmemh file; "" leaves the contents undefined
    parameter         RAM_STYLE = "block",  // "block" (block RAM) or "distributed" (LUTs)
    // Derived, leave at the default: the address width.
    parameter integer ADDR_BITS = (DEPTH > 1) ? $clog2(DEPTH) : 1
) (
    input  wire                 clk,
    input  wire                 en,
    input  wire [ADDR_BITS-1:0] addr,
    output reg  [WIDTH-1:0]     data
);

    // RAM_STYLE is a string, and strings of different lengths have
    // different widths; comparing the two concatenations (always of equal
    // width) tests RAM_STYLE == "block" without a width mismatch.
    localparam STYLE_IS_BLOCK       = ({RAM_STYLE, "block"} == {"block", RAM_STYLE});
    localparam STYLE_IS_DISTRIBUTED = ({RAM_STYLE, "distributed"} == {"distributed", RAM_STYLE});

    initial begin
        if (DEPTH < 1 || WIDTH < 1) begin
            $display("qn_weight_mem: DEPTH (%0d) and WIDTH (%0d) must be >= 1", DEPTH, WIDTH);
            $finish;
        end
        if (ADDR_BITS != ((DEPTH > 1) ? $clog2(DEPTH) : 1)) begin
            $display("qn_weight_mem: ADDR_BITS (%0d) is derived from DEPTH; do not set it",
                     ADDR_BITS);
            $finish;
        end
        if (!STYLE_IS_BLOCK && !STYLE_IS_DISTRIBUTED) begin
            $display("qn_weight_mem: RAM_STYLE must be \"block\" or \"distributed\", not \"%0s\"",
                     RAM_STYLE);
            $finish;
        end
    end

    // The array carries the style both as ram_style and as rom_style
    // (Vivado infers a ROM here and reads rom_style). Yosys 0.23 has no
    // LUT-RAM mapping for a memory without a write port and stops on
    // "distributed"; its name for a ROM built from LUTs is "logic".
`ifdef YOSYS
    localparam YOSYS_STYLE = STYLE_IS_BLOCK ? "block" : "logic";
    (* ram_style = YOSYS_STYLE, rom_style = YOSYS_STYLE *)
`else
    (* ram_style = RAM_STYLE, rom_style = RAM_STYLE *)
`endif
    reg [WIDTH-1:0] mem [0:DEPTH-1];

    initial begin
        if (INIT_FILE != "")
            $readmemh(INIT_FILE, mem);
    end

    always @(posedge clk) begin
        if (en)
            data <= mem[addr];
    end

endmodule

`resetall
