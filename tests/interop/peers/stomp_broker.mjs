#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A small STOMP 1.2 broker over WebSocket (subprotocol v12.stomp) whose frames are read and
// written by npm @stomp/stompjs's own Parser and FrameImpl, for wsinspect's decoder and
// template tests: what we send must parse with stompjs, what we read stompjs wrote.
// CONNECT -> CONNECTED; SUBSCRIBE remembers the id; SEND goes to every subscription of its
// destination as MESSAGE; a receipt header is answered with RECEIPT; any other command gets
// ERROR. Each frame it parsed is printed as "parsed <COMMAND> <headers as JSON, sorted by
// name> <body>".
// Listens on 127.0.0.1, port 0, prints the port first, exits when its first client has gone
// or after the watchdog (--timeout seconds) with status 3.
import { FrameImpl, Parser } from '@stomp/stompjs';
import { WebSocketServer } from 'ws';
import { startWatchdog } from './peer_watchdog.mjs';

const watchdog = startWatchdog('stomp_broker.mjs');

const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => (offered.has('v12.stomp') ? 'v12.stomp' : false),
});
let seen = false;
let nextMessageId = 1;

wss.on('connection', (websocket) => {
    const subscriptions = new Map(); // id -> destination
    const send = (command, headers, body = '') =>
        websocket.send(new FrameImpl({ command, headers, body, escapeHeaderValues: true }).serialize());
    const onFrame = (raw) => {
        const frame = FrameImpl.fromRawFrame(raw, true);
        const sorted = Object.fromEntries(Object.entries(frame.headers).sort(([a], [b]) => (a < b ? -1 : 1)));
        process.stdout.write(`parsed ${frame.command} ${JSON.stringify(sorted)} ${frame.body}\n`);
        switch (frame.command) {
        case 'CONNECT':
        case 'STOMP':
            send('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'stompjs-peer' });
            break;
        case 'SUBSCRIBE':
            subscriptions.set(frame.headers.id, frame.headers.destination);
            break;
        case 'UNSUBSCRIBE':
            subscriptions.delete(frame.headers.id);
            break;
        case 'SEND':
            for (const [id, destination] of subscriptions) {
                if (destination === frame.headers.destination)
                    send('MESSAGE', { subscription: id, 'message-id': String(nextMessageId++), destination,
                                      'content-type': frame.headers['content-type'] || 'text/plain' }, frame.body);
            }
            break;
        case 'DISCONNECT':
            break;
        default:
            send('ERROR', { message: `unknown command ${frame.command}` });
        }
        if (frame.headers.receipt) send('RECEIPT', { 'receipt-id': frame.headers.receipt });
    };
    const parser = new Parser(onFrame, () => process.stdout.write('parsed heart-beat\n'));
    websocket.on('message', (data, isBinary) => parser.parseChunk(isBinary ? new Uint8Array(data) : data.toString()));
    if (!seen) {
        seen = true;
        websocket.on('close', () => {
            clearTimeout(watchdog);
            wss.close(() => process.exit(0));
        });
    }
});
wss.on('listening', () => process.stdout.write(`${wss.address().port}\n`));
