#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Records decoder test vectors with the formats' reference Python libraries (Debian:
# python3-msgpack, python3-cbor2, python3-protobuf, protobuf-compiler for protoc): MessagePack,
# CBOR and protobuf (reading.proto, compiled here with protoc). Writes
# python_vectors.json beside this file: name -> {"hex": "..."}. Run again after a change:
#   /usr/bin/python3 tests/decode/vectors/make_python_vectors.py
import importlib
import json
import os
import subprocess
import sys
import tempfile

import cbor2
import msgpack

here = os.path.dirname(os.path.abspath(__file__))
vectors = {}


def record(name, data):
    vectors[name] = {"hex": data.hex()}


# MessagePack: every family of types, an extension, a map with an integer key, two values.
record("msgpack.map", msgpack.packb({"compact": True, "schema": 0}))
record("msgpack.types", msgpack.packb([None, False, -1, 300, 1.5, "é", b"\x00\x01", [], {}]))
record("msgpack.bigint", msgpack.packb(2**64 - 1))
record("msgpack.ext", msgpack.packb(msgpack.ExtType(5, b"\xaa\xbb")))
record("msgpack.intkey", msgpack.packb({1: "one"}))
record("msgpack.two", msgpack.packb("a") + msgpack.packb(2))
record("msgpack.truncated", msgpack.packb({"key": "value"})[:-2])
# WAMP over wamp.2.msgpack: CALL and RESULT as autobahn sends them.
record("wamp.msgpack.call", msgpack.packb([48, 7814135, {}, "com.myapp.add2", [23, 7]]))
record("wamp.msgpack.result", msgpack.packb([50, 7814135, {}, [30]]))

# CBOR: a map, tags, bytes, undefined, a sequence of two items, a broken item.
record("cbor.map", cbor2.dumps({"temp": 21.5, "ok": True, "raw": b"\x01\x02"}))
record("cbor.tag", cbor2.dumps(cbor2.CBORTag(1, 1700000000)))
record("cbor.intkeys", cbor2.dumps({1: -7, 2: [None, cbor2.undefined]}))
record("cbor.sequence", cbor2.dumps("a") + cbor2.dumps(2))
record("cbor.truncated", cbor2.dumps({"key": "value"})[:-3])

# protobuf: the messages of reading.proto, encoded by the generated Python classes.
with tempfile.TemporaryDirectory() as out:
    subprocess.run(["protoc", f"--proto_path={here}", f"--python_out={out}", "reading.proto", "unit.proto"],
                   check=True)
    sys.path.insert(0, out)
    reading_pb2 = importlib.import_module("reading_pb2")
    unit_pb2 = importlib.import_module("unit_pb2")
    reading = reading_pb2.Reading(sensor="t1", value=21.5, taken_at=1700000000123, unit=unit_pb2.CELSIUS,
                                  tags=["lab", "north"])
    reading.where.floor = -2
    reading.where.room = "B12"
    record("protobuf.reading", reading.SerializeToString())
    record("protobuf.command", reading_pb2.Command(name="reboot", argument=b"\x00\xff").SerializeToString())
    record("protobuf.empty", reading_pb2.Reading().SerializeToString())

with open(os.path.join(here, "python_vectors.json"), "w") as f:
    json.dump(vectors, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(vectors)} vectors")
