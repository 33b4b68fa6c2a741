#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Echo server on python3-websockets (Debian's 10.x asyncio API), a peer for wsinspect's
interop tests.

Listens on 127.0.0.1, port 0, and prints the port as stdout's first line. Echoes every
message with its type, answers the close handshake, and exits after its first connection
ends, or after the watchdog (--timeout seconds) with status 3.

Options: --deflate (accept permessage-deflate; off otherwise), --subprotocol X (support X;
repeatable), --force-subprotocol X (put X in the 101 answer whatever the client asked: a
deliberately wrong server for negative tests), --cert FILE --key FILE (serve wss:// with
that PEM certificate chain and key).
"""
import argparse
import asyncio
import ssl
import sys

import websockets


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deflate", action="store_true")
    parser.add_argument("--subprotocol", action="append", default=[])
    parser.add_argument("--force-subprotocol", default=None)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--cert", default=None)
    parser.add_argument("--key", default=None)
    return parser.parse_args()


async def main(args):
    done = asyncio.Event()

    async def echo(websocket):
        try:
            async for message in websocket:
                await websocket.send(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            done.set()

    extra_headers = None
    if args.force_subprotocol:
        extra_headers = [("Sec-WebSocket-Protocol", args.force_subprotocol)]

    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)

    server = await websockets.serve(
        echo, "127.0.0.1", 0,
        compression="deflate" if args.deflate else None,
        subprotocols=args.subprotocol or None,
        extra_headers=extra_headers,
        max_size=None,
        ping_interval=None,
        close_timeout=5,
        ssl=tls,
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    try:
        await asyncio.wait_for(done.wait(), args.timeout)
    except asyncio.TimeoutError:
        print("echo_server.py: watchdog expired", file=sys.stderr, flush=True)
        server.close()
        return 3
    # Let the close handshake and the TCP close finish before leaving.
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), 5)
    except asyncio.TimeoutError:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
