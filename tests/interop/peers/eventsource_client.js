#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// An EventSource client on npm's `eventsource` (tests/interop/node_modules, installed with
// `npm ci`), a third-party peer for wsinspect's EventSource endpoint.
//
// Connects to the URL on argv and prints one JSON line per happening on stdout:
// {"open":N} when a stream opens (N counts reconnects too), and
// {"type","data","lastEventId"} for each event, "message" and the types given with
// --types a,b. Exits 0 after --events N events, 3 when the watchdog (--timeout seconds)
// expires first.
'use strict';

const { EventSource } = require('eventsource');

const args = { url: null, events: 1, types: [], timeout: 20 };
for (let i = 2; i < process.argv.length; ++i) {
    const arg = process.argv[i];
    if (arg === '--events') args.events = Number(process.argv[++i]);
    else if (arg === '--types') args.types = process.argv[++i].split(',');
    else if (arg === '--timeout') args.timeout = Number(process.argv[++i]);
    else args.url = arg;
}

const source = new EventSource(args.url);
let opens = 0;
let received = 0;
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');

source.onopen = () => print({ open: ++opens });
const onEvent = (event) => {
    print({ type: event.type, data: event.data, lastEventId: event.lastEventId });
    if (++received >= args.events) {
        source.close();
        process.exit(0);
    }
};
source.onmessage = onEvent;
for (const type of args.types)
    source.addEventListener(type, onEvent);
source.onerror = (error) => process.stderr.write(`eventsource error: ${error && error.message ? error.message : 'stream ended'}\n`);

setTimeout(() => {
    process.stderr.write(`eventsource_client.js: ${received} of ${args.events} events in ${args.timeout} s\n`);
    process.exit(3);
}, args.timeout * 1000);
