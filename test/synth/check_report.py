#!/usr/bin/python3
"""check_report.py DIR EXPECT [ice40=N] - checks DIR/report.json.

EXPECT lists, per layer, the block RAMs its lane memories must take, worked
out by hand from the memory shapes: "hid=2x18,out=2x18" (two RAMB18),
"big=2x36" (two RAMB36).  Checks:
  - every lane memory of every layer is block RAM alone, and each layer's
    RAMB18/RAMB36 counts are EXPECT's;
  - the totals are the per-layer rows plus the stream/hand-over row;
  - the totals equal Yosys' own design totals (synth/xc7_stat.txt, the
    `design hierarchy` table, counted here independently);
  - with `ice40=N`: an Fmax, utilization within the device, and N
    SB_RAM40_4K blocks (worked out by hand too).
"""
import json
import re
import sys

d, expect = sys.argv[1], sys.argv[2]
ice40 = None
if len(sys.argv) > 3 and sys.argv[3].startswith("ice40="):
    ice40 = int(sys.argv[3][6:])
rep = json.load(open(f"{d}/report.json"))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


want = {}
for item in expect.split(","):
    name, spec = item.split("=")
    n, kind = spec.split("x")
    want[name] = (int(n), int(kind))

x = rep["xc7"]
keys = ["lut", "ff", "carry", "muxf", "dsp", "ram18", "ram36", "io", "other"]
for ly in x["layers"]:
    n, kind = want.pop(ly["name"])
    c = ly["cells"]
    if ly["lane_memories"] != ly["lanes"]:
        fail(f'{ly["name"]}: {ly["lane_memories"]} lane memories found, '
             f'{ly["lanes"]} lanes')
    if ly["lane_memories_in_bram"] != ly["lanes"]:
        fail(f'{ly["name"]}: only {ly["lane_memories_in_bram"]} lane '
             f'memories are block RAM alone')
    got = (c["ram18"], c["ram36"])
    exp = (n, 0) if kind == 18 else (0, n)
    if got != exp:
        fail(f'{ly["name"]}: RAMB18/RAMB36 {got}, expected {exp}')
    if ly["lane_memory_bram18"] != exp[0] + 2 * exp[1]:
        fail(f'{ly["name"]}: lane memories take {ly["lane_memory_bram18"]} '
             f'RAMB18 eq., expected {exp[0] + 2 * exp[1]}')
    if ly["expected_lane_memory_bram18"] != exp[0] + 2 * exp[1]:
        fail(f'{ly["name"]}: qnngen expected '
             f'{ly["expected_lane_memory_bram18"]} RAMB18 eq.')
if want:
    fail(f"layers missing from the report: {sorted(want)}")

for k in keys:
    s = sum(ly["cells"][k] for ly in x["layers"]) + x["rest"][k]
    if s != x["total"][k]:
        fail(f"total {k} {x['total'][k]} != rows {s}")

# Yosys' own totals: the cell table after "=== design hierarchy ===".
text = open(f"{d}/synth/xc7_stat.txt").read()
tail = text[text.rindex("=== design hierarchy ==="):]
yc = dict.fromkeys(keys, 0)
for t, n in re.findall(r"^\s+([A-Z][A-Z0-9_]*)\s+(\d+)$", tail, re.M):
    n = int(n)
    if re.fullmatch(r"LUT[1-6]|INV", t):
        yc["lut"] += n
    elif re.fullmatch(r"FD[RSCP]E", t):
        yc["ff"] += n
    elif t == "CARRY4":
        yc["carry"] += n
    elif t in ("MUXF7", "MUXF8"):
        yc["muxf"] += n
    elif t == "DSP48E1":
        yc["dsp"] += n
    elif t == "RAMB18E1":
        yc["ram18"] += n
    elif t == "RAMB36E1":
        yc["ram36"] += n
    elif t in ("IBUF", "OBUF", "BUFG"):
        yc["io"] += n
    else:
        yc["other"] += n
for k in keys:
    if yc[k] != x["total"][k]:
        fail(f"total {k}: report {x['total'][k]}, Yosys {yc[k]}")
if yc["lut"] == 0 or yc["ff"] == 0:
    fail("Yosys' table has no LUTs or no flip-flops: not parsed")

if ice40 is not None:
    i = rep["ice40"]
    if not i.get("fmax_mhz", 0) > 0:
        fail("no iCE40 Fmax")
    u = i["utilization"]
    for res in ("ICESTORM_LC", "ICESTORM_RAM"):
        if not 0 < u[res]["used"] <= u[res]["available"]:
            fail(f"{res}: {u[res]}")
    if u["ICESTORM_RAM"]["used"] != ice40:
        fail(f"ICESTORM_RAM {u['ICESTORM_RAM']['used']}, expected {ice40}")
    if i["cells"]["ram18"] != ice40:
        fail(f"SB_RAM40_4K {i['cells']['ram18']}, expected {ice40}")

print(f"{d}: report checked, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
