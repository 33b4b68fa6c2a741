// SPDX-License-Identifier: MIT
#include "net/source/TrafficSource.h"

#include "net/MetaTypes.h"

namespace wsi::net {

TrafficSource::TrafficSource(QObject *parent)
    : QObject(parent), m_reports(this, [this](const ReportBatch &batch) { Q_EMIT reported(batch); })
{
    registerMetaTypes();
}

TrafficSource::~TrafficSource() = default;

void TrafficSource::rowsConsumed(int rows)
{
    if (m_reports.consumed(rows, maxRowsInFlight()))
        QMetaObject::invokeMethod(this, [this] { resumeReading(); }, Qt::QueuedConnection);
}

void TrafficSource::refuse(const QString &what)
{
    m_reports.appendEvent(EventKind::Info, EventDirection::Local, reportTimeNs()).text =
        what + QStringLiteral(" is not something this source can do");
}

void TrafficSource::sendText(const QByteArray &, int)
{
    refuse(QStringLiteral("sending a text message"));
}

void TrafficSource::sendBinary(const QByteArray &, int)
{
    refuse(QStringLiteral("sending a binary message"));
}

void TrafficSource::sendPing(const QByteArray &)
{
    refuse(QStringLiteral("sending a ping"));
}

void TrafficSource::sendPong(const QByteArray &)
{
    refuse(QStringLiteral("sending a pong"));
}

void TrafficSource::sendRawFrame(const protocol::RawFrame &)
{
    refuse(QStringLiteral("sending a raw frame"));
}

void TrafficSource::setAutoPong(bool)
{
    refuse(QStringLiteral("answering pings"));
}

void TrafficSource::setPingInterval(int)
{
    refuse(QStringLiteral("keepalive pings"));
}

void TrafficSource::cancelReconnect() {}

} // namespace wsi::net
