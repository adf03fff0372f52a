#!/usr/bin/env python3
"""Writes an ordinary OCI image layout (tag "latest") whose layers are the given tars, gzip-compressed, lowest
first, with a config for linux/amd64 running CMD: how the benchmarks and tests make a source image for
`swiftlet image convert` from a tree tarred up (e.g. benchmarks/container-start/rootfs.sh's debootstrap tar).

    from-tars.py LAYOUT_DIR TAR... [--cmd JSON_ARRAY]"""
import hashlib, json, os, subprocess, sys
import ocilayout

args = sys.argv[1:]
cmd = ["/bin/sh"]
if "--cmd" in args:
    i = args.index("--cmd")
    cmd = json.loads(args[i + 1])
    del args[i:i + 2]
layout, tars = args[0], args[1:]
layers, diff_ids = [], []
for t in tars:
    h = hashlib.sha256()
    with open(t, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    diff_ids.append("sha256:" + h.hexdigest())
    tmp = os.path.join(ocilayout.blob_dir(layout), ".layer.tmp")
    with open(tmp, "wb") as out:
        subprocess.run(["gzip", "-n", "-c", t], stdout=out, check=True)
    digest, size = ocilayout.put_file(layout, tmp)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})

config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": cmd, "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
          "rootfs": {"type": "layers", "diff_ids": diff_ids}, "history": [{"created_by": "from-tars.py " + os.path.basename(t)} for t in tars]}
ocilayout.write_image(layout, layers, config)
