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
# Lane memories: one blk_mem_gen IP each, from coe/.
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
# gold_hid_lane0_rom (layer hid, lane 0): 6 words of 6 bits
# from coe/hid_lane0.coe, a single-port ROM with read latency 1 (neither
# the primitive nor the core output register), like rtl/ip/gold_hid_lane0_rom.v.
create_ip -name blk_mem_gen -vendor xilinx.com -library ip \
    -module_name gold_hid_lane0_rom -dir $ip_dir
set_property -dict [list \
    CONFIG.Memory_Type {Single_Port_ROM} \
    CONFIG.Write_Width_A {6} \
    CONFIG.Read_Width_A {6} \
    CONFIG.Write_Depth_A {6} \
    CONFIG.Enable_A {Use_ENA_Pin} \
    CONFIG.Use_RSTA_Pin {false} \
    CONFIG.Register_PortA_Output_of_Memory_Primitives {false} \
    CONFIG.Register_PortA_Output_of_Memory_Core {false} \
    CONFIG.Load_Init_File {true} \
    CONFIG.Coe_File [file join $root coe/hid_lane0.coe] \
    CONFIG.Port_A_Write_Rate {0} \
] [get_ips gold_hid_lane0_rom]
set_property generate_synth_checkpoint false [get_files gold_hid_lane0_rom.xci]
generate_target all [get_ips gold_hid_lane0_rom]

# gold_hid_lane1_rom (layer hid, lane 1): 6 words of 6 bits
# from coe/hid_lane1.coe, a single-port ROM with read latency 1 (neither
# the primitive nor the core output register), like rtl/ip/gold_hid_lane1_rom.v.
create_ip -name blk_mem_gen -vendor xilinx.com -library ip \
    -module_name gold_hid_lane1_rom -dir $ip_dir
set_property -dict [list \
    CONFIG.Memory_Type {Single_Port_ROM} \
    CONFIG.Write_Width_A {6} \
    CONFIG.Read_Width_A {6} \
    CONFIG.Write_Depth_A {6} \
    CONFIG.Enable_A {Use_ENA_Pin} \
    CONFIG.Use_RSTA_Pin {false} \
    CONFIG.Register_PortA_Output_of_Memory_Primitives {false} \
    CONFIG.Register_PortA_Output_of_Memory_Core {false} \
    CONFIG.Load_Init_File {true} \
    CONFIG.Coe_File [file join $root coe/hid_lane1.coe] \
    CONFIG.Port_A_Write_Rate {0} \
] [get_ips gold_hid_lane1_rom]
set_property generate_synth_checkpoint false [get_files gold_hid_lane1_rom.xci]
generate_target all [get_ips gold_hid_lane1_rom]

# gold_out_lane0_rom (layer out, lane 0): 4 words of 2 bits
# from coe/out_lane0.coe, a single-port ROM with read latency 1 (neither
# the primitive nor the core output register), like rtl/ip/gold_out_lane0_rom.v.
create_ip -name blk_mem_gen -vendor xilinx.com -library ip \
    -module_name gold_out_lane0_rom -dir $ip_dir
set_property -dict [list \
    CONFIG.Memory_Type {Single_Port_ROM} \
    CONFIG.Write_Width_A {2} \
    CONFIG.Read_Width_A {2} \
    CONFIG.Write_Depth_A {4} \
    CONFIG.Enable_A {Use_ENA_Pin} \
    CONFIG.Use_RSTA_Pin {false} \
    CONFIG.Register_PortA_Output_of_Memory_Primitives {false} \
    CONFIG.Register_PortA_Output_of_Memory_Core {false} \
    CONFIG.Load_Init_File {true} \
    CONFIG.Coe_File [file join $root coe/out_lane0.coe] \
    CONFIG.Port_A_Write_Rate {0} \
] [get_ips gold_out_lane0_rom]
set_property generate_synth_checkpoint false [get_files gold_out_lane0_rom.xci]
generate_target all [get_ips gold_out_lane0_rom]

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
