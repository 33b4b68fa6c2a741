// SPDX-License-Identifier: MIT
#include "net/MetaTypes.h"

namespace wsi::net {

void registerMetaTypes()
{
    qRegisterMetaType<ConnectionState>();
    qRegisterMetaType<ConnectionError>();
    qRegisterMetaType<HandshakeInfo>();
    qRegisterMetaType<TrafficCounters>();
    qRegisterMetaType<CloseInfo>();
    qRegisterMetaType<ConnectionSnapshot>();
    qRegisterMetaType<PingSample>();
    qRegisterMetaType<PingStats>();
    qRegisterMetaType<ConnectionOptions>();
    qRegisterMetaType<LogEvent>();
    qRegisterMetaType<EventBatch>();
    qRegisterMetaType<TlsReport>();
    qRegisterMetaType<ReportBatch>();
    qRegisterMetaType<protocol::RawFrame>();
}

} // namespace wsi::net
