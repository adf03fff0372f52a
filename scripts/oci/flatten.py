#!/usr/bin/env python3
"""Unpacks an OCI image layout's image into a directory, layer by layer, applying OCI whiteouts as the mounted
layers would show them: the independent reference that converted images are compared against.

    flatten.py LAYOUT_DIR[:TAG] OUT_DIR

Uses only python3's tarfile (gzip) and the zstd program (zstd layers). Sets owners, modes, mtimes and the xattrs
that PAX headers carry (tarfile itself leaves them out). Run as root."""
import io, json, os, shutil, subprocess, sys, tarfile

def blob(layout, digest):
    return os.path.join(layout, "blobs", *digest.split(":", 1))

def manifest_of(layout, tag):
    index = json.load(open(os.path.join(layout, "index.json")))
    for m in index["manifests"]:
        if tag is None or m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
            return json.load(open(blob(layout, m["digest"])))
    sys.exit("no manifest tagged %s in %s" % (tag, layout))

def open_layer(path, media_type):
    if media_type.endswith("+zstd"):
        data = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
        return tarfile.open(fileobj=io.BytesIO(data), mode="r:")
    return tarfile.open(path, mode="r:*")

def remove(path):
    if os.path.islink(path) or not os.path.isdir(path):
        os.unlink(path)
    else:
        shutil.rmtree(path)

def apply(tar, out):
    for m in tar.getmembers():
        name = os.path.normpath(m.name).lstrip("/")
        if name in ("", "."):
            continue
        parent, base = os.path.split(name)
        target = os.path.join(out, name)
        if base == ".wh..wh..opq":
            d = os.path.join(out, parent)
            for child in os.listdir(d) if os.path.isdir(d) else []:
                remove(os.path.join(d, child))
            continue
        if base.startswith(".wh."):
            victim = os.path.join(out, parent, base[4:])
            if os.path.lexists(victim):
                remove(victim)
            continue
        if os.path.lexists(target) and not (m.isdir() and os.path.isdir(target) and not os.path.islink(target)):
            remove(target)
        tar.extract(m, out, set_attrs=True, numeric_owner=True, filter="fully_trusted") \
            if "filter" in tar.extract.__code__.co_varnames else tar.extract(m, out, set_attrs=True, numeric_owner=True)
        for k, v in m.pax_headers.items():
            if k.startswith("SCHILY.xattr."):
                os.setxattr(target, k[len("SCHILY.xattr."):], v.encode("utf-8", "surrogateescape"), follow_symlinks=False)
    # directories get their mtimes last: extracting into them changed them
    for m in tar.getmembers():
        if m.isdir():
            p = os.path.join(out, os.path.normpath(m.name).lstrip("/"))
            if os.path.isdir(p):
                os.utime(p, (m.mtime, m.mtime), follow_symlinks=False)

def main():
    spec, out = sys.argv[1], sys.argv[2]
    layout, _, tag = spec.partition(":")
    manifest = manifest_of(layout, tag or None)
    os.makedirs(out, exist_ok=True)
    for layer in manifest["layers"]:
        with open_layer(blob(layout, layer["digest"]), layer["mediaType"]) as tar:
            apply(tar, out)

main()
