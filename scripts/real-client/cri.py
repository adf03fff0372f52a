#!/usr/bin/python3
"""A minimal CRI image client for containerd's CRI plugin: pull, remove, list.

Debian has neither crictl nor nerdctl, and `ctr images pull` passes no layer labels to a remote snapshotter, so the
nydus-snapshotter is only exercised by the CRI plugin's PullImage. This speaks gRPC with Debian's python3-grpcio and
encodes the few protobuf messages it needs by hand (field numbers from the CRI v1 API, runtime.v1):
  PullImageRequest   { ImageSpec image = 1; }          ImageSpec { string image = 1; }
  PullImageResponse  { string image_ref = 1; }
  RemoveImageRequest { ImageSpec image = 1; }
  ListImagesRequest  { ImageFilter filter = 1; }       (sent empty)
  ListImagesResponse { repeated Image images = 1; }    Image { string id = 1; repeated string repo_tags = 2; ... }

usage: cri.py SOCKET pull IMAGE     prints the image id (image_ref)
       cri.py SOCKET rmi IMAGE
       cri.py SOCKET images         prints "id tag" per tag
"""
import sys

import grpc

SERVICE = "/runtime.v1.ImageService/"


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, payload):
    """A length-delimited field (wire type 2): strings and embedded messages."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def fields(message):
    """Yields (number, value) for each field of an encoded message; value is bytes for wire type 2, else an int."""
    i = 0
    while i < len(message):
        key, i = read_varint(message, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(message, i)
        elif wire == 2:
            length, i = read_varint(message, i)
            value, i = message[i:i + length], i + length
        elif wire == 1:
            value, i = int.from_bytes(message[i:i + 8], "little"), i + 8
        elif wire == 5:
            value, i = int.from_bytes(message[i:i + 4], "little"), i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, value


def read_varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7


def image_spec(ref):
    return field(1, ref.encode())


def call(channel, method, request, timeout):
    return channel.unary_unary(SERVICE + method)(request, timeout=timeout)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    sock, verb = argv[1], argv[2]
    timeout = 600  # everything is slow under emulation
    with grpc.insecure_channel("unix://" + sock) as channel:
        if verb == "pull" and len(argv) == 4:
            reply = call(channel, "PullImage", field(1, image_spec(argv[3])), timeout)
            print(next((v.decode() for n, v in fields(reply) if n == 1), ""))
        elif verb == "rmi" and len(argv) == 4:
            call(channel, "RemoveImage", field(1, image_spec(argv[3])), timeout)
        elif verb == "images" and len(argv) == 3:
            reply = call(channel, "ListImages", b"", timeout)
            for n, image in fields(reply):
                if n != 1:
                    continue
                parts = list(fields(image))
                image_id = next((v.decode() for k, v in parts if k == 1), "")
                for tag in (v.decode() for k, v in parts if k == 2):
                    print(image_id, tag)
        else:
            sys.exit(__doc__)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except grpc.RpcError as e:
        sys.exit("cri: %s: %s" % (e.code().name, e.details()))
