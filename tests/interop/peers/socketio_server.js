#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A Socket.IO server on npm's `socket.io` (4.x, or 2.x with --v2), a peer for wsinspect's
// Socket.IO client tests. Listens on 127.0.0.1, port 0, prints the port as stdout's first
// line, and exits when its first client has gone (or after the watchdog, --timeout
// seconds, with status 3).
//   "/": greets with welcome("hello", {version}); chat(text) -> chat("echo: " + text);
//        add(a, b, ack) -> ack(a + b); blob() -> blob(<Buffer 01 02 03>, "three bytes").
//   "/admin": joins only with auth {token: "s3cret"} (v4) or ?token=s3cret (v2), else a
//        CONNECT_ERROR "not authorized"; whoami(ack) -> ack("admin").
'use strict';

const http = require('http');

const args = { v2: false, timeout: 20 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--v2') args.v2 = true;
    else if (argv[i] === '--timeout') args.timeout = Number(argv[++i]);
    else {
        console.error(`socketio_server.js: unknown argument ${argv[i]}`);
        process.exit(2);
    }
}

const watchdog = setTimeout(() => {
    console.error('socketio_server.js: watchdog expired');
    process.exit(3);
}, args.timeout * 1000);

const server = http.createServer();
const io = args.v2 ? require('socket.io-v2')(server) : new (require('socket.io').Server)(server);
const version = args.v2 ? '2' : '4';
let seen = 0;

function finishWhenGone(socket) {
    seen += 1;
    socket.on('disconnect', () => {
        seen -= 1;
        if (seen === 0) {
            clearTimeout(watchdog);
            setTimeout(() => process.exit(0), 100);
        }
    });
}

io.on('connection', (socket) => {
    finishWhenGone(socket);
    socket.emit('welcome', 'hello', { version });
    socket.on('chat', (text) => socket.emit('chat', `echo: ${text}`));
    socket.on('add', (a, b, ack) => ack(a + b));
    socket.on('blob', () => socket.emit('blob', Buffer.from([1, 2, 3]), 'three bytes'));
});

const admin = io.of('/admin');
admin.use((socket, next) => {
    const token = args.v2 ? socket.handshake.query.token : (socket.handshake.auth || {}).token;
    if (token === 's3cret') next();
    else next(new Error('not authorized'));
});
admin.on('connection', (socket) => {
    finishWhenGone(socket);
    socket.on('whoami', (ack) => ack('admin'));
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
