#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The JSON service of quote_server.py on Node's `ws` (tests/interop/node_modules), a peer
// for wsinspect's replay and flow script tests.
//
// Listens on 127.0.0.1, port 0, prints the port as stdout's first line, serves one
// connection, then exits (or after the watchdog, --timeout seconds, with status 3).
// Answers as quote_server.py does (--variant a|b), with JSON.stringify's compact bytes.
'use strict';

const { WebSocketServer } = require('ws');

const args = { variant: 'a', timeout: 20 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--variant') args.variant = argv[++i];
    else if (argv[i] === '--timeout') args.timeout = Number(argv[++i]);
    else {
        console.error(`quote_server.js: unknown argument ${argv[i]}`);
        process.exit(2);
    }
}

const watchdog = setTimeout(() => {
    console.error('quote_server.js: watchdog expired');
    process.exit(3);
}, args.timeout * 1000);

// The answer to one text message, or null.
function answer(request, count) {
    let document;
    try {
        document = JSON.parse(request);
    } catch (error) {
        return `echo:${request}`;
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return request;
    if (document.op === 'price') {
        return JSON.stringify({ op: 'price', n: count, price: args.variant === 'a' ? 10 : 11, ts: Date.now() / 1000 });
    }
    if (document.op === 'bye') return args.variant === 'a' ? JSON.stringify({ op: 'bye' }) : null;
    return request;
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
server.once('connection', (socket) => {
    let count = 0;
    socket.on('message', (data, isBinary) => {
        count += 1;
        if (isBinary) {
            socket.send(data, { binary: true });
            return;
        }
        const reply = answer(data.toString('utf8'), count);
        if (reply !== null) socket.send(reply);
    });
    socket.on('error', (error) => console.error(`quote_server.js: ${error.message}`));
    socket.on('close', () => {
        clearTimeout(watchdog);
        server.close(() => process.exit(0));
    });
});
