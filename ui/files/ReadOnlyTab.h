// SPDX-License-Identifier: MIT
#pragma once
// A tab over a log read from a file (a saved session or an imported HAR): the log as it
// was, its panels filled from the saved state (connection, handshake, close, error, TLS
// report, ping round trips, traffic rates), connecting and sending off, and a banner that
// says where it came from. UI thread only.
#include "files/session/SessionTab.h"

#include <QString>

namespace wsi::ui {

class ConnectionTab;

namespace ReadOnlyTab {

// The tab takes the log; `banner` is the line shown above it.
ConnectionTab *create(log::SessionTab tab, const QString &banner);

// "Opened from FILE, read-only" / "Imported from FILE (HAR), read-only".
QString sessionBanner(const QString &path);
QString harBanner(const QString &path);

} // namespace ReadOnlyTab
} // namespace wsi::ui
