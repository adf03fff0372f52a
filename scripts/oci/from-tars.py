#!/usr/bin/env python3
"""Writes an ordinary OCI image layout (tag "latest") whose layers are the given tars, gzip-compressed, lowest
first, with a config for linux/amd64 running CMD: how the benchmarks and tests make a source image for
`swiftlet image convert` from a tree tarred up (e.g. benchmarks/container-start/rootfs.sh's debootstrap tar).

    from-tars.py LAYOUT_DIR TAR... [--cmd JSON_ARRAY]"""
import hashlib, json, os, subprocess, sys

args = sys.argv[1:]
cmd = ["/bin/sh"]
if "--cmd" in args:
    i = args.index("--cmd")
    cmd = json.loads(args[i + 1])
    del args[i:i + 2]
layout, tars = args[0], args[1:]
blobs = os.path.join(layout, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)

def put_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    d = h.hexdigest()
    os.replace(path, os.path.join(blobs, d))
    return "sha256:" + d

def put(data):
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(blobs, d), "wb").write(data)
    return "sha256:" + d, len(data)

layers, diff_ids = [], []
for t in tars:
    h = hashlib.sha256()
    with open(t, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    diff_ids.append("sha256:" + h.hexdigest())
    tmp = os.path.join(blobs, ".layer.tmp")
    with open(tmp, "wb") as out:
        subprocess.run(["gzip", "-n", "-c", t], stdout=out, check=True)
    size = os.path.getsize(tmp)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": put_file(tmp), "size": size})

config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": cmd, "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
          "rootfs": {"type": "layers", "diff_ids": diff_ids}, "history": [{"created_by": "from-tars.py " + os.path.basename(t)} for t in tars]}
cd, cn = put(json.dumps(config).encode())
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cn}, "layers": layers}
md, mn = put(json.dumps(manifest).encode())
open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": mn,
                                              "annotations": {"org.opencontainers.image.ref.name": "latest"}}]},
          open(os.path.join(layout, "index.json"), "w"))
