# SPDX-License-Identifier: MIT
# faye-websocket's client (Faye::WebSocket::Client, Debian's ruby-faye-websocket), a
# third-party peer for wsinspect's server: connects to ARGV[0], sends each of the other
# arguments as a text message, prints each message it receives on its own line, and once
# it has as many answers as it sent, closes with 1000 and exits 0. Exits 3 after 20 s.
require 'faye/websocket'
require 'eventmachine'

url = ARGV.shift
messages = ARGV.map { |message| message.dup.force_encoding('UTF-8') } # whatever the locale says
Thread.new { sleep 20; exit!(3) }

EM.run do
  ws = Faye::WebSocket::Client.new(url)
  received = 0
  ws.on(:open) { messages.each { |message| ws.send(message) } }
  ws.on(:message) do |event|
    puts event.data
    $stdout.flush
    received += 1
    ws.close(1000, 'done') if received == messages.size
  end
  ws.on(:close) do |event|
    puts "close #{event.code}"
    $stdout.flush
    EM.stop
  end
end
