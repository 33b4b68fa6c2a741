#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A real browser's EventSource as a peer for wsinspect's EventSource endpoint: Debian's
// headless Chromium (/usr/bin/chromium, or --chromium PATH) driven by npm's
// playwright-core (tests/interop/node_modules, `npm ci`; it downloads no browser).
//
// Opens ORIGIN (the built-in server answers GET / with its info page), then runs
// `new EventSource(PATH)` in that page, so the stream is same-origin and needs no CORS.
// Prints one JSON line per thing the page's EventSource saw, in the order it saw them:
//   {"open":N}                         a stream opened (N counts reconnects too)
//   {"error":N,"readyState":R}         a stream failed or ended; R 0: it will reconnect
//   {"type","data","lastEventId"}      an event: "message" and the types given with --types a,b
// Exits 0 after --events N events, 3 when the watchdog (--timeout seconds) expires first,
// 4 when the browser or the page cannot be set up. The browser is closed in every case.
'use strict';

const { chromium } = require('playwright-core');

function parseArgs(argv) {
    const args = { origin: null, path: '/events', events: 1, types: [], timeout: 30,
                   chromium: '/usr/bin/chromium' };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--path') args.path = argv[++i];
        else if (arg === '--events') args.events = Number(argv[++i]);
        else if (arg === '--types') args.types = argv[++i].split(',');
        else if (arg === '--timeout') args.timeout = Number(argv[++i]);
        else if (arg === '--chromium') args.chromium = argv[++i];
        else if (!arg.startsWith('--') && args.origin === null) args.origin = arg;
        else {
            console.error(`chromium_eventsource.js: unknown argument ${arg}`);
            process.exit(2);
        }
    }
    if (args.origin === null) {
        console.error('usage: chromium_eventsource.js ORIGIN [--path /events] [--events N] [--types a,b] [--timeout S]');
        process.exit(2);
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');
let browser = null;
let exiting = false;

// Closes the browser before exiting, whatever ends the run, so no Chromium outlives us.
async function finish(status, message) {
    if (exiting)
        return;
    exiting = true;
    if (message)
        process.stderr.write(`chromium_eventsource.js: ${message}\n`);
    if (browser)
        await browser.close().catch(() => {});
    process.exit(status);
}

// The page's EventSource, set up inside the browser; it reports through wsiReport.
function listenInPage({ path, types }) {
    const source = new EventSource(path);
    let opens = 0;
    let errors = 0;
    source.onopen = () => window.wsiReport({ open: ++opens });
    source.onerror = () => window.wsiReport({ error: ++errors, readyState: source.readyState });
    const onEvent = (event) => window.wsiReport({ type: event.type, data: event.data, lastEventId: event.lastEventId });
    source.onmessage = onEvent;
    for (const type of types)
        source.addEventListener(type, onEvent);
    window.wsiSource = source; // kept reachable for as long as the page lives
}

async function main() {
    let received = 0;
    setTimeout(() => finish(3, `${received} of ${args.events} events in ${args.timeout} s`), args.timeout * 1000);

    browser = await chromium.launch({
        executablePath: args.chromium,
        headless: true,
        // Chromium refuses to start as root with its sandbox on, and test machines and CI
        // containers often run as root; as any other user the sandbox stays on.
        chromiumSandbox: process.getuid() !== 0,
        // Loopback only: no proxy from the environment between the browser and our server.
        args: ['--no-proxy-server'],
        timeout: args.timeout * 1000,
    });
    browser.on('disconnected', () => finish(4, 'the browser went away'));
    const page = await browser.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    // Bindings are called in the order the page calls them, so lines keep the page's order.
    await page.exposeFunction('wsiReport', (line) => {
        print(line);
        if (line.type !== undefined && ++received >= args.events)
            finish(0);
    });
    await page.goto(args.origin, { timeout: args.timeout * 1000 });
    await page.evaluate(listenInPage, { path: args.path, types: args.types });
}

main().catch((error) => finish(4, error && error.message ? error.message : String(error)));
