# qnngen VERSION: Vivado build script
# source: small.yaml
# generated file: do not edit
#
# Builds the design with Vivado, in batch mode, from any folder:
#
#     vivado -mode batch -source vivado/build.tcl
#
# Part xc7a35tcpg236-1, clock `clk` at 10.000 ns (vivado/gold.xdc); both
# were chosen at generation time (qnngen generate --part, --clock-ns).
# Lane memories: inferred from the RTL, initialized from mem/.
#
# It creates the project vivado/project/gold.xpr, the IP in vivado/ip/,
# synthesizes the design out of context (no I/O buffers: the figures are
# the network's own), places and routes it, and writes
# vivado/utilization.rpt, vivado/utilization_hier.rpt (per layer),
# vivado/timing.rpt and vivado/gold_routed.dcp.

set here [file dirname [file normalize [info script]]]
set root [file dirname $here]
set part xc7a35tcpg236-1
set top gold_top
set ip_dir [file join $here ip]

# The RTL reads its memory images with $readmemh("mem/..."), relative to
# the design folder: synthesize in this process, from there.
cd $root

create_project -force gold [file join $here project] -part $part
set_property target_language Verilog [current_project]
file mkdir $ip_dir

# ------------------------------------------------------------ lane memories
# None: the lane memories are inferred from rtl/lib/qn_weight_mem.v
# (generate with --memory xilinx-ip for blk_mem_gen IP).

# ----------------------------------------- RTL, memory images, constraint
add_files -norecurse [list \
    [file join $root rtl/lib/qn_axis_in.v] \
    [file join $root rtl/lib/qn_axis_out.v] \
    [file join $root rtl/lib/qn_layer_seq.v] \
    [file join $root rtl/lib/qn_mac_lane.v] \
    [file join $root rtl/lib/qn_param_rom.v] \
    [file join $root rtl/lib/qn_requant.v] \
    [file join $root rtl/lib/qn_sync.v] \
    [file join $root rtl/lib/qn_weight_mem.v] \
    [file join $root rtl/gold_hid.v] \
    [file join $root rtl/gold_out.v] \
    [file join $root rtl/gold_top.v] \
]
add_files -norecurse [lsort [glob -nocomplain -directory [file join $root mem] *.mem]]
add_files -fileset constrs_1 -norecurse [file join $here gold.xdc]
set_property top $top [current_fileset]
update_compile_order -fileset sources_1

# ---------------------------------------- synthesis and implementation
synth_design -top $top -part $part -mode out_of_context
opt_design
place_design
route_design
report_utilization -file [file join $here utilization.rpt]
report_utilization -hierarchical -file [file join $here utilization_hier.rpt]
report_timing_summary -file [file join $here timing.rpt]
write_checkpoint -force [file join $here gold_routed.dcp]
