#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A GraphQL over WebSocket server (npm graphql-ws's useServer on npm ws: the
// graphql-transport-ws subprotocol) for wsinspect's decoder and template tests. Schema:
// `query { hello }` -> "world"; `subscription { greetings }` yields "Hi", "Bonjour", "Hola"
// and completes. Listens on 127.0.0.1, port 0, prints the port as stdout's first line, and
// exits when its first client has gone, or after the watchdog (--timeout seconds) with 3.
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { startWatchdog } from './peer_watchdog.mjs';

const watchdog = startWatchdog('graphql_server.mjs');

const schema = buildSchema(`
  type Query { hello: String }
  type Subscription { greetings: String }
`);
const roots = {
    query: { hello: () => 'world' },
    subscription: {
        greetings: async function* () {
            for (const hi of ['Hi', 'Bonjour', 'Hola']) yield { greetings: hi };
        },
    },
};

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
useServer({ schema, roots }, wss);
let seen = false;
wss.on('connection', (websocket) => {
    if (seen) return;
    seen = true;
    websocket.on('close', () => {
        clearTimeout(watchdog);
        wss.close(() => process.exit(0));
    });
});
wss.on('listening', () => process.stdout.write(`${wss.address().port}\n`));
