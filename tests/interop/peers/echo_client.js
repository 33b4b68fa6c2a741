#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Echo client on Node's `ws` (tests/interop/node_modules, installed with `npm ci`), a peer
// for wsinspect's interop tests.
//
// Connects to the URL on argv, sends a scripted set of messages (text, binary, empty,
// 1 MiB, a fragmented message, multi-byte UTF-8) and a ping, expects each echoed back
// byte-exact, then closes with 1000 and a reason and expects 1000 back. Exits 0 only if
// everything matched; otherwise prints what differed to stderr and exits 1 (2: could not
// connect, 3: the watchdog expired).
//
// Options: --deflate (offer permessage-deflate and require it), --subprotocol X (offer X
// and require the server to pick it), --timeout seconds.
'use strict';

const WebSocket = require('ws');

const CLOSE_REASON = 'node client done';

function parseArgs(argv) {
    const args = { url: null, deflate: false, subprotocol: null, timeout: 20 };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--deflate') args.deflate = true;
        else if (arg === '--subprotocol') args.subprotocol = argv[++i];
        else if (arg === '--timeout') args.timeout = Number(argv[++i]);
        else if (!args.url) args.url = arg;
        else {
            console.error(`echo_client.js: unexpected argument ${arg}`);
            process.exit(2);
        }
    }
    if (!args.url) {
        console.error('usage: echo_client.js URL [--deflate] [--subprotocol X] [--timeout s]');
        process.exit(2);
    }
    return args;
}

// { label, send: string | Buffer | array of strings (fragments), expect: string | Buffer }
function scriptedMessages() {
    const mib = Buffer.alloc(1 << 20);
    for (let i = 0; i < mib.length; ++i) mib[i] = (i * 7 + (i >> 10)) & 0xff;
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; ++i) all[i] = i;
    const fragments = [1, 2, 3, 4, 5].map((n) => `fragment ${n} of 5; `);
    const utf8 = 'h\u00e9llo \u65e5\u672c \u{1F600}\u{1D11E} end';
    return [
        { label: 'short text', send: 'hello from node', expect: 'hello from node' },
        { label: 'binary, all byte values', send: all, expect: all },
        { label: 'empty text', send: '', expect: '' },
        { label: 'empty binary', send: Buffer.alloc(0), expect: Buffer.alloc(0) },
        { label: '1 MiB binary', send: mib, expect: mib },
        { label: 'text in 5 fragments', send: fragments, expect: fragments.join('') },
        { label: 'multi-byte UTF-8', send: utf8, expect: utf8 },
    ];
}

function describe(value, isText) {
    const buf = Buffer.isBuffer(value) ? value : Buffer.from(value);
    const head = buf.subarray(0, 40);
    const shown = isText ? JSON.stringify(head.toString('utf8')) : head.toString('hex');
    return `${isText ? 'text' : 'binary'} of ${buf.length} bytes ${shown}${buf.length > 40 ? '...' : ''}`;
}

const args = parseArgs(process.argv.slice(2));
const failures = [];

const watchdog = setTimeout(() => {
    console.error(`echo_client.js: watchdog expired after ${args.timeout} s`);
    process.exit(3);
}, args.timeout * 1000);

function finish(code) {
    clearTimeout(watchdog);
    for (const failure of failures) console.error(`echo_client.js: ${failure}`);
    if (code === 0 && failures.length === 0) console.log('echo_client.js: all messages echoed byte-exact');
    process.exit(code !== 0 ? code : failures.length ? 1 : 0);
}

const socket = new WebSocket(args.url, args.subprotocol ? [args.subprotocol] : [], {
    perMessageDeflate: args.deflate,
    maxPayload: 64 * 1024 * 1024,
    handshakeTimeout: 10000,
});

// Incoming events, consumed in order by the script.
const queue = [];
let waiter = null;
function push(event) {
    queue.push(event);
    if (waiter) {
        const wake = waiter;
        waiter = null;
        wake();
    }
}
function next() {
    if (queue.length) return Promise.resolve(queue.shift());
    return new Promise((resolve) => {
        waiter = () => resolve(queue.shift());
    });
}

socket.on('message', (data, isBinary) => push({ kind: 'message', data, isBinary }));
socket.on('pong', (data) => push({ kind: 'pong', data }));
socket.on('close', (code, reason) => push({ kind: 'close', code, reason: reason.toString() }));
socket.on('error', (error) => {
    console.error(`echo_client.js: ${error.message}`);
    if (socket.readyState !== WebSocket.OPEN) finish(2);
});

function sendOne(payload) {
    if (Array.isArray(payload)) {
        // A text message in fragments: fin only on the last one.
        payload.forEach((part, i) => socket.send(part, { binary: false, fin: i === payload.length - 1 }));
    } else {
        socket.send(payload, { binary: Buffer.isBuffer(payload) });
    }
}

async function nextOf(kind) {
    const event = await next();
    if (event.kind !== kind) throw new Error(`expected a ${kind}, got ${event.kind} ${JSON.stringify(event.code ?? '')}`);
    return event;
}

async function script() {
    if (args.subprotocol && socket.protocol !== args.subprotocol)
        failures.push(`subprotocol: expected ${args.subprotocol}, got '${socket.protocol}'`);
    const deflated = socket.extensions.includes('permessage-deflate');
    if (args.deflate !== deflated)
        failures.push(`permessage-deflate ${deflated ? 'negotiated' : 'not negotiated'} (extensions: '${socket.extensions}')`);

    for (const { label, send, expect } of scriptedMessages()) {
        sendOne(send);
        const echoed = await nextOf('message');
        const expectText = typeof expect === 'string';
        const expectBytes = Buffer.from(expect);
        if (echoed.isBinary === expectText || !echoed.data.equals(expectBytes))
            failures.push(`${label}: sent ${describe(expect, expectText)}, got back ${describe(echoed.data, !echoed.isBinary)}`);
    }

    const pingPayload = Buffer.from('node-ping-1');
    socket.ping(pingPayload);
    const pong = await nextOf('pong');
    if (!pong.data.equals(pingPayload))
        failures.push(`pong: expected ${pingPayload.toString('hex')}, got ${pong.data.toString('hex')}`);

    // Section 5.5.1: the answer typically echoes the status code; the reason is free.
    socket.close(1000, CLOSE_REASON);
    const closed = await nextOf('close');
    if (closed.code !== 1000)
        failures.push(`close: expected the server to answer 1000, got ${closed.code} '${closed.reason}'`);
}

socket.on('open', () => {
    script().then(() => finish(0), (error) => {
        failures.push(error.message);
        finish(1);
    });
});
