// SPDX-License-Identifier: MIT
// What the ES-module peers share: `--timeout SECONDS` (default 20) read from the command
// line, and a watchdog that exits with status 3 when the peer outlives it, so a test that
// fails half-way leaves nothing running. The peer clears the returned timer when done.
export function startWatchdog(name) {
    let timeout = 20;
    const argv = process.argv.slice(2);
    for (let i = 0; i < argv.length; ++i) {
        if (argv[i] === '--timeout') timeout = Number(argv[++i]);
        else {
            console.error(`${name}: unknown argument ${argv[i]}`);
            process.exit(2);
        }
    }
    return setTimeout(() => {
        console.error(`${name}: watchdog expired`);
        process.exit(3);
    }, timeout * 1000);
}
