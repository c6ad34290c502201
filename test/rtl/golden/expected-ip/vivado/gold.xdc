# qnngen VERSION: clock constraint of vivado/build.tcl
# source: small.yaml
# generated file: do not edit
#
# One clock, `clk`, at 10.000 ns (100.0 MHz; qnngen generate --clock-ns).
create_clock -period 10.000 -name clk [get_ports clk]
