// qnngen VERSION: stand-in for the blk_mem_gen IP gold_hid_lane0_rom
// source: small.yaml
// generated file: do not edit
`resetall
`timescale 1ns / 1ps
`default_nettype none

// gold_hid_lane0_rom - stand-in for the blk_mem_gen IP of the same name that the Vivado
// script creates from coe/hid_lane0.coe: a single-port ROM of
// 6 words of 6 bits, read latency 1 (no primitive or core output
// register): douta shows the word at addra one clock edge after a cycle
// with ena high, and keeps it while ena is low. It reads mem/hid_lane0.mem,
// which holds the same words as the .coe file.
module gold_hid_lane0_rom (
    input  wire             clka,
    input  wire             ena,
    input  wire [3-1:0]  addra,
    output reg  [6-1:0] douta
);

    // blk_mem_gen is block RAM: say so, so that synthesis of the stand-in
    // (make synth, synth-ice40) counts what Vivado will build.
    (* ram_style = "block", rom_style = "block" *)
    reg [6-1:0] rom [0:6-1];

    initial
        $readmemh("mem/hid_lane0.mem", rom);

    always @(posedge clka)
        if (ena)
            douta <= rom[addra];

endmodule

`resetall
