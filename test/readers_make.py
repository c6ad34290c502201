"""readers_make.py - the files test/readers.sh feeds to test/unit_readers.

    readers_make.py DIR                  write .npy/.npz/.csv files into DIR,
                                         their expected dumps, DIR/manifest
    readers_make.py --check-written DIR  compare the files `unit_readers
                                         write-i64 DIR` wrote with np.save's

Most files are written by numpy itself (np.save, np.savez,
np.savez_compressed, np.savetxt, numpy.lib.format.write_array) or by
Python's zipfile; the corrupt ones are edited copies, or zips built byte by
byte when no library would write them (zip bombs).

Manifest lines, tab separated:
    ok    NAME  MODE FILE [MEMBER]   output must equal NAME.expect, exit 0
    fail  TEXT  MODE FILE [MEMBER]   output must contain TEXT, exit 1
    fuzz  -     fuzz FILE            every truncation and byte flip parses
                                     or fails cleanly
The expected dump is what unit_readers prints: kind, dtype, shape, then one
value a line in C order (floats as the 64 bits of the double, in hex).
"""

import io
import os
import struct
import sys
import zipfile
import zlib

import numpy as np

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1


class Suite:
    """Writes files and collects manifest lines."""

    def __init__(self, out):
        self.out = out
        self.lines = []

    def path(self, name):
        return os.path.join(self.out, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)

    def ok(self, name, mode, file, expect, member=None):
        with open(self.path(name + ".expect"), "w") as f:
            f.write(expect)
        self._line("ok", name, mode, file, member)

    def fail(self, text, mode, file, member=None):
        self._line("fail", text, mode, file, member)

    def fuzz(self, file):
        self._line("fuzz", "-", "fuzz", file, None)

    def _line(self, kind, what, mode, file, member):
        assert "\t" not in what and "\n" not in what
        fields = [kind, what, mode, file] + ([member] if member else [])
        self.lines.append("\t".join(fields))

    def finish(self):
        with open(self.path("manifest"), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def bits(x):
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def dump(a, dtype=None):
    """What unit_readers prints for array `a`."""
    kind = {"f": "float", "b": "bool"}.get(a.dtype.kind, "int")
    lines = ["kind " + kind, "dtype " + (dtype or a.dtype.str),
             "shape" + "".join(" %d" % n for n in a.shape)]
    for v in np.ascontiguousarray(a).reshape(-1):
        lines.append(bits(v) if kind == "float" else str(int(v)))
    return "\n".join(lines) + "\n"


def npy_bytes(a, version=None):
    f = io.BytesIO()
    if version is None:
        np.save(f, a, allow_pickle=True)
    else:
        np.lib.format.write_array(f, a, version=version)
    return f.getvalue()


def edit_header(raw, old, new):
    """Replaces text in a v1.0 header, keeping its length by taking or
    giving padding spaces, so only the edit differs."""
    hlen = struct.unpack("<H", raw[8:10])[0]
    head = raw[10:10 + hlen]
    assert old in head, (old, head)
    head = head.replace(old, new, 1)
    body = head.rstrip(b" \n")
    pad = hlen - 1 - len(body)
    assert pad >= 0
    return raw[:10] + body + b" " * pad + b"\n" + raw[10 + hlen:]


# ---- .npy -----------------------------------------------------------------

INT_CODES = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]


def int_values(code, rng, n=24):
    info = np.iinfo(np.dtype(code))
    hi = min(int(info.max), INT64_MAX)
    fixed = [int(info.min), hi, 0, 1, int(info.min) + 1, hi - 1]
    rand = rng.integers(int(info.min), hi, size=n - len(fixed), endpoint=True,
                        dtype=np.int64 if code != "u8" else np.uint64)
    return fixed + [int(v) for v in rand]


def float_values(code, rng):
    v = [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-300, 1e300,
         np.finfo(np.dtype(code)).tiny / 4, float(np.finfo(np.dtype(code)).max),
         1.0 / 3.0]
    v += list(rng.normal(size=12) * 1000)
    with np.errstate(over="ignore", under="ignore"):  # 1e300 in float16
        return np.array(v, dtype=code)


def orders(code):
    return ["|"] if np.dtype(code).itemsize == 1 else ["<", ">"]


def npy_ok(s, name, a, version=None, want_fortran=None):
    raw = npy_bytes(a, version)
    if want_fortran is not None:  # make sure numpy wrote what we test
        assert (b"'fortran_order': True" in raw) == want_fortran, name
    s.write(name + ".npy", raw)
    s.ok(name, "dump-npy", name + ".npy", dump(a))


def make_npy(s, rng):
    for code in INT_CODES + ["b1", "f2", "f4", "f8"]:
        for order in orders(code):
            dt = np.dtype(code).newbyteorder(order if order != "|" else "=")
            if code == "b1":
                base = rng.integers(0, 2, size=24).astype(bool)
            elif code[0] == "f":
                base = float_values(code, rng)
            else:
                base = np.array(int_values(code, rng), dtype=code)
            a = base.astype(dt)
            tag = "%s_%s" % (code, {"<": "le", ">": "be", "|": "na"}[order])
            npy_ok(s, tag + "_1d", a)
            npy_ok(s, tag + "_c", a.reshape(4, 6), want_fortran=False)
            npy_ok(s, tag + "_f", np.asfortranarray(a.reshape(4, 6)),
                   want_fortran=True)
            npy_ok(s, tag + "_f3", np.asfortranarray(a.reshape(2, 3, 4)),
                   want_fortran=True)

    npy_ok(s, "zero_d_i4", np.array(-5, dtype=">i4"))
    npy_ok(s, "zero_d_bool", np.array(True))
    npy_ok(s, "zero_d_f2", np.array(3.5, dtype="<f2"))
    npy_ok(s, "empty_c", np.zeros((0, 3), dtype="<i2"))
    npy_ok(s, "empty_f", np.asfortranarray(np.zeros((3, 0), dtype=">i8")))
    npy_ok(s, "eight_dims", np.arange(256, dtype="<i2").reshape((2,) * 8))
    f2 = np.asfortranarray(np.arange(-6, 6, dtype="<i2").reshape(3, 4))
    npy_ok(s, "v2_f", f2, version=(2, 0))
    npy_ok(s, "v3_f", f2, version=(3, 0))
    npy_ok(s, "v2_be", np.arange(10, dtype=">u4") * 400000000, version=(2, 0))
    s.fuzz("i2_be_f.npy")

    # uint64 values above INT64_MAX name their index, in C order.
    a = np.zeros((2, 3), dtype="<u8")
    a[1, 2] = 2 ** 63
    s.write("u8_big.npy", npy_bytes(a))
    s.fail("error: value 9223372036854775808 at index [1, 2] is above the "
           "int64 maximum", "dump-npy", "u8_big.npy")
    a = np.zeros((2, 3), dtype=">u8")
    a[0, 1] = 2 ** 64 - 1
    s.write("u8_big_f.npy", npy_bytes(np.asfortranarray(a)))
    s.fail("value 18446744073709551615 at index [0, 1]", "dump-npy",
           "u8_big_f.npy")

    # Corrupt files.
    good = npy_bytes(np.arange(6, dtype="<i2").reshape(2, 3))
    s.write("trunc.npy", good[:-3])
    s.fail("error: truncated: header declares 12 bytes of data, file has 9",
           "dump-npy", "trunc.npy")
    s.write("trunc_header.npy", good[:40])
    s.fail("error: truncated: header length is 118 bytes, file has 30",
           "dump-npy", "trunc_header.npy")
    s.write("bad_magic.npy", b"\x94" + good[1:])
    s.fail("error: not a .npy file: it does not start with the magic",
           "dump-npy", "bad_magic.npy")
    s.write("empty_file.npy", b"")
    s.fail("error: not a .npy file", "dump-npy", "empty_file.npy")
    s.write("version4.npy", good[:6] + b"\x04" + good[7:])
    s.fail("error: unsupported .npy format version 4.0", "dump-npy",
           "version4.npy")
    s.write("lie_more.npy", edit_header(good, b"(2, 3)", b"(3, 3)"))
    s.fail("error: truncated: header declares 18 bytes of data, file has 12",
           "dump-npy", "lie_more.npy")
    s.write("lie_less.npy", edit_header(good, b"(2, 3)", b"(1, 3)"))
    s.fail("error: trailing data: header declares 6 bytes of data, file has 12",
           "dump-npy", "lie_less.npy")
    s.write("lie_dtype.npy", edit_header(good, b"<i2", b"<i8"))
    s.fail("error: truncated: header declares 48 bytes of data, file has 12",
           "dump-npy", "lie_dtype.npy")
    s.write("lie_huge.npy", edit_header(good, b"(2, 3)", b"(99999, 99999)"))
    s.fail("error: shape has more than 268435456 elements", "dump-npy",
           "lie_huge.npy")
    s.write("lie_overflow.npy",
            edit_header(good, b"(2, 3)", b"(4294967296, 4294967296)"))
    s.fail("error: shape has a dimension above 268435456", "dump-npy",
           "lie_overflow.npy")
    s.write("bad_dict.npy", edit_header(good, b"'shape':", b"'shape' "))
    s.fail("error: malformed header: expected ':' after the key", "dump-npy",
           "bad_dict.npy")
    s.write("zip_as_npy.npy", savez_bytes(a=np.arange(3)))
    s.fail("error: not a .npy file: this is a zip archive", "dump-npy",
           "zip_as_npy.npy")
    s.fail("error: cannot open: No such file or directory", "dump-npy",
           "does_not_exist.npy")

    # Types a network cannot hold.
    bad = [("str", np.array(["abc", "de"]), "'<U3': save integer arrays"),
           ("bytes", np.array([b"ab"]), "'|S2': save integer arrays"),
           ("complex", np.array([1 + 2j]), "'<c16': save integer arrays"),
           ("object", np.array([1, "x"], dtype=object), "'|O': save integer"),
           ("date", np.array(["2020-01-01"], dtype="<M8[D]"), "'<M8[D]'"),
           ("record", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]),
            "structured (record) arrays cannot be read"),
           ("longdouble", np.zeros(2, dtype=np.longdouble),
            "'%s'" % np.dtype(np.longdouble).str)]
    for name, a, text in bad:
        s.write("unsup_%s.npy" % name, npy_bytes(a))
        s.fail("error: unsupported dtype " + text if "structured" not in text
               else "error: unsupported dtype: " + text,
               "dump-npy", "unsup_%s.npy" % name)


# ---- .npz -----------------------------------------------------------------

def savez_bytes(*args, compressed=False, **kw):
    f = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(f, *args, **kw)
    return f.getvalue()


def names_of(raw):
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return [n[:-4] if n.endswith(".npy") else n for n in z.namelist()]


def data_offset(raw, name):
    """Where a member's (compressed) bytes start, from its local header."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        info = z.getinfo(name)
    h = info.header_offset
    nlen, xlen = struct.unpack("<HH", raw[h + 26:h + 30])
    return h + 30 + nlen + xlen, info


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def build_zip(members):
    """A zip written byte by byte: members are (name, payload, method, crc,
    declared uncompressed size); sizes above 4 GiB go in zip64 extras."""
    out, cd = bytearray(), bytearray()
    for name, payload, method, crc, usize in members:
        name = name.encode()
        big = usize > 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, usize, len(payload)) if big else b""
        cs, us = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(payload), usize)
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0,
                           crc, cs, us, len(name), len(extra)) + name + extra
        out += payload
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method,
                          0, 0, crc, cs, us, len(name), len(extra), 0, 0, 0, 0,
                          off) + name + extra
    n = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), len(out), 0)
    return bytes(out + cd + end)


def zip_write(path, arrays, compression, force_zip64=False):
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, a in arrays.items():
            with z.open(name + ".npy", "w", force_zip64=force_zip64) as f:
                np.lib.format.write_array(f, a)


def npz_members_ok(s, tag, file, arrays):
    for name, a in arrays.items():
        s.ok("%s_%s" % (tag, name), "dump-npz", file, dump(a), member=name)


def make_npz(s, rng):
    arrays = {
        "fc1.weight": np.asfortranarray(
            rng.integers(-128, 128, size=(5, 7)).astype("i1")),
        "fc1.bias": rng.integers(-2 ** 20, 2 ** 20, size=5).astype(">i4"),
        "shift": np.array([3, 4, 5, 6, 7], dtype="<u2"),
        "mask": np.array([[True, False], [False, True]]),
        "scale": np.array([0.5, -1.25, 65504.0], dtype=">f2"),
        "arr_x": np.array(-7, dtype="<i8"),
    }
    pos = np.arange(12, dtype="<i2").reshape(3, 4)
    for compressed in (False, True):
        tag = "savezc" if compressed else "savez"
        raw = savez_bytes(pos, compressed=compressed, **arrays)
        s.write(tag + ".npz", raw)
        s.ok(tag + "_list", "list-npz", tag + ".npz",
             "\n".join(names_of(raw)) + "\n")
        npz_members_ok(s, tag, tag + ".npz", dict(arrays, arr_0=pos))
        s.fail("error: no member 'fc2.weight'; the archive has: "
               + ", ".join(names_of(raw)), "dump-npz", tag + ".npz",
               member="fc2.weight")

    # Every dtype and order through savez_compressed.
    every = {}
    for code in INT_CODES + ["f2", "f8"]:
        for order in orders(code):
            vals = (float_values(code, rng) if code[0] == "f"
                    else np.array(int_values(code, rng), dtype=code))
            dt = np.dtype(code).newbyteorder(order if order != "|" else "=")
            every["%s_%s" % (code, order.replace("|", "n").replace(
                "<", "le").replace(">", "be"))] = np.asfortranarray(
                    vals.astype(dt).reshape(4, 6))
    s.write("every.npz", savez_bytes(compressed=True, **every))
    npz_members_ok(s, "every", "every.npz", every)

    # Small archives to fuzz.
    small = {"w": np.array([[1, -2], [3, -4]], dtype="<i2"),
             "b": np.array([5, 6], dtype=">i1")}
    s.write("small.npz", savez_bytes(**small))
    s.write("smallc.npz", savez_bytes(compressed=True, **small))
    s.fuzz("small.npz")
    s.fuzz("smallc.npz")

    # zip64: a zip64 extra in every local header (force_zip64), and with
    # zipfile's limits lowered, zip64 directory extras and end records too.
    for comp, ctag in ((zipfile.ZIP_STORED, "stored"),
                       (zipfile.ZIP_DEFLATED, "deflated")):
        name = "zip64_force_%s.npz" % ctag
        zip_write(s.path(name), small, comp, force_zip64=True)
        raw = read_bytes(s.path(name))
        assert struct.unpack("<H", raw[28:30])[0] >= 20, "no zip64 extra"
        npz_members_ok(s, "zip64_force_" + ctag, name, small)
    saved = zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 1, 0
    try:
        for comp, ctag in ((zipfile.ZIP_STORED, "stored"),
                           (zipfile.ZIP_DEFLATED, "deflated")):
            name = "zip64_full_%s.npz" % ctag
            zip_write(s.path(name), small, comp, force_zip64=True)
            raw = read_bytes(s.path(name))
            assert b"PK\x06\x06" in raw and b"PK\x06\x07" in raw, "no zip64 end"
            assert raw[-22:-22 + 4] == b"PK\x05\x06"
            cd = struct.unpack("<I", raw[-22 + 16:-22 + 20])[0]
            assert raw[cd:cd + 4] == b"PK\x01\x02"
            assert raw[cd + 20:cd + 28] == b"\xff" * 8, "no zip64 sizes"
            if ctag == "stored":
                # As other writers do: the 32-bit end record says "see
                # zip64", so only the zip64 record gives the directory.
                raw = raw[:-14] + struct.pack("<HHII", 0xFFFF, 0xFFFF,
                                              0xFFFFFFFF, 0xFFFFFFFF) + raw[-2:]
                s.write(name, raw)
            npz_members_ok(s, "zip64_full_" + ctag, name, small)
    finally:
        zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = saved
    s.ok("zip64_full_list", "list-npz", "zip64_full_deflated.npz", "w\nb\n")
    s.fuzz("zip64_full_stored.npz")

    make_bad_npz(s, small)


def make_bad_npz(s, small):
    raw = savez_bytes(**small)
    # A flipped byte in a stored member: the CRC catches it.
    start, info = data_offset(raw, "w.npy")
    bad = bytearray(raw)
    bad[start + info.file_size - 1] ^= 0x01
    computed = zlib.crc32(bytes(bad[start:start + info.file_size]))
    s.write("crc.npz", bytes(bad))
    s.fail("error: member 'w.npy': CRC mismatch (stored 0x%08x, computed "
           "0x%08x): the file is corrupt" % (info.CRC, computed),
           "dump-npz", "crc.npz", member="w")
    # The other member is still readable.
    s.ok("crc_other", "dump-npz", "crc.npz", dump(small["b"]), member="b")

    # A flipped byte inside a deflate stream.
    rawc = savez_bytes(compressed=True, **small)
    start, info = data_offset(rawc, "w.npy")
    bad = bytearray(rawc)
    bad[start + info.compress_size // 2] ^= 0x55
    s.write("deflate_flip.npz", bytes(bad))
    s.fail("the file is corrupt", "dump-npz", "deflate_flip.npz", member="w")

    # Truncated archives.
    s.write("trunc_half.npz", raw[:len(raw) // 2])
    s.fail("error: not a zip archive (no end-of-central-directory record)",
           "dump-npz", "trunc_half.npz", member="w")
    s.write("trunc_1.npz", raw[:-1])
    s.fail("error: not a zip archive", "list-npz", "trunc_1.npz")
    # Bytes cut from the middle: the directory's offset no longer fits.
    s.write("trunc_mid.npz", raw[:40] + raw[140:])
    s.fail("error: corrupt zip: ", "list-npz", "trunc_mid.npz")

    # Local header naming another file.
    bad = bytearray(raw)
    bad[30] ^= 0x20
    s.write("local_name.npz", bytes(bad))
    s.fail("error: member 'w.npy': local header does not match the directory",
           "dump-npz", "local_name.npz", member="w")

    # Compression methods numpy never writes.
    for comp, num, mname in ((zipfile.ZIP_BZIP2, 12, "bzip2"),
                             (zipfile.ZIP_LZMA, 14, "lzma")):
        name = "method_%s.npz" % mname
        zip_write(s.path(name), small, comp)
        s.fail("error: member 'w.npy': unsupported compression method %d (%s)"
               % (num, mname), "dump-npz", name, member="w")

    # Zip bombs and size lies, in zips built by hand.
    payload = npy_bytes(np.zeros(1 << 20, dtype="i1"))
    crc = zlib.crc32(payload)
    packed = deflate(payload)
    assert len(packed) < 4096
    s.write("bomb_expand.npz", build_zip([("a.npy", packed, 8, crc, 4096)]))
    s.fail("error: member 'a.npy': deflate data expands past the declared "
           "4096 bytes: the file is corrupt", "dump-npz", "bomb_expand.npz",
           member="a")
    s.write("bomb_zip64.npz", build_zip([("a.npy", packed, 8, crc, 2 ** 40)]))
    s.fail("error: member 'a.npy': declares 1099511627776 bytes uncompressed, "
           "more than the", "dump-npz", "bomb_zip64.npz", member="a")
    s.write("bomb_ratio.npz", build_zip([("a.npy", packed, 8, crc, 2 ** 30)]))
    s.fail("error: member 'a.npy': declares 1073741824 bytes from %d "
           "compressed, more than deflate can expand" % len(packed),
           "dump-npz", "bomb_ratio.npz", member="a")
    s.write("short.npz",
            build_zip([("a.npy", packed, 8, crc, len(payload) + 100)]))
    s.fail("error: member 'a.npy': inflates to %d bytes, the directory "
           "declares %d" % (len(payload), len(payload) + 100),
           "dump-npz", "short.npz", member="a")
    s.write("stored_lie.npz",
            build_zip([("a.npy", payload[:100], 0, crc, len(payload))]))
    s.fail("error: member 'a.npy': stored member with 100 bytes but %d "
           "declared" % len(payload), "dump-npz", "stored_lie.npz", member="a")
    # The hand-built zip is right when it tells the truth.
    s.write("handmade.npz",
            build_zip([("a.npy", packed, 8, crc, len(payload))]))
    s.ok("handmade", "dump-npz", "handmade.npz",
         dump(np.zeros(1 << 20, dtype="i1")), member="a")

    # A member that is not a readable .npy, and a .npy given as .npz.
    s.write("bad_member.npz", savez_bytes(u=np.array(["abc"]),
                                          ok=np.arange(3)))
    s.fail("error: member 'u.npy': unsupported dtype '<U3': save integer "
           "arrays", "dump-npz", "bad_member.npz", member="u")
    s.write("plain.npy", npy_bytes(np.arange(3)))
    s.fail("error: not a .npz archive: this is a .npy file", "list-npz",
           "plain.npy")

    # Many members: the list of names is cut short.
    many = {"layer_%02d_weight" % i: np.arange(2) for i in range(30)}
    s.write("many.npz", savez_bytes(**many))
    s.fail("error: no member 'x'; the archive has: layer_00_weight, "
           "layer_01_weight", "dump-npz", "many.npz", member="x")
    s.fail("more", "dump-npz", "many.npz", member="x")


# ---- .csv -----------------------------------------------------------------

def csv_ok(s, name, text, expect):
    s.write(name + ".csv", text.encode())
    s.ok(name, "dump-csv", name + ".csv", expect)


def make_csv(s, rng):
    a = rng.integers(INT64_MIN, INT64_MAX, size=(5, 4), endpoint=True)
    a[0, 0], a[0, 1] = INT64_MIN, INT64_MAX
    f = io.StringIO()
    np.savetxt(f, a, fmt="%d", delimiter=",")
    csv_ok(s, "savetxt", f.getvalue(), dump(a, "int64"))

    row = np.array([-3, 0, 7, 12, -128, 127])
    f = io.StringIO()
    np.savetxt(f, row.reshape(1, -1), fmt="%d", delimiter=", ",
               header="bias of fc1")
    csv_ok(s, "savetxt_row", f.getvalue(), dump(row, "int64"))

    col = np.array([[1], [-2], [3]])
    csv_ok(s, "column", "1\n-2\n3\n", dump(col, "int64"))

    text = "\ufeff# exported\r\n\r\n 1 , -2,+3 \r\n\t# note\r\n4,5,6\r\n"
    csv_ok(s, "crlf", text, dump(np.array([[1, -2, 3], [4, 5, 6]]), "int64"))

    r = rng.normal(size=(3, 4)) * 1e5
    f = io.StringIO()
    np.savetxt(f, r, fmt="%.17g", delimiter=",")
    csv_ok(s, "reals", f.getvalue(), dump(r, "float64"))

    toks = ["1", "2.5", "-1e3", ".25", "3.", "9007199254740993", "1E-5",
            "-0", "123456789012345678"]
    vals = np.array([float(int(t)) if t.lstrip("-").isdigit() else float(t)
                     for t in toks])
    csv_ok(s, "mixed", ",".join(toks) + "\n", dump(vals, "float64"))

    bad = [("ragged_short", "1,2,3\n4,5\n", "error 2:4: row has 2 values, "
            "the first row has 3"),
           ("ragged_long", "# c\n1,2\n3,4,5\n", "error 3:5: row has more "
            "than 2 values, the first row has 2"),
           ("overflow", "1,2\n3, 9223372036854775808\n", "error 2:4: integer "
            "9223372036854775808 does not fit in 64 bits"),
           ("underflow", "-9223372036854775809\n", "error 1:1: integer "
            "-9223372036854775809 does not fit in 64 bits"),
           ("letter", "1,2\n3,x4\n", "error 2:3: expected a number, found 'x'"),
           ("semicolon", "1;2\n", "error 1:2: expected ',' or the end of the "
            "line, found ';'"),
           ("trailing_comma", "1,2,\n", "error 1:5: expected a number, found "
            "the end of the line"),
           ("only_comments", "# nothing\n\n", "error: no values")]
    for name, text, want in bad:
        s.write(name + ".csv", text.encode())
        s.fail(want, "dump-csv", name + ".csv")
    s.fuzz("crlf.csv")


# ---- checking qn_npy_write_i64 --------------------------------------------

def check_written(d):
    v = [INT64_MIN, -1, 0, 1, INT64_MAX, 7, -7, 100, 1000, -1000,
         123456789012345, 5] + list(range(6, 18))
    shapes = {"w_0d": (), "w_1d": (5,), "w_2d": (4, 6), "w_3d": (2, 3, 4),
              "w_4d": (1, 2, 3, 4), "w_empty": (0, 3), "w_col": (24, 1)}
    bad = 0
    for name, shape in shapes.items():
        n = int(np.prod(shape))
        want = np.array(v[:n], dtype="<i8").reshape(shape)
        path = os.path.join(d, name + ".npy")
        got = np.load(path)
        raw = read_bytes(path)
        if got.dtype != want.dtype or got.shape != want.shape or \
                not np.array_equal(got, want):
            print("%s: np.load gives %r, want %r" % (name, got, want))
            bad += 1
        elif raw != npy_bytes(want):
            print("%s: bytes differ from np.save's:\n  %r\n  %r"
                  % (name, raw[:128], npy_bytes(want)[:128]))
            bad += 1
    print("check-written: %d files, %d bad" % (len(shapes), bad))
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check-written":
        return check_written(argv[2])
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    s = Suite(argv[1])
    rng = np.random.default_rng(20240601)
    make_npy(s, rng)
    make_npz(s, rng)
    make_csv(s, rng)
    s.finish()
    print("readers_make: %d cases in %s" % (len(s.lines), argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
