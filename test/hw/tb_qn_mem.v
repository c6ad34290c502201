`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_qn_mem - qn_weight_mem and qn_param_rom, loaded from MEM_FILE (random
// words from gen_vectors.py), against the testbench's own copy of the file.
//
// qn_weight_mem (both RAM styles): random addresses and enables; data must
// be the word addressed in the last enabled cycle, one cycle later, and hold
// otherwise. qn_param_rom: PORTS random addresses a cycle over the whole
// address space; each port reads its word in the same cycle, zero past the
// end of the table.

module tb_qn_mem;

    parameter integer DEPTH    = 12;
    parameter integer WIDTH    = 8;
    parameter integer PORTS    = 2;
    parameter         MEM_FILE = "mem.mem";
    parameter integer CYCLES   = 2000;

    localparam integer ADDR_BITS = (DEPTH > 1) ? $clog2(DEPTH) : 1;

    reg [WIDTH-1:0] ref_mem [0:DEPTH-1];

    reg                        clk = 1'b0;
    reg                        en = 1'b0;
    reg  [ADDR_BITS-1:0]       addr = {ADDR_BITS{1'b0}};
    wire [WIDTH-1:0]           data_block, data_dist;
    reg  [PORTS*ADDR_BITS-1:0] rom_addr = {PORTS*ADDR_BITS{1'b0}};
    wire [PORTS*WIDTH-1:0]     rom_data;

    always #5 clk = !clk;

    qn_weight_mem #(.DEPTH(DEPTH), .WIDTH(WIDTH), .INIT_FILE(MEM_FILE), .RAM_STYLE("block"))
        u_block (.clk(clk), .en(en), .addr(addr), .data(data_block));
    qn_weight_mem #(.DEPTH(DEPTH), .WIDTH(WIDTH), .INIT_FILE(MEM_FILE), .RAM_STYLE("distributed"))
        u_dist (.clk(clk), .en(en), .addr(addr), .data(data_dist));
    qn_param_rom #(.DEPTH(DEPTH), .WIDTH(WIDTH), .INIT_FILE(MEM_FILE), .PORTS(PORTS))
        u_rom (.addr(rom_addr), .data(rom_data));

    integer errors = 0;
    integer i, p, a;
    reg [WIDTH-1:0] want_mem;
    reg             have_want = 1'b0;
    reg [WIDTH-1:0] want;

    initial begin
        $readmemh(MEM_FILE, ref_mem);
        for (i = 0; i < CYCLES; i = i + 1) begin
            @(negedge clk);
            // The weight memories: check what the last edge delivered.
            if (have_want && (data_block !== want_mem || data_dist !== want_mem)) begin
                if (errors < 20)
                    $display("ERROR: cycle %0d: weight memory %h / %h, want %h",
                             i, data_block, data_dist, want_mem);
                errors = errors + 1;
            end
            // The table: combinational, every port, in range or not.
            for (p = 0; p < PORTS; p = p + 1) begin
                a = rom_addr[p*ADDR_BITS +: ADDR_BITS];
                want = (a < DEPTH) ? ref_mem[a] : {WIDTH{1'b0}};
                if (rom_data[p*WIDTH +: WIDTH] !== want) begin
                    if (errors < 20)
                        $display("ERROR: table port %0d address %0d: %h, want %h",
                                 p, a, rom_data[p*WIDTH +: WIDTH], want);
                    errors = errors + 1;
                end
            end
            // Next inputs (addresses below DEPTH for the weight memory).
            en = (i < 3) || ($random & 1);
            addr = {$random} % DEPTH;
            if (en) begin
                want_mem = ref_mem[addr];
                have_want = 1'b1;
            end
            for (p = 0; p < PORTS; p = p + 1)
                rom_addr[p*ADDR_BITS +: ADDR_BITS] = $random;
        end
        if (errors == 0)
            $display("PASS: qn_weight_mem (block, distributed) and qn_param_rom DEPTH=%0d WIDTH=%0d PORTS=%0d",
                     DEPTH, WIDTH, PORTS);
        else
            $display("FAIL: %0d errors", errors);
        $finish;
    end

endmodule

`resetall
