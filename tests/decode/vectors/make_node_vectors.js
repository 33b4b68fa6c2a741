// SPDX-License-Identifier: MIT
// Records decoder test vectors with the protocols' reference npm libraries (pinned in
// tests/interop/package.json): socket.io-parser 4 (Socket.IO v3/v4) and 3 (Socket.IO v2),
// engine.io-parser 5 (Engine.IO 4) and 2 (Engine.IO 3), mqtt-packet (MQTT 3.1.1 and 5),
// graphql-ws (graphql-transport-ws messages), @stomp/stompjs (STOMP frames; the composer's
// templates are compared with these byte for byte). Writes node_vectors.json beside this file:
// name -> {text: "..."} or {hex: "..."}. Run again after changing a vector:
//   (cd tests/interop && npm ci) && node tests/decode/vectors/make_node_vectors.js
'use strict';
const path = require('path');
const fs = require('fs');
const modules = path.join(__dirname, '..', '..', 'interop', 'node_modules');
const need = (name) => require(path.join(modules, name));

const sio4 = need('socket.io-parser');
const sio3 = need('socket.io-parser-v3');
const eio4 = need('engine.io-parser');
const eio3 = need('engine.io-parser-v2');
const mqtt = need('mqtt-packet');
const gql = need('graphql-ws');
const stomp = need('@stomp/stompjs');

const vectors = {};
const text = (name, value) => { vectors[name] = { text: value }; };
const binary = (name, buffer) => { vectors[name] = { hex: Buffer.from(buffer).toString('hex') }; };

// Engine.IO packets as the WebSocket transport sends them (one packet per message).
function engine4(name, packet) {
    eio4.encodePacket(packet, true, (encoded) => {
        if (typeof encoded === 'string') text(name, encoded); else binary(name, encoded);
    });
}
function engine3(name, packet) {
    eio3.encodePacket(packet, true, false, (encoded) => {
        if (typeof encoded === 'string') text(name, encoded); else binary(name, encoded);
    });
}
// A Socket.IO packet inside Engine.IO message packets: the string, then each attachment.
function socketio(name, parser, engine, packet) {
    const parts = new parser.Encoder().encode(packet);
    parts.forEach((part, i) => engine(i === 0 ? name : `${name}.attachment${i}`, { type: 'message', data: part }));
}
function socketio3(name, packet) {
    // socket.io-parser 3 encodes through a callback.
    new sio3.Encoder().encode(packet, (parts) => {
        parts.forEach((part, i) => engine3(i === 0 ? name : `${name}.attachment${i}`, { type: 'message', data: part }));
    });
}

engine4('eio4.open', { type: 'open', data: JSON.stringify({ sid: 'lv_VI97HAXpY6yYWAAAC', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 }) });
engine3('eio3.open', { type: 'open', data: JSON.stringify({ sid: 'abc123', upgrades: [], pingInterval: 25000, pingTimeout: 5000 }) });
engine4('eio4.ping', { type: 'ping' });
engine4('eio4.probe', { type: 'ping', data: 'probe' });
engine4('eio4.close', { type: 'close' });

const T4 = sio4.PacketType;
socketio('sio4.connect', sio4, engine4, { type: T4.CONNECT, nsp: '/', data: { token: 'abc' } });
socketio('sio4.connect.admin', sio4, engine4, { type: T4.CONNECT, nsp: '/admin', data: { sid: 'oSO0OpakmV3CXBTmAAAB' } });
socketio('sio4.event', sio4, engine4, { type: T4.EVENT, nsp: '/', data: ['chat', 'hi'] });
socketio('sio4.event.ack', sio4, engine4, { type: T4.EVENT, nsp: '/admin', data: ['project:delete', 123], id: 12 });
socketio('sio4.ack', sio4, engine4, { type: T4.ACK, nsp: '/admin', data: [{ ok: true }], id: 12 });
socketio('sio4.connect_error', sio4, engine4, { type: T4.CONNECT_ERROR, nsp: '/', data: { message: 'Not authorized' } });
socketio('sio4.disconnect', sio4, engine4, { type: T4.DISCONNECT, nsp: '/admin' });
socketio('sio4.binary_event', sio4, engine4, { type: T4.EVENT, nsp: '/', data: ['upload', Buffer.from([1, 2, 3]), { name: 'a.bin', thumb: Buffer.from([9, 9]) }] });
socketio('sio4.binary_ack', sio4, engine4, { type: T4.ACK, nsp: '/', data: [Buffer.from('xyz')], id: 5 });

const T3 = sio3;
socketio3('sio3.event', { type: T3.EVENT, nsp: '/', data: ['chat', 'hi'] });
socketio3('sio3.event.ns', { type: T3.EVENT, nsp: '/chat', data: ['msg', { a: 1 }], id: 4 });
socketio3('sio3.error', { type: T3.ERROR, nsp: '/', data: 'Not authorized' });
socketio3('sio3.binary_event', { type: T3.BINARY_EVENT, nsp: '/', data: ['file', Buffer.from([0xde, 0xad])] });

// MQTT 3.1.1 (protocolVersion 4) and 5.
const v4 = { protocolVersion: 4 };
const v5 = { protocolVersion: 5 };
binary('mqtt4.connect', mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'sensor-7', keepalive: 60, username: 'u', password: Buffer.from('p') }, v4));
binary('mqtt4.connack', mqtt.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }, v4));
binary('mqtt4.publish.qos1', mqtt.generate({ cmd: 'publish', topic: 'sensors/1', payload: Buffer.from('21.5'), qos: 1, messageId: 5, retain: false, dup: false }, v4));
binary('mqtt4.publish.qos0', mqtt.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 0, retain: true, dup: false }, v4));
binary('mqtt4.puback', mqtt.generate({ cmd: 'puback', messageId: 5 }, v4));
binary('mqtt4.subscribe', mqtt.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 1 }, { topic: 'alerts', qos: 0 }] }, v4));
binary('mqtt4.suback', mqtt.generate({ cmd: 'suback', messageId: 1, granted: [1, 0] }, v4));
binary('mqtt4.unsubscribe', mqtt.generate({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['alerts'] }, v4));
binary('mqtt4.unsuback', mqtt.generate({ cmd: 'unsuback', messageId: 2 }, v4));
binary('mqtt4.pingreq', mqtt.generate({ cmd: 'pingreq' }, v4));
binary('mqtt4.pingresp', mqtt.generate({ cmd: 'pingresp' }, v4));
binary('mqtt4.disconnect', mqtt.generate({ cmd: 'disconnect' }, v4));
// A payload long enough for a two-byte remaining length.
binary('mqtt4.publish.long', mqtt.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(300, 0x61), qos: 0, retain: false, dup: false }, v4));

binary('mqtt5.connect', mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clean: true, clientId: 'c5', keepalive: 30, properties: { sessionExpiryInterval: 120, receiveMaximum: 10 } }, v5));
binary('mqtt5.connack', mqtt.generate({ cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { topicAliasMaximum: 5, assignedClientIdentifier: 'srv-1' } }, v5));
binary('mqtt5.publish', mqtt.generate({ cmd: 'publish', topic: 'sensors/1', payload: Buffer.from('{"t":21.5}'), qos: 1, messageId: 9, retain: false, dup: false, properties: { contentType: 'application/json', userProperties: { unit: 'C' }, messageExpiryInterval: 60 } }, v5));
binary('mqtt5.puback', mqtt.generate({ cmd: 'puback', messageId: 9, reasonCode: 16, properties: { reasonString: 'no subscribers' } }, v5));
binary('mqtt5.subscribe', mqtt.generate({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: 'x/+', qos: 2, nl: false, rap: false, rh: 0 }], properties: { subscriptionIdentifier: 7 } }, v5));
binary('mqtt5.disconnect', mqtt.generate({ cmd: 'disconnect', reasonCode: 142, properties: { reasonString: 'taken over' } }, v5));

// graphql-transport-ws, serialized by the graphql-ws library itself.
const M = gql.MessageType;
text('gql.connection_init', gql.stringifyMessage({ type: M.ConnectionInit, payload: { token: 't' } }));
text('gql.connection_ack', gql.stringifyMessage({ type: M.ConnectionAck }));
text('gql.ping', gql.stringifyMessage({ type: M.Ping }));
text('gql.subscribe', gql.stringifyMessage({ id: '1', type: M.Subscribe, payload: { query: 'subscription OnPrice { price(sym: "X") }', operationName: 'OnPrice' } }));
text('gql.subscribe.anonymous', gql.stringifyMessage({ id: '2', type: M.Subscribe, payload: { query: '{ hello }' } }));
text('gql.next', gql.stringifyMessage({ id: '1', type: M.Next, payload: { data: { price: 42 } } }));
text('gql.error', gql.stringifyMessage({ id: '1', type: M.Error, payload: [{ message: 'Cannot query field "x"' }] }));
text('gql.complete', gql.stringifyMessage({ id: '1', type: M.Complete }));

// What the composer's templates must write (engine/templates), made by the reference
// libraries from the same values as the templates' defaults.
binary('template.mqtt4.connect', mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'wsinspect', keepalive: 60 }, v4));
binary('template.mqtt4.subscribe', mqtt.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 0 }] }, v4));
binary('template.mqtt4.publish', mqtt.generate({ cmd: 'publish', topic: 'sensors/1', payload: Buffer.from('{"celsius": 21.5}'), qos: 0, retain: false, dup: false }, v4));
binary('template.mqtt5.connect', mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clean: true, clientId: 'wsinspect', keepalive: 60, username: 'ann', password: Buffer.from('secret') }, v5));
binary('template.mqtt5.subscribe', mqtt.generate({ cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'sensors/+', qos: 2, nl: false, rap: false, rh: 0 }] }, v5));
binary('template.mqtt5.publish', mqtt.generate({ cmd: 'publish', topic: 'sensors/1', payload: Buffer.from('{"celsius": 21.5}'), qos: 1, messageId: 1, retain: true, dup: false }, v5));
binary('template.mqtt5.unsubscribe', mqtt.generate({ cmd: 'unsubscribe', messageId: 1, unsubscriptions: ['sensors/#'] }, v5));
const stompFrame = (name, command, headers, body) =>
    text(name, new stomp.FrameImpl({ command, headers, body, escapeHeaderValues: true }).serialize());
stompFrame('template.stomp.connect', 'CONNECT', { 'accept-version': '1.2', host: '/', 'heart-beat': '10000,10000' }, '');
stompFrame('template.stomp.subscribe', 'SUBSCRIBE', { id: 'sub-0', destination: '/topic/greetings', ack: 'auto' }, '');
stompFrame('template.stomp.send', 'SEND', { destination: '/queue/a:b\\c', 'content-type': 'text/plain' }, 'Hello, STOMP');
stompFrame('template.stomp.disconnect', 'DISCONNECT', { receipt: '77' }, '');
text('template.gql.subscribe', gql.stringifyMessage({ id: '1', type: M.Subscribe, payload: { query: 'subscription { greetings }' } }));

fs.writeFileSync(path.join(__dirname, 'node_vectors.json'), JSON.stringify(vectors, null, 1) + '\n');
console.log(`${Object.keys(vectors).length} vectors`);
