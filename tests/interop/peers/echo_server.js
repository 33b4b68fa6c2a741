#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Echo server on Node's `ws` (tests/interop/node_modules, installed with `npm ci`), a peer
// for wsinspect's interop tests.
//
// Listens on 127.0.0.1, port 0, and prints the port as stdout's first line. Echoes every
// message with its type, answers the close handshake, and exits after its first
// connection ends, or after the watchdog (--timeout seconds) with status 3.
//
// Options: --deflate (accept permessage-deflate; off otherwise), --subprotocol X (support
// X; repeatable), --force-subprotocol X (put X in the 101 answer whatever the client
// asked: a deliberately wrong server for negative tests).
'use strict';

const { WebSocketServer } = require('ws');

function parseArgs(argv) {
    const args = { deflate: false, subprotocols: [], forceSubprotocol: null, timeout: 20 };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--deflate') args.deflate = true;
        else if (arg === '--subprotocol') args.subprotocols.push(argv[++i]);
        else if (arg === '--force-subprotocol') args.forceSubprotocol = argv[++i];
        else if (arg === '--timeout') args.timeout = Number(argv[++i]);
        else {
            console.error(`echo_server.js: unknown argument ${arg}`);
            process.exit(2);
        }
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));

const watchdog = setTimeout(() => {
    console.error('echo_server.js: watchdog expired');
    process.exit(3);
}, args.timeout * 1000);

const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: args.deflate,
    maxPayload: 64 * 1024 * 1024,
    // Pick the first of ours the client offered; none when it offered none of them.
    handleProtocols: (offered) => args.subprotocols.find((p) => offered.has(p)) || false,
});

if (args.forceSubprotocol) {
    server.on('headers', (headers) => {
        headers.push(`Sec-WebSocket-Protocol: ${args.forceSubprotocol}`);
    });
}

server.on('listening', () => {
    process.stdout.write(`${server.address().port}\n`);
});

server.once('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
        socket.send(data, { binary: isBinary });
    });
    socket.on('error', (error) => {
        console.error(`echo_server.js: ${error.message}`);
    });
    socket.on('close', () => {
        clearTimeout(watchdog);
        server.close(() => process.exit(0));
    });
});
