#!/usr/bin/env python3
"""Writes a hand-made three-layer OCI image for conversion tests: OUT/layout (an OCI image layout, tag "latest")
whose layers are gzip, zstd and plain tar, and OUT/layer-N.tar (each layer uncompressed). Between them the layers
delete files (.wh.NAME), make a directory opaque (.wh..wh..opq), replace a file with a directory and a directory
with a file, link names across layers (a hard link in layer 1 to a file of layer 0; a whiteout of one name of a
hard-linked file; a hard link's header repeats its file's owner and mode, as tar writes it), and carry owners, modes, xattrs, symlinks, a device and a large uid. The image config has
Cmd, Entrypoint, Env, WorkingDir, User, ExposedPorts, Labels and history.

    make-layered.py OUT"""
import hashlib, io, os, random, subprocess, sys, tarfile
import ocilayout

out = sys.argv[1]
layout = os.path.join(out, "layout")
os.makedirs(out, exist_ok=True)
MTIME = 1700000000

def entry(name, kind=tarfile.REGTYPE, data=b"", mode=None, uid=0, gid=0, link="", xattrs=None, dev=(0, 0)):
    ti = tarfile.TarInfo(name)
    mode = mode if mode is not None else 0o755 if kind == tarfile.DIRTYPE else 0o644
    ti.type, ti.mode, ti.uid, ti.gid, ti.mtime, ti.linkname = kind, mode, uid, gid, MTIME, link
    ti.devmajor, ti.devminor = dev
    ti.size = len(data) if kind == tarfile.REGTYPE else 0
    if xattrs:
        ti.pax_headers = {"SCHILY.xattr." + k: v for k, v in xattrs.items()}
    return ti, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)

D = tarfile.DIRTYPE
rnd = random.Random(7)
big = bytes(rnd.getrandbits(8) for _ in range(3 * 1024 * 1024 + 1234))
layers = [
    [entry("etc/", D, mode=0o755), entry("etc/passwd", data=b"root:x:0:0::/root:/bin/sh\n"),
     entry("etc/conf/", D, mode=0o750), entry("etc/conf/a.conf", data=b"a=1\n"), entry("etc/conf/b.conf", data=b"b=1\n"),
     entry("bin/", D, mode=0o755), entry("bin/tool", data=b"#!/bin/sh\necho tool\n", mode=0o4755, uid=1000, gid=1000,
                                         xattrs={"user.note": "made by hand"}),
     entry("lib/", D, mode=0o755), entry("lib/data", data=big), entry("lib/link", tarfile.LNKTYPE, link="lib/data"),
     entry("lib/sym", tarfile.SYMTYPE, link="data"), entry("lib/abs", tarfile.SYMTYPE, link="/etc/passwd"),
     entry("var/", D, mode=0o755), entry("var/old", data=b"to be deleted\n"), entry("var/keep", data=b"kept\n"),
     entry("opt/", D), entry("opt/x", data=b"a file that becomes a directory\n"),
     entry("srv/", D), entry("srv/d/", D, mode=0o700), entry("srv/d/f", data=b"inside a directory that becomes a file\n"),
     entry("home/", D), entry("home/u/", D, mode=0o700, uid=1000, gid=1000), entry("home/u/lower", data=b"hidden by opq\n"),
     entry("home/u/sub/", D), entry("home/u/sub/deep", data=b"hidden too\n")],
    [entry("var/", D, mode=0o755), entry("var/.wh.old"),
     entry("opt/", D), entry("opt/.wh.x"), entry("opt/x/", D, mode=0o711), entry("opt/x/inside", data=b"now a directory\n"),
     entry("srv/", D), entry("srv/d", data=b"now a file\n", mode=0o600),
     entry("home/", D), entry("home/u/", D, mode=0o750, uid=1000, gid=1000), entry("home/u/.wh..wh..opq"),
     entry("home/u/upper", data=b"only this is left\n", uid=1000, gid=1000),
     entry("bin/", D, mode=0o755), entry("bin/tool2", tarfile.LNKTYPE, link="bin/tool", mode=0o4755, uid=1000, gid=1000),
     entry("lib/", D, mode=0o755), entry("lib/data2", data=big)],
    [entry("etc/", D, mode=0o755), entry("etc/conf/", D, mode=0o750), entry("etc/conf/a.conf", data=b"a=2\n", mode=0o640, gid=42),
     entry("lib/", D, mode=0o755), entry("lib/.wh.link"),
     entry("empty/", D, mode=0o1777), entry("dev/", D), entry("dev/null", tarfile.CHRTYPE, mode=0o666, dev=(1, 3)),
     entry("big-uid", data=b"owned far away\n", uid=70000, gid=70001)],
]

def put(data):
    return ocilayout.put(layout, data)

descs, diff_ids = [], []
kinds = [("gzip", "application/vnd.oci.image.layer.v1.tar+gzip"), ("zstd", "application/vnd.oci.image.layer.v1.tar+zstd"),
         ("none", "application/vnd.oci.image.layer.v1.tar")]
for i, entries in enumerate(layers):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for ti, f in entries:
            t.addfile(ti, f)
    raw = buf.getvalue()
    open(os.path.join(out, "layer-%d.tar" % i), "wb").write(raw)
    diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
    kind, media = kinds[i]
    if kind == "gzip":
        blob = subprocess.run(["gzip", "-n", "-c"], input=raw, capture_output=True, check=True).stdout
    elif kind == "zstd":
        blob = subprocess.run(["zstd", "-q", "-c"], input=raw, capture_output=True, check=True).stdout
    else:
        blob = raw
    d, n = put(blob)
    descs.append({"mediaType": media, "digest": d, "size": n})

config = {"architecture": "amd64", "os": "linux",
          "config": {"Cmd": ["/bin/tool", "--flag"], "Entrypoint": ["/bin/sh", "-c"], "Env": ["PATH=/bin", "A=b c"],
                     "WorkingDir": "/home/u", "User": "1000:1000", "ExposedPorts": {"8080/tcp": {}},
                     "Labels": {"made.by": "make-layered.py"}},
          "rootfs": {"type": "layers", "diff_ids": diff_ids},
          "history": [{"created_by": "layer %d" % i} for i in range(3)]}
ocilayout.write_image(layout, descs, config)
