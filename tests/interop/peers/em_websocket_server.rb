# SPDX-License-Identifier: MIT
# An echo server on em-websocket (Debian's ruby-em-websocket), a third-party peer for
# wsinspect's client in every version em-websocket answers: 75, 76 and the hybi drafts up
# to 13, chosen from the request (em-websocket's handshake.rb).
#
# Prints its port as the first line on stdout. To each client it first sends
# "version=N" (the version em-websocket read from the request: 75, 76, 8, 13), then
# echoes every text message. Exits after 20 s (a watchdog).
require_relative 'peer_port'
require 'em-websocket'

port = announce_free_port

EM.run do
  EM::WebSocket.run(host: '127.0.0.1', port: port) do |ws|
    ws.onopen do |handshake|
      ws.send("version=#{handshake.protocol_version}")
    end
    ws.onmessage { |message| ws.send(message) }
    ws.onerror { |error| warn "em-websocket: #{error.message}" }
  end
end
