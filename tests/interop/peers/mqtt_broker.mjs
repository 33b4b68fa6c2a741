#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// An MQTT broker over WebSocket for wsinspect's decoder and template tests: npm's aedes,
// served through npm ws (subprotocol "mqtt") as aedes' own documentation shows, with npm's
// mqtt client as a second, independent party. Listens on 127.0.0.1, port 0, and prints the
// port as stdout's first line. When a client subscribes to sensors/#, the mqtt client
// publishes {"celsius":21.5} to sensors/1 with QoS 1; whatever reaches the mqtt client on
// sensors/2 is printed as "received <topic> <payload>". Exits when the first WebSocket
// client has gone, or after the watchdog (--timeout seconds) with status 3.
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { startWatchdog } from './peer_watchdog.mjs';

const watchdog = startWatchdog('mqtt_broker.mjs');

const broker = await Aedes.createBroker();
const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => (offered.has('mqtt') ? 'mqtt' : false),
});

let party = null; // the mqtt client, once connected
let first = null; // the first WebSocket client but the party (on /party): the one under test

wss.on('connection', (websocket, request) => {
    if (first === null && request.url !== '/party') {
        first = websocket;
        websocket.on('close', () => {
            clearTimeout(watchdog);
            // The mqtt client's own connection keeps the servers up: end it, then leave
            // (what it printed is already out).
            const leave = () => process.exit(0);
            if (party) party.end(true, leave);
            else leave();
            setTimeout(leave, 1000).unref();
        });
    }
    broker.handle(createWebSocketStream(websocket), request);
});

broker.on('subscribe', (subscriptions, client) => {
    if (!party || client.id === party.options.clientId) return;
    if (subscriptions.some((s) => s.topic === 'sensors/#'))
        party.publish('sensors/1', '{"celsius":21.5}', { qos: 1 });
});

wss.on('listening', () => {
    const port = wss.address().port;
    party = mqtt.connect(`ws://127.0.0.1:${port}/party`, { clientId: 'npm-mqtt-party', protocolVersion: 4 });
    party.on('connect', () => {
        party.subscribe('sensors/2', { qos: 0 }, () => {
            // The port goes out only once the second party listens, so the test's first
            // message finds everything in place.
            process.stdout.write(`${port}\n`);
        });
    });
    party.on('message', (topic, payload) => process.stdout.write(`received ${topic} ${payload.toString()}\n`));
    party.on('error', (error) => console.error(`mqtt_broker.mjs: mqtt client: ${error.message}`));
});
