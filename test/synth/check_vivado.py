#!/usr/bin/python3
"""check_vivado.py DIR LOG PART PERIOD - checks what vivado/build.tcl of
design folder DIR asked of Vivado (LOG, written by vivado_stubs.tcl):

  - the project is created for PART; the XDC it adds exists and constrains
    `clk` to PERIOD ns;
  - every file it adds exists; the RTL it adds is every rtl/*.v and
    rtl/lib/*.v of the folder, and none of the rtl/ip/ stand-ins;
  - one blk_mem_gen IP per lane memory instance in the RTL (with
    --memory xilinx-ip; none otherwise), named as the instance's module;
    each a single-port ROM whose width is the stand-in's douta width and
    whose depth is the number of words in its .coe (counted here), read
    latency 1 (no output registers), an ENA pin, initialized from the
    lane's .coe file;
  - synthesis (top <net>_top, PART), implementation and both reports.
"""
import glob
import json
import os
import re
import sys

d, log, part, period = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
d = os.path.realpath(d)
calls = [json.loads(line) for line in open(log)]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def called(cmd):
    return [c for c in calls if c["cmd"] == cmd]


def opt(args, name):
    return args[args.index(name) + 1] if name in args else None


cp = called("create_project")
if len(cp) != 1 or opt(cp[0]["args"], "-part") != part:
    fail(f"create_project: {cp}")

# Files added, and which fileset.
rtl_added, xdc_added = [], []
for c in called("add_files"):
    a = c["args"]
    files = [x for x in a[-1].split() if x] if a else []
    for f in files:
        if not os.path.isfile(f):
            fail(f"add_files names a missing file: {f}")
    if opt(a, "-fileset") == "constrs_1":
        xdc_added += files
    else:
        rtl_added += [f for f in files if f.endswith(".v")]
want_rtl = sorted(glob.glob(f"{d}/rtl/*.v") + glob.glob(f"{d}/rtl/lib/*.v"))
if sorted(os.path.realpath(f) for f in rtl_added) != want_rtl:
    fail(f"RTL added {sorted(rtl_added)}, expected {want_rtl}")
if len(xdc_added) != 1:
    fail(f"XDC files added: {xdc_added}")
else:
    xdc = open(xdc_added[0]).read()
    if not re.search(rf"^create_clock -period {re.escape(period)} -name clk "
                     r"\[get_ports clk\]$", xdc, re.M):
        fail(f"{xdc_added[0]}: no {period} ns clock on clk")

# Lane memory instances in the RTL: <module> u_mem_<l> (, as the layer
# template writes them for IP.
net = os.path.basename(glob.glob(f"{d}/rtl/*_top.v")[0])[:-6]
instances = {}
for f in glob.glob(f"{d}/rtl/{net}_*.v"):
    for m in re.finditer(r"^\s*(\w+_lane\d+_rom)\s+u_mem_(\d+)\s*\(",
                         open(f).read(), re.M):
        instances[m.group(1)] = f
ips = {opt(c["args"], "-module_name"): c for c in called("create_ip")}
if set(ips) != set(instances):
    fail(f"IP {sorted(ips)} but RTL instances {sorted(instances)}")
for name, c in ips.items():
    if opt(c["args"], "-name") != "blk_mem_gen":
        fail(f"{name}: not blk_mem_gen")
    props = [s for s in called("set_property")
             if s.get("dict") and s["args"][-1] == f"ip:{name}"]
    if len(props) != 1:
        fail(f"{name}: {len(props)} set_property -dict calls")
        continue
    kv = props[0]["dict"]
    cfg = dict(zip(kv[0::2], kv[1::2]))
    m = re.match(rf"{net}_(\w+)_lane(\d+)_rom$", name)
    coe = f"{d}/coe/{m.group(1)}_lane{m.group(2)}.coe"
    standin = open(f"{d}/rtl/ip/{name}.v").read()
    width = int(re.search(r"output\s+reg\s+\[(\d+)-1:0\]\s+douta",
                          standin).group(1))
    text = open(coe).read()
    vector = text.split("memory_initialization_vector=")[1]
    words = [w for w in re.split(r"[,;\s]+", vector) if w]
    want = {
        "CONFIG.Memory_Type": "Single_Port_ROM",
        "CONFIG.Write_Width_A": str(width),
        "CONFIG.Read_Width_A": str(width),
        "CONFIG.Write_Depth_A": str(max(2, len(words))),
        "CONFIG.Enable_A": "Use_ENA_Pin",
        "CONFIG.Register_PortA_Output_of_Memory_Primitives": "false",
        "CONFIG.Register_PortA_Output_of_Memory_Core": "false",
        "CONFIG.Load_Init_File": "true",
    }
    for k, v in want.items():
        if cfg.get(k) != v:
            fail(f"{name}: {k} = {cfg.get(k)}, expected {v}")
    if os.path.realpath(cfg.get("CONFIG.Coe_File", "")) != coe:
        fail(f"{name}: Coe_File {cfg.get('CONFIG.Coe_File')}, expected {coe}")
    if not any(g["args"][-1] == f"ip:{name}" for g in called("generate_target")):
        fail(f"{name}: no generate_target")

sd = called("synth_design")
if len(sd) != 1 or opt(sd[0]["args"], "-top") != f"{net}_top" or \
        opt(sd[0]["args"], "-part") != part:
    fail(f"synth_design: {sd}")
order = [c["cmd"] for c in calls if c["cmd"] in
         ("synth_design", "opt_design", "place_design", "route_design")]
if order != ["synth_design", "opt_design", "place_design", "route_design"]:
    fail(f"implementation steps: {order}")
if len(called("report_utilization")) < 1 or len(called("report_timing_summary")) != 1:
    fail("missing utilization or timing report")

print(f"{d}: {len(calls)} Vivado calls, {len(ips)} IP, "
      f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
