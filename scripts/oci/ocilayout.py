"""Writing OCI image layouts for the scripts beside this one: blobs by sha256, then the config, the manifest and an
index.json tagging it, in that order."""
import hashlib, json, os

def blob_dir(layout):
    d = os.path.join(layout, "blobs", "sha256")
    os.makedirs(d, exist_ok=True)
    return d

def put(layout, data):
    """Stores bytes as a blob; returns (digest, size)."""
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(blob_dir(layout), d), "wb").write(data)
    return "sha256:" + d, len(data)

def put_file(layout, path):
    """Moves a file into the layout as a blob; returns (digest, size)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    size = os.path.getsize(path)
    os.replace(path, os.path.join(blob_dir(layout), h.hexdigest()))
    return "sha256:" + h.hexdigest(), size

def write_image(layout, layers, config, tag="latest"):
    """Stores the config and a manifest naming it and the layer descriptors, and tags the manifest in index.json."""
    cd, cn = put(layout, json.dumps(config).encode())
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cn}, "layers": layers}
    md, mn = put(layout, json.dumps(manifest).encode())
    open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md,
                                                  "size": mn, "annotations": {"org.opencontainers.image.ref.name": tag}}]},
              open(os.path.join(layout, "index.json"), "w"))
