# vivado_stubs.tcl - stand-ins for the Vivado commands vivado/build.tcl
# uses, for running it under plain tclsh: each records its call as one
# JSON line in $::stub_log and returns a handle the next command can take.
#
#   tclsh vivado_stubs.tcl LOG DESIGN_DIR/vivado/build.tcl
#
# A command the script uses that has no stand-in here stops the run
# (Tcl's "invalid command name"), so the log holds every Vivado call.

proc json_str {s} {
    set s [string map [list \\ \\\\ \" \\\" \n \\n \t \\t] $s]
    return "\"$s\""
}

proc json_list {items} {
    set out {}
    foreach i $items {
        lappend out [json_str $i]
    }
    return "\[[join $out {, }]\]"
}

proc record {cmd args} {
    set parts [list "\"cmd\": [json_str $cmd]"]
    # set_property -dict LIST OBJECT: the LIST's pairs, one by one.
    if {$cmd eq "set_property" && [lindex $args 0] eq "-dict"} {
        lappend parts "\"dict\": [json_list [lindex $args 1]]"
        set args [lrange $args 2 end]
    }
    lappend parts "\"args\": [json_list $args]"
    puts $::stub_out "{[join $parts {, }]}"
}

foreach cmd {create_project set_property create_ip generate_target
             add_files update_compile_order synth_design opt_design
             place_design route_design report_utilization
             report_timing_summary write_checkpoint} {
    proc $cmd {args} "record $cmd {*}\$args; return {}"
}
proc current_project {args} { record current_project {*}$args; return project:current }
proc current_fileset {args} { record current_fileset {*}$args; return fileset:sources_1 }
proc get_ips {args} { record get_ips {*}$args; return ip:[lindex $args end] }
proc get_files {args} { record get_files {*}$args; return file:[lindex $args end] }

set stub_out [open [lindex $argv 0] w]
set script [lindex $argv 1]
set argv {}
source $script
close $stub_out
