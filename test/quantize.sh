#!/bin/sh
# quantize.sh - `qnngen quantize` and `qnngen run --float` on a network
# worked by hand from qnngen-yaml(5), QUANTIZATION:
#
#   W = [[0.5, -0.25], [1.0, 0.1]], b = [0.1, -0.2], 4-bit weights: s = 1/7,
#   W/s = 3.5 -> 4 (even), -1.75 -> -2, 7, 0.7000000000000001 -> 1.
#   Input [-1, 1] as int8: s_in = 2/255, zero point 0; s_acc = 2/1785,
#   b/s_acc = 89.25000000000001 -> 89 and -178.50000000000003 -> -179 (in
#   double the second is not a tie).  Output range [-2, 2] in 8 signed bits:
#   t = 2/127, M = s_acc/t = 127/1785 = 0.5691876750700280 * 2^-3:
#   nearest shift 4; 16-bit multiplier nearbyint(0.56918.. * 2^15) =
#   nearbyint(18651.14) = 18651, shift 15 + 3 = 18.
#   Input [0, 1]: s_in = 1/255, zero point -128 folded into the bias:
#   nearbyint(178.50000000000003) + 128 * (4 - 2) = 179 + 256 = 435 and
#   nearbyint(-357.00000000000006) + 128 * (7 + 1) = -357 + 1024 = 667;
#   M = 127/3570 = 0.0356 -> shift 5.
#   run --float on x = [0.5, -0.5] (input [-1, 1]): x_q = [64, -64],
#   acc = [473, 205], /16 -> [30, 13] (half_even); float y = [0.475, 0.25];
#   dequantized with 32/1785: errors 0.0628151 and 0.0169468, mean 0.039881.
set -u
: "${QNNGEN:?}" "${PYTHON3:=/usr/bin/python3}"
"$PYTHON3" -c 'import numpy' 2>/dev/null || { echo "no numpy: skip"; exit 77; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

"$PYTHON3" - <<'PY' || exit 99
import numpy as np
np.savez('f.npz', **{'fc.weight': np.array([[0.5, -0.25], [1.0, 0.1]]),
                     'fc.bias': np.array([0.1, -0.2])})
np.save('x.npy', np.array([[0.5, -0.5]]))
np.save('labels.npy', np.array([0]))
PY
net() {  # net MODE INPUT_RANGE
    cat <<EOF
qnngen: 1
name: hand
weights: f.npz
input: {size: 2, bits: 8, signed: true}
quantization: {mode: $1, input_range: $2}
layers:
  - name: fc
    type: dense
    out: 2
    weight: fc.weight
    bias: fc.bias
    weight_bits: 4
    out_bits: 8
    quantization: {range: [-2, 2]}
EOF
}
# expect NAME KEY VALUES: the array KEY of NAME.npz is VALUES
expect() {
    got=$("$PYTHON3" -c "import numpy as np; print(np.load('$1.npz')['$2'].ravel().tolist())")
    [ "$got" = "$3" ] || fail "$1 $2: got $got, want $3"
}
yaml_has() { grep -q "^    $2\$" "$1.yaml" || fail "$1.yaml has no '$2'"; }

net shift '[-1, 1]' >shift.f.yaml
"$QNNGEN" quantize shift.f.yaml -o shift.yaml >/dev/null || fail "quantize shift"
expect shift fc.weight "[4, -2, 7, 1]"
expect shift fc.bias "[89, -179]"
yaml_has shift "shift: 4"
yaml_has shift "out_signed: true"
expect shift float.fc.bias "[0.1, -0.2]"

net multiplier '[-1, 1]' >mult.f.yaml
"$QNNGEN" quantize mult.f.yaml -o mult.yaml >/dev/null || fail "quantize multiplier"
yaml_has mult "multiplier: 18651"
yaml_has mult "shift: 18"
yaml_has mult "multiplier_bits: 16"

net shift '[0, 1]' >zp.f.yaml
"$QNNGEN" quantize zp.f.yaml -o zp.yaml >/dev/null || fail "quantize zero point"
expect zp fc.bias "[435, 667]"
yaml_has zp "shift: 5"
grep -q "input_zero_point: -128" zp.yaml || fail "zp.yaml: no input zero point in meta"

# Range [-2e-3, 2e-3]: t = 2e-3/127, M = (2/1785)/t = 71.1: a left shift
# of 6 per tensor becomes 0, the output is the accumulator, scale 2/1785.
net shift '[-1, 1]' | sed 's/range: \[-2, 2\]/range: [-2e-3, 2e-3]/' >small.f.yaml
"$QNNGEN" quantize small.f.yaml -o small.yaml >/dev/null || fail "quantize M > 1"
yaml_has small "shift: 0"
grep -q "output_scale: 0.0011204481792717086" small.yaml || fail "M > 1: output scale is not s_acc"

# An asymmetric output: range [-0.5, 2] with zero_point, 8 bits:
# t = 2.5/255, M = (2/1785)/t = 0.1142857 = 0.914 * 2^-3 -> shift 3,
# output scale 16/1785; z = -128 - nearbyint(-0.5/(16/1785) = -55.78) = -72,
# folded as z * 2^3 = -576: bias [89 - 576, -179 - 576] = [-487, -755].
net shift '[-1, 1]' | sed 's/range: \[-2, 2\]}/range: [-0.5, 2], zero_point: true}/' >azp.f.yaml
"$QNNGEN" quantize azp.f.yaml -o azp.yaml >/dev/null || fail "quantize output zero point"
expect azp fc.bias "[-487, -755]"
yaml_has azp "shift: 3"
grep -q "output_zero_point: -72" azp.yaml || fail "azp.yaml: no output zero point -72"
# run --float dequantizes (q - z) * scale: x = [0.5, -0.5] -> acc = 473 - 576
# = -103 -> -103/8 = -12.875 -> -13 and 205 - 576 = -371 -> -46.375 -> -46;
# (-13 + 72) * 16/1785 = 0.528852 (float 0.475), (-46 + 72) * 16/1785 =
# 0.233053 (float 0.25): largest error 0.0538515.
"$QNNGEN" run azp.yaml --float --input x.npy >azp.txt || fail "run --float azp"
awk '$1 == "fc" { e = $4 - 0.0538515; if (e < -1e-6 || e > 1e-6) exit 1; ok = 1 }
     END { exit !ok }' azp.txt || fail "run --float with a zero point: $(cat azp.txt)"

# run --float: the hand-worked errors, and both accuracies
"$QNNGEN" run shift.yaml --float --input x.npy --labels labels.npy >float.txt ||
    fail "run --float"
awk '$1 == "fc" { e = $4 - 0.0628151; m = $5 - 0.039881;
                  if (e < -1e-6 || e > 1e-6 || m < -1e-6 || m > 1e-6) exit 1; ok = 1 }
     END { exit !ok }' float.txt || fail "run --float errors: $(cat float.txt)"
grep -q "accuracy: float 1.0000 (1/1), quantized 1.0000 (1/1)" float.txt ||
    fail "run --float accuracy: $(cat float.txt)"
"$QNNGEN" run shift.yaml --input x.npy -o q.npy 2>/dev/null &&
    fail "float input vectors accepted without --float"

# per channel, shift mode: rows 0.5/7 and 1/7 snap to a power-of-two
# ratio, so row 0's weights are 0.5/(0.5/7) = 7 and -3.5 -> -4, shift 5 and 4
net shift '[-1, 1]' | sed 's/range: \[-2, 2\]}/range: [-2, 2], granularity: per_channel}/' >pc.f.yaml
"$QNNGEN" quantize pc.f.yaml -o pc.yaml >/dev/null || fail "quantize per channel"
expect pc fc.weight "[7, -4, 7, 1]"
expect pc fc.shift "[5, 4]"

# A failing run leaves the earlier output as it was, and no temporaries.
cp shift.yaml before.yaml && cp shift.npz before.npz
sed 's/weight_bits: 4/weight_bits: 1/' shift.f.yaml >bad.f.yaml
"$QNNGEN" quantize bad.f.yaml -o shift.yaml >/dev/null 2>&1 && fail "weight_bits 1 accepted"
net shift '[-1, 1]' | sed 's/range: \[-2, 2\]/range: [-2e30, 2e30]/' >huge.f.yaml
"$QNNGEN" quantize huge.f.yaml -o shift.yaml >/dev/null 2>huge.err && fail "shift > 62 accepted"
grep -q "outside 0..62" huge.err || fail "no shift range message: $(cat huge.err)"
cmp -s shift.yaml before.yaml && cmp -s shift.npz before.npz ||
    fail "a failed quantize changed the earlier output"
ls -a | grep -q qnngen-quantize && fail "temporary directory left behind"

# Same input, same bytes.
"$QNNGEN" quantize shift.f.yaml -o again.yaml >/dev/null
cmp -s shift.npz again.npz || fail "quantize is not deterministic"

[ "$failed" -eq 0 ] && echo "quantize: all checks passed"
[ "$failed" -eq 0 ]
