// SPDX-License-Identifier: MIT
#pragma once
// Every engine/net value type that crosses threads (in a queued signal, a queued call or a
// QVariant), declared to Qt's meta-type system in one place, so a consumer includes this
// header rather than a class that happens to declare them (the UI never needs
// net/Connection.h, QSslSocket or the Driver for a type).
#include "net/ConnectionOptions.h"
#include "net/ConnectionTypes.h"
#include "net/LogEvent.h"
#include "net/PingStats.h"
#include "net/source/SourceReport.h"
#include "net/tls/TlsReport.h"
#include "protocol/RawFrame.h"

#include <QMetaType>

namespace wsi::net {

// Registers every type below (idempotent; call before connecting signals across threads).
void registerMetaTypes();

} // namespace wsi::net

Q_DECLARE_METATYPE(wsi::net::ConnectionState)
Q_DECLARE_METATYPE(wsi::net::ConnectionError)
Q_DECLARE_METATYPE(wsi::net::HandshakeInfo)
Q_DECLARE_METATYPE(wsi::net::TrafficCounters)
Q_DECLARE_METATYPE(wsi::net::CloseInfo)
Q_DECLARE_METATYPE(wsi::net::ConnectionSnapshot)
Q_DECLARE_METATYPE(wsi::net::PingSample)
Q_DECLARE_METATYPE(wsi::net::PingStats)
Q_DECLARE_METATYPE(wsi::net::ConnectionOptions)
Q_DECLARE_METATYPE(wsi::net::LogEvent)
Q_DECLARE_METATYPE(wsi::net::EventBatch)
Q_DECLARE_METATYPE(wsi::net::TlsReport)
Q_DECLARE_METATYPE(wsi::net::ReportBatch)
Q_DECLARE_METATYPE(wsi::protocol::RawFrame)
