// SPDX-License-Identifier: MIT
// bench_sse's peer: npm's `eventsource` (tests/interop/node_modules) consuming a flood of
// events. Prints the milliseconds from creating the EventSource to the N-th event, then
// exits; exits 3 after 120 s.
'use strict';
const path = require('path');
const { EventSource } = require(path.join(process.argv[4], 'node_modules', 'eventsource'));

const url = process.argv[2];
const wanted = Number(process.argv[3]);
let received = 0;
const started = process.hrtime.bigint();
const source = new EventSource(url);
source.onmessage = () => {
    if (++received === wanted) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        process.stdout.write(`${ms}\n`);
        source.close();
        process.exit(0);
    }
};
source.onerror = () => {};
setTimeout(() => process.exit(3), 120000);
