#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A real browser's WebSocket through wsinspect's intercepting forward proxy: Debian's
// headless Chromium (/usr/bin/chromium, or --chromium PATH) driven by npm's playwright-core
// (tests/interop/node_modules, `npm ci`; it downloads no browser), started with
// --proxy-server PROXY and the proxy's CA trusted by its SPKI hash (--spki BASE64, given to
// Chromium's --ignore-certificate-errors-spki-list, which needs a user data directory:
// playwright makes a throwaway one).
//
// With --page PAGE_URL, loads that page first (through the proxy too) and prints
// {"page":STATUS,"title":T}; then, in it (else in a blank page), opens `new WebSocket(URL)`,
// sends each --send TEXT once it is open (in order), and prints one JSON line per thing
// the page saw:
//   {"open":true,"protocol":P}   {"message":TEXT}   {"close":CODE,"reason":R}   {"error":true}
// Closes with 1000 after --messages N messages arrived and exits 0 once closed; 3 when the
// watchdog (--timeout seconds) expires first, 4 when the browser or page cannot be set up.
'use strict';

const { chromium } = require('playwright-core');

function parseArgs(argv) {
    const args = { url: null, proxy: null, spki: null, page: null, send: [], messages: 1, timeout: 30, chromium: '/usr/bin/chromium' };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--proxy') args.proxy = argv[++i];
        else if (arg === '--spki') args.spki = argv[++i];
        else if (arg === '--page') args.page = argv[++i];
        else if (arg === '--send') args.send.push(argv[++i]);
        else if (arg === '--messages') args.messages = Number(argv[++i]);
        else if (arg === '--timeout') args.timeout = Number(argv[++i]);
        else if (arg === '--chromium') args.chromium = argv[++i];
        else if (!arg.startsWith('--') && args.url === null) args.url = arg;
        else {
            console.error(`chromium_websocket_proxy.js: unknown argument ${arg}`);
            process.exit(2);
        }
    }
    if (args.url === null || args.proxy === null) {
        console.error('usage: chromium_websocket_proxy.js WSS_URL --proxy http://HOST:PORT [--spki B64] [--send T]... [--messages N]');
        process.exit(2);
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');
let browser = null;
let exiting = false;

async function finish(status, message) {
    if (exiting)
        return;
    exiting = true;
    if (message)
        process.stderr.write(`chromium_websocket_proxy.js: ${message}\n`);
    if (browser)
        await browser.close().catch(() => {});
    process.exit(status);
}

function openInPage({ url, send, messages }) {
    const socket = new WebSocket(url);
    let received = 0;
    socket.onopen = () => {
        window.wsiReport({ open: true, protocol: socket.protocol });
        for (const text of send)
            socket.send(text);
    };
    socket.onmessage = (event) => {
        window.wsiReport({ message: String(event.data) });
        if (++received >= messages)
            socket.close(1000, 'done');
    };
    socket.onerror = () => window.wsiReport({ error: true });
    socket.onclose = (event) => window.wsiReport({ close: event.code, reason: event.reason });
    window.wsiSocket = socket;
}

async function main() {
    setTimeout(() => finish(3, `the watchdog expired after ${args.timeout} s`), args.timeout * 1000);
    const chromiumArgs = [
        `--proxy-server=${args.proxy}`,
        // Chromium sends loopback hosts around any proxy unless told not to.
        '--proxy-bypass-list=<-loopback>',
        // No update checks or sign-in probes through the proxy: the test's flow is the only one.
        '--disable-background-networking',
    ];
    if (args.spki)
        chromiumArgs.push(`--ignore-certificate-errors-spki-list=${args.spki}`);
    browser = await chromium.launch({
        executablePath: args.chromium,
        headless: true,
        chromiumSandbox: process.getuid() !== 0,
        args: chromiumArgs,
        timeout: args.timeout * 1000,
    });
    browser.on('disconnected', () => finish(4, 'the browser went away'));
    const page = await browser.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.exposeFunction('wsiReport', (line) => {
        print(line);
        if (line.close !== undefined)
            finish(0);
    });
    if (args.page) {
        const response = await page.goto(args.page, { timeout: args.timeout * 1000 });
        print({ page: response ? response.status() : 0, title: await page.title() });
    }
    await page.evaluate(openInPage, { url: args.url, send: args.send, messages: args.messages });
}

main().catch((error) => finish(4, error && error.message ? error.message : String(error)));
