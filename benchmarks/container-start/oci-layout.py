#!/usr/bin/env python3
"""Writes a classic OCI image of one root filesystem: ONE gzip tar layer + config + manifest, as an OCI image layout
(what `docker build` of `FROM scratch` + `ADD rootfs.tar /` pushes), for skopeo to push to a registry.

usage: oci-layout.py ROOTFS_TAR OUT_DIR [TAG]

The layer is the tar as is, gzip-compressed (level 6, no name/time in the header, so equal input gives equal
digests); the config names its uncompressed digest (diff_id) as the OCI spec requires.
"""
import gzip
import hashlib
import json
import os
import sys

PIECE = 1 << 20


def write_blob(out, data, media_type):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    tag = sys.argv[3] if len(sys.argv) == 4 else "latest"
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    part = os.path.join(out, "layer.part")
    raw, packed = hashlib.sha256(), hashlib.sha256()

    class Hashing:
        """the file the gzip stream goes to, hashing what it writes"""
        def __init__(self, f): self.f = f
        def write(self, b): packed.update(b); return self.f.write(b)
        def flush(self): self.f.flush()

    with open(src, "rb") as tar, open(part, "wb") as f:
        sink = Hashing(f)
        with gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=sink, mtime=0) as z:
            while piece := tar.read(PIECE):
                raw.update(piece)
                z.write(piece)
    layer_size = os.path.getsize(part)
    os.replace(part, os.path.join(out, "blobs", "sha256", packed.hexdigest()))
    layer = {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
             "digest": "sha256:" + packed.hexdigest(), "size": layer_size}
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                         "Cmd": ["/usr/bin/python3"]},
              "rootfs": {"type": "layers", "diff_ids": ["sha256:" + raw.hexdigest()]},
              "history": [{"created_by": "debootstrap (benchmarks/container-start/rootfs.sh)"}]}
    config_desc = write_blob(out, json.dumps(config, sort_keys=True).encode(),
                             "application/vnd.oci.image.config.v1+json")
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": config_desc, "layers": [layer]}
    manifest_desc = write_blob(out, json.dumps(manifest, sort_keys=True).encode(),
                               "application/vnd.oci.image.manifest.v1+json")
    manifest_desc["annotations"] = {"org.opencontainers.image.ref.name": tag}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [manifest_desc]}, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)


if __name__ == "__main__":
    main()
