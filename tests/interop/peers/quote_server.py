#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A small JSON service on python3-websockets, a peer for wsinspect's replay tests.

Listens on 127.0.0.1, port 0, prints the port as stdout's first line, serves one
connection, then exits (or after the watchdog, --timeout seconds, with status 3).

Answers, per connection: {"op":"price"} with {"op":"price","n":N,"price":P,"ts":NOW}
(N counts the messages, P is 10, or 11 with --variant b); {"op":"bye"} with {"op":"bye"}
(no answer with --variant b); any other JSON document echoed as it came; text with
"echo:" before it; binary echoed. Its JSON has spaces after ':' and ',' (json.dumps),
unlike Node's quote_server.js: the same values in other bytes.
"""
import argparse
import asyncio
import json
import sys
import time

import websockets


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["a", "b"], default="a")
    parser.add_argument("--timeout", type=float, default=20.0)
    return parser.parse_args()


def answer(request, count, variant):
    """The answer to one text message, or None."""
    try:
        document = json.loads(request)
    except ValueError:
        return "echo:" + request
    if not isinstance(document, dict):
        return request
    if document.get("op") == "price":
        return json.dumps({"op": "price", "n": count, "price": 10 if variant == "a" else 11, "ts": time.time()})
    if document.get("op") == "bye":
        return json.dumps({"op": "bye"}) if variant == "a" else None
    return request


async def main(args):
    done = asyncio.Event()

    async def serve(websocket):
        count = 0
        try:
            async for message in websocket:
                count += 1
                if isinstance(message, bytes):
                    await websocket.send(message)
                    continue
                reply = answer(message, count, args.variant)
                if reply is not None:
                    await websocket.send(reply)
        except websockets.ConnectionClosed:
            pass
        finally:
            done.set()

    server = await websockets.serve(serve, "127.0.0.1", 0, ping_interval=None, close_timeout=5)
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        await asyncio.wait_for(done.wait(), args.timeout)
    except asyncio.TimeoutError:
        print("quote_server.py: watchdog expired", file=sys.stderr, flush=True)
        server.close()
        return 3
    server.close()
    await server.wait_closed()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
