# SPDX-License-Identifier: MIT
# What every ruby peer server here does first: take a free loopback port, print it as the
# first line on stdout (the test reads it), and arm a watchdog so a peer left behind by a
# failed test exits by itself (status 3).
require 'socket'

def announce_free_port(watchdog_seconds = 20)
  probe = TCPServer.new('127.0.0.1', 0)
  port = probe.addr[1]
  probe.close
  puts port
  $stdout.flush
  Thread.new { sleep watchdog_seconds; exit!(3) }
  port
end
