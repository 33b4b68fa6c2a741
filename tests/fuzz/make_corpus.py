#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the fuzzers' seed corpora into tests/fuzz/corpus/<target>/ (committed; rerun
after changing this file). Seeds are small: the RFC 6455 section 5.7 and RFC 7692 section
7.2.3 examples, real upgrade requests and responses, and a few invalid inputs, each in
the input layout its fuzzer expects (see the header comment of each fuzz_*.cpp)."""
import base64
import hashlib
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
MASK = bytes.fromhex("37fa213d")  # RFC 6455 section 5.7's masking key
KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 section 1.3's key
ACCEPT = base64.b64encode(hashlib.sha1((KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
assert ACCEPT == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def frame(opcode, payload, fin=True, mask=None, rsv1=False, length=None):
    first = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload) if length is None else length
    mask_bit = 0x80 if mask else 0
    if n < 126:
        head = bytes([first, mask_bit | n])
    elif n < 65536:
        head = bytes([first, mask_bit | 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, mask_bit | 127]) + struct.pack(">Q", n)
    if mask:
        head += mask
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + payload


def deflate_raw(data, wbits=15, chunks=None):
    c = zlib.compressobj(6, zlib.DEFLATED, -wbits)
    out = b""
    for part in (chunks or [data]):
        out += c.compress(part) + c.flush(zlib.Z_SYNC_FLUSH)
        assert out.endswith(b"\x00\x00\xff\xff")
        out = out[:-4]
        yield out
        out = b""


def close_payload(code, reason=b""):
    return struct.pack(">H", code) + reason


REQUEST = (
    "GET /chat HTTP/1.1\r\n"
    "Host: server.example.com\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    f"Sec-WebSocket-Key: {KEY}\r\n"
    "Origin: http://example.com\r\n"
    "Sec-WebSocket-Protocol: chat, superchat\r\n"
    "Sec-WebSocket-Version: 13\r\n"
).encode()
DEFLATE_OFFER = b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
RESPONSE = (
    "HTTP/1.1 101 Switching Protocols\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    f"Sec-WebSocket-Accept: {ACCEPT}\r\n"
    "Sec-WebSocket-Protocol: chat\r\n"
).encode()
DEFLATE_ACCEPT = b"Sec-WebSocket-Extensions: permessage-deflate\r\n"

# RFC 7692 section 7.2.3.1 / 7.2.3.2: "Hello" compressed, then again over the same window.
HELLO_DEFLATED = bytes.fromhex("f248cdc9c90700")
HELLO_AGAIN = bytes.fromhex("f200110000")
JSON = b'{"op":"update","topic":"prices","seq":%d,"bid":101.25,"ask":101.5,"venue":"X"}'


def json_text(count):
    return b"[" + b",".join(JSON % i for i in range(count)) + b"]"


def driver_server():
    m = MASK
    skip, plain, deflate = bytes([0x01, 0x00, 0x00]), bytes([0x00, 0x00, 0x00]), bytes([0x03, 0x02, 0x3F])
    hello = frame(0x1, b"Hello", mask=m)
    bye = frame(0x8, close_payload(1000, b"bye"), mask=m)
    compressed = list(deflate_raw(json_text(20), chunks=[json_text(20), json_text(20)]))
    return {
        "rfc5.7_masked_hello": skip + hello,
        "rfc5.7_fragmented_then_ping": skip + frame(0x1, b"Hel", fin=False, mask=m)
        + frame(0x9, b"Hello", mask=m) + frame(0x0, b"lo", mask=m) + bye,
        "binary_256_16bit_length": bytes([0x01, 0x03, 0x00]) + frame(0x2, bytes(range(256)), mask=m) + bye,
        "pings_pongs_close": bytes([0x05, 0x01, 0x00]) + frame(0x9, b"1", mask=m) + frame(0x9, b"2", mask=m)
        + frame(0xA, b"x", mask=m) + frame(0x8, b"", mask=m),
        "messages_then_close_1001": bytes([0x01, 0x02, 0x00]) + b"".join(
            frame(0x1 if i % 2 else 0x2, b"message %d" % i, mask=m) for i in range(5))
        + frame(0x8, close_payload(1001, b"going"), mask=m),
        "upgrade_hello_close": plain + REQUEST + b"\r\n" + hello + bye,
        "upgrade_deflate_hello": bytes([0x02, 0x00, 0x3F]) + REQUEST + DEFLATE_OFFER + b"\r\n"
        + frame(0x1, HELLO_DEFLATED, mask=m, rsv1=True) + frame(0x1, HELLO_AGAIN, mask=m, rsv1=True) + bye,
        "deflate_preset_json": deflate + b"".join(frame(0x1, c, mask=m, rsv1=True) for c in compressed) + bye,
        "deflate_fragmented": deflate + frame(0x1, compressed[0][:10], fin=False, mask=m, rsv1=True)
        + frame(0x0, compressed[0][10:], mask=m) + bye,
        "plain_http_get": plain + b"GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "upgrade_version_8": plain + REQUEST.replace(b"Version: 13", b"Version: 8") + b"\r\n",
        "upgrade_missing_key": plain + b"GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "invalid_unmasked_frame": skip + frame(0x1, b"Hello"),
        "invalid_utf8_text": skip + frame(0x1, b"\xce\xba\xe1\xbd\xb9\xed\xa0\x80", mask=m),
        "invalid_close_one_byte": skip + frame(0x8, b"\x03", mask=m),
        "invalid_close_code_1005": skip + frame(0x8, close_payload(1005), mask=m),
        "invalid_reserved_opcode": skip + frame(0x3, b"", mask=m),
        "invalid_rsv2": skip + bytes([0xA1, 0x80]) + m,
        "invalid_too_big_64bit": skip + frame(0x2, b"", mask=m, length=70000)[:14],
        "invalid_continuation_first": skip + frame(0x0, b"lo", mask=m),
        "invalid_fragmented_ping": skip + frame(0x9, b"x", fin=False, mask=m),
    }


def driver_client():
    skip, plain = bytes([0x01, 0x00, 0x00]), bytes([0x00, 0x00, 0x00])
    hello = frame(0x1, b"Hello")
    bye = frame(0x8, close_payload(1000, b"bye"))
    compressed = list(deflate_raw(json_text(20), chunks=[json_text(20), json_text(20)]))
    return {
        "rfc5.7_unmasked_hello": skip + hello,
        "rfc5.7_fragmented_hello": skip + frame(0x1, b"Hel", fin=False) + frame(0x0, b"lo") + bye,
        "rfc5.7_ping_pong": skip + frame(0x9, b"Hello") + frame(0xA, b"Hello") + bye,
        "rfc5.7_binary_256": bytes([0x01, 0x03, 0x00]) + frame(0x2, bytes(range(256))) + bye,
        "messages_in_callbacks": bytes([0x05, 0x02, 0x00]) + b"".join(frame(0x1, b"m%d" % i) for i in range(6)),
        "upgrade_response_hello": plain + RESPONSE + b"\r\n" + hello + frame(0x8, close_payload(1000)),
        "upgrade_deflate_response": bytes([0x02, 0x01, 0x00]) + RESPONSE + DEFLATE_ACCEPT + b"\r\n"
        + frame(0x1, HELLO_DEFLATED, rsv1=True) + frame(0x1, HELLO_AGAIN, rsv1=True) + bye,
        "deflate_preset_json": bytes([0x03, 0x03, 0x3F]) + b"".join(frame(0x1, c, rsv1=True) for c in compressed) + bye,
        "response_404_with_body": plain + b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot here\n",
        "response_wrong_accept": plain + RESPONSE.replace(ACCEPT.encode(), b"AAAAAAAAAAAAAAAAAAAAAAAAAAA=") + b"\r\n",
        "response_unrequested_protocol": plain + RESPONSE.replace(b"chat", b"mqtt") + b"\r\n",
        "invalid_masked_frame": skip + frame(0x1, b"Hello", mask=MASK),
        "invalid_control_too_long": skip + frame(0x9, b"x" * 126),
        "invalid_non_minimal_length": skip + bytes([0x82, 0x7E, 0x00, 0x05]) + b"Hello",
        "invalid_frame_over_1k_limit": bytes([0x21, 0x01, 0x00]) + frame(0x1, b"a" * 200, fin=False)
        + frame(0x0, b"a" * 1100),
        "invalid_compressed_without_deflate": skip + frame(0x1, HELLO_DEFLATED, rsv1=True),
    }


def handshake():
    return {
        "rfc_request": REQUEST + b"\r\n",
        "rfc_request_deflate_offer": REQUEST + DEFLATE_OFFER + b"\r\n",
        "rfc_response": RESPONSE + b"\r\n",
        "rfc_response_deflate": RESPONSE + b"Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=10\r\n\r\n",
        "request_lf_only": REQUEST.replace(b"\r\n", b"\n") + b"\n",
        "request_query_and_headers": b"GET /feed?room=1&x=%20 HTTP/1.1\r\nHost: [::1]:9001\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
        + f"Sec-WebSocket-Key: {KEY}\r\n".encode() + b"Sec-WebSocket-Version: 13\r\nX-Custom: a\r\nX-Custom: b\r\n\r\n",
        "response_401": b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n",
        "plain_get": b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "extensions_two_offers": b"permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate",
        "extensions_quoted": b'permessage-deflate; client_max_window_bits="12"; server_no_context_takeover, x-webkit-deflate-frame',
        "extensions_invalid": b"permessage-deflate;; =3, ,",
        "invalid_folded_header": b"GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n",
        "invalid_no_colon": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade websocket\r\n\r\n",
    }


def inflater():
    text = json_text(40)
    out = {}
    # [window bits and flags][chunk seed][deflate bytes]
    out["rfc7692_hello"] = bytes([0x67, 0x00]) + HELLO_DEFLATED
    out["rfc7692_hello_bfinal"] = bytes([0x67, 0x01]) + bytes.fromhex("f348cdc9c90700")
    out["rfc7692_stored_block"] = bytes([0x07, 0x02]) + bytes.fromhex("0005 00faff 48656c6c6f 00".replace(" ", ""))
    out["rfc7692_two_flushes"] = bytes([0x67, 0x03]) + bytes.fromhex("f248cdc9c90700 0000ffff f200110000".replace(" ", ""))
    for bits in (9, 12, 15):
        data = next(deflate_raw(text, wbits=bits))
        out[f"json_window_{bits}"] = bytes([0x60 | (bits - 8), 0x03]) + data
    out["json_no_context"] = bytes([0x6F, 0x02]) + next(deflate_raw(text))
    out["plain_text_for_round_trip"] = bytes([0x97, 0x01]) + text
    out["invalid_block_type"] = bytes([0x07, 0x00]) + bytes.fromhex("ffffffff")
    out["invalid_distance_too_far"] = bytes([0x60, 0x00]) + next(deflate_raw(b"x" * 300 + text + text, wbits=15))
    return out


def utf8():
    return {
        "ascii": b"Hello, World!",
        "autobahn_6.2.1": "Hello-µ@ßöäüàá-UTF-8!!".encode(),
        "greek_kosme": "κόσμε".encode(),
        "four_byte": "emoji \U0001F600 and \U0010FFFF".encode(),
        "long_ascii_then_multibyte": b"a" * 40 + "é€𐍈".encode(),
        "invalid_surrogate": bytes.fromhex("cebae1bdb9cf83cebcceb5eda080656469746564"),
        "invalid_overlong_slash": bytes.fromhex("c0af"),
        "invalid_overlong_e0": bytes.fromhex("e080af"),
        "invalid_above_10ffff": bytes.fromhex("f4908080"),
        "invalid_lone_continuation": b"ab\x80cd",
        "invalid_f5": bytes.fromhex("f5808080"),
        "truncated_euro": bytes.fromhex("e282"),
        "truncated_then_ascii": bytes.fromhex("e28241"),
    }


def hixie():
    # [flags][chunk seed][bytes from the peer]; flags: 1 server, 2 draft 75, 4 skip the
    # handshake, 8 a 64-byte limit, 16 refuse old drafts. The requests and answer are
    # draft 76 section 1.3's worked example and a draft 75 request as Chrome 4 sent it.
    request76 = (b"GET /demo HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nSec-WebSocket-Protocol: sample\r\n"
                 b"Upgrade: WebSocket\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                 b"Origin: http://example.com\r\n\r\n^n:ds[4U")
    request75 = (b"GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nHost: example.com\r\n"
                 b"Origin: http://example.com\r\n\r\n")
    response76 = (b"HTTP/1.1 101 WebSocket Protocol Handshake\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                  b"Sec-WebSocket-Origin: http://example.com\r\nSec-WebSocket-Location: ws://example.com/demo\r\n"
                  b"\r\n8jKS'y:G*Co,Wxa-")
    frames = b"\x00hi\xff\x80\x03xyz\x05zz\xff\x90\x01q\x00\xc3\xa9\xff\xff\x00"
    return {
        "server_76_example_bytewise": bytes([0x01, 0x01]) + request76 + frames,
        "server_75_small_pieces": bytes([0x01, 0x02]) + request75 + frames,
        "server_76_refused": bytes([0x11, 0x00]) + request76,
        "client_open_frames": bytes([0x04, 0x00]) + frames,
        "client_75_open_limit": bytes([0x0E, 0x03]) + b"\x00" + b"a" * 80 + b"\xff",
        "client_76_response": bytes([0x00, 0x02]) + response76 + frames,
        "client_open_bad_close": bytes([0x04, 0x01]) + b"\x00ok\xff\xff\x02ab",
    }


def write(target, seeds):
    directory = os.path.join(CORPUS, target)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write("fuzz_driver_server", driver_server())
    write("fuzz_driver_client", driver_client())
    write("fuzz_handshake", handshake())
    write("fuzz_inflater", inflater())
    write("fuzz_utf8", utf8())
    write("fuzz_hixie", hixie())
