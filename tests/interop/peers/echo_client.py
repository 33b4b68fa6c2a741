#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Echo client on python3-websockets (Debian's 10.x asyncio API), a peer for wsinspect's
interop tests.

Connects to the URL on argv, sends a scripted set of messages (text, binary, empty, 1 MiB,
a fragmented message, multi-byte UTF-8) and a ping, expects each echoed back byte-exact,
then closes with 1000 and a reason and expects 1000 back. Exits 0 only if everything
matched; otherwise prints what differed to stderr and exits 1 (2: could not connect, 3:
the watchdog expired).

Options: --deflate (offer permessage-deflate and require it), --subprotocol X (offer X and
require the server to pick it), --timeout seconds.
"""
import argparse
import asyncio
import sys

import websockets

CLOSE_REASON = "python client done"


def scripted_messages():
    """(label, payload to send, expected echo). A list payload is sent as fragments."""
    mib = bytes((i * 7 + (i >> 10)) & 0xFF for i in range(1 << 20))
    fragments = ["fragment %d of 5; " % n for n in range(1, 6)]
    return [
        ("short text", "hello from python", "hello from python"),
        ("binary, all byte values", bytes(range(256)), bytes(range(256))),
        ("empty text", "", ""),
        ("empty binary", b"", b""),
        ("1 MiB binary", mib, mib),
        ("text in 5 fragments", fragments, "".join(fragments)),
        ("multi-byte UTF-8", "h\u00e9llo \u65e5\u672c \U0001F600\U0001D11E end",
         "h\u00e9llo \u65e5\u672c \U0001F600\U0001D11E end"),
    ]


def describe(value):
    kind = "text" if isinstance(value, str) else "binary"
    shown = value[:40]
    return "%s of %d %s %r%s" % (kind, len(value), "chars" if kind == "text" else "bytes",
                                shown, "..." if len(value) > 40 else "")


async def run(args):
    failures = []
    try:
        websocket = await websockets.connect(
            args.url,
            compression="deflate" if args.deflate else None,
            subprotocols=[args.subprotocol] if args.subprotocol else None,
            max_size=None,
            ping_interval=None,
            close_timeout=5,
            open_timeout=10,
        )
    except Exception as error:  # noqa: BLE001 - any failure to connect is reported
        print("echo_client.py: could not connect: %r" % error, file=sys.stderr)
        return 2

    if args.subprotocol and websocket.subprotocol != args.subprotocol:
        failures.append("subprotocol: expected %r, got %r" % (args.subprotocol, websocket.subprotocol))
    negotiated = [ext.name for ext in websocket.extensions]
    if args.deflate and "permessage-deflate" not in negotiated:
        failures.append("permessage-deflate was not negotiated (extensions: %r)" % negotiated)
    if not args.deflate and negotiated:
        failures.append("unexpected extensions negotiated: %r" % negotiated)

    for label, payload, expected in scripted_messages():
        await websocket.send(payload)
        echoed = await websocket.recv()
        if type(echoed) is not type(expected) or echoed != expected:
            failures.append("%s: sent %s, got back %s" % (label, describe(expected), describe(echoed)))

    ping_payload = b"python-ping-1"
    pong_waiter = await websocket.ping(ping_payload)
    try:
        await asyncio.wait_for(pong_waiter, 5)
    except asyncio.TimeoutError:
        failures.append("ping %r: no pong within 5 s" % ping_payload)

    # Section 5.5.1: the answer typically echoes the status code; the reason is free.
    await websocket.close(1000, CLOSE_REASON)
    if websocket.close_code != 1000:
        failures.append("close: expected the server to answer 1000, got %r %r"
                        % (websocket.close_code, websocket.close_reason))

    for failure in failures:
        print("echo_client.py: " + failure, file=sys.stderr)
    if not failures:
        print("echo_client.py: all messages echoed byte-exact")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--deflate", action="store_true")
    parser.add_argument("--subprotocol", default=None)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    async def bounded():
        try:
            return await asyncio.wait_for(run(args), args.timeout)
        except asyncio.TimeoutError:
            print("echo_client.py: watchdog expired after %g s" % args.timeout, file=sys.stderr)
            return 3
        except websockets.ConnectionClosed as closed:
            print("echo_client.py: connection closed early: %r" % closed, file=sys.stderr)
            return 1

    sys.exit(asyncio.run(bounded()))


if __name__ == "__main__":
    main()
