// SPDX-License-Identifier: MIT
#pragma once
// A saved connection: a name, and the URL with every option (options.url is the URL).
// Kept in QSettings by the window (ui/ProfileStore) and shared as files (ProfileFile).
#include "net/ConnectionOptions.h"

#include <QString>
#include <QVector>

namespace wsi::log {

struct ConnectionProfile {
    QString name;
    net::ConnectionOptions options;
};

using ProfileList = QVector<ConnectionProfile>;

} // namespace wsi::log
