// SPDX-License-Identifier: MIT
#pragma once
// What the echo server panel remembers between runs: its options (net::EchoServerOptions,
// the EventSource endpoint's included) in QSettings under "echoServer/", each key beside
// its default in EchoServerSettings.cpp. A value that is missing, of the wrong type or out
// of range reads as the default. An address other than loopback is not kept: each run of
// the window starts the server on this machine only, until the user asks again. No widgets.
#include "net/echo/EchoServerOptions.h"

class QSettings;

namespace wsi::ui {

namespace EchoServerSettings {

net::EchoServerOptions load(const QSettings &settings);
void save(QSettings &settings, const net::EchoServerOptions &options);

// The panel's ranges, shared by its widgets and load().
constexpr int MaxMessageMiB = 4096;
constexpr int MaxDelayMs = 60000;
constexpr int MaxPingIntervalS = 3600;
constexpr int MaxRetryMs = 3600000;
constexpr int MaxKeepaliveS = 86400;
constexpr int MaxHistorySize = 1000000;

} // namespace EchoServerSettings

} // namespace wsi::ui
