# SPDX-License-Identifier: MIT
# An EventSource server on faye-websocket's Faye::EventSource under thin (both Debian
# packages), a third-party peer for wsinspect's EventSource client.
#
# Prints its port as the first line on stdout, then serves GET /events: events of type
# "update" with two-line data and ids counting on from the client's Last-Event-ID; after
# three events it ends the stream, so the client has to come back (after the retry of
# 0.2 s it announced) with Last-Event-ID. Keepalive comments every 0.3 s. Anything else:
# 404. Exits after 20 s (a watchdog).
require_relative 'peer_port'
require 'faye/websocket'
require 'thin'

Faye::WebSocket.load_adapter('thin')
Thin::Logging.silent = true

app = lambda do |env|
  next [404, { 'Content-Type' => 'text/plain' }, ['not here']] unless env['PATH_INFO'] == '/events' && Faye::EventSource.eventsource?(env)

  source = Faye::EventSource.new(env, retry: 0.2, ping: 0.3)
  number = source.last_event_id.to_i
  sent = 0
  timer = EM.add_periodic_timer(0.05) do
    number += 1
    sent += 1
    source.send("event #{number}\nsecond line", event: 'update', id: number.to_s)
    source.close if sent == 3
  end
  source.on(:close) { EM.cancel_timer(timer) }
  source.rack_response
end

port = announce_free_port
Thin::Server.new('127.0.0.1', port, app).start
