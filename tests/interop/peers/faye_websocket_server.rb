# SPDX-License-Identifier: MIT
# An echo server on faye-websocket under thin (Debian's ruby-faye-websocket and thin),
# whose websocket-driver speaks hixie-75, hixie-76 and hybi (7, 8, 13): a third-party
# peer for wsinspect's client in each version.
#
# Prints its port as the first line on stdout. To each client it first sends
# "version=V" (websocket-driver's name for what it read: hixie-75, hixie-76, hybi-8,
# hybi-13), then echoes every message. Exits after 20 s (a watchdog).
require_relative 'peer_port'
require 'faye/websocket'
require 'thin'

Faye::WebSocket.load_adapter('thin')
Thin::Logging.silent = true

app = lambda do |env|
  next [404, { 'Content-Type' => 'text/plain' }, ['not a WebSocket request']] unless Faye::WebSocket.websocket?(env)

  ws = Faye::WebSocket.new(env)
  ws.on(:open) { ws.send("version=#{ws.version}") }
  ws.on(:message) { |event| ws.send(event.data) }
  ws.rack_response
end

port = announce_free_port
Thin::Server.new('127.0.0.1', port, app).start
