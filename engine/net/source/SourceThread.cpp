// SPDX-License-Identifier: MIT
#include "net/source/SourceThread.h"

namespace wsi::net {

SourceThread::SourceThread(TrafficSource *source) : m_source(source)
{
    m_thread.setObjectName(QStringLiteral("wsi-source"));
    m_source->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_source, &QObject::deleteLater);
    m_thread.start();
}

SourceThread::~SourceThread()
{
    m_thread.quit();
    m_thread.wait();
}

void SourceThread::open() const
{
    post([](TrafficSource *source) { source->open(); });
}

void SourceThread::sendText(const QByteArray &utf8, int fragments) const
{
    post([utf8, fragments](TrafficSource *source) { source->sendText(utf8, fragments); });
}

void SourceThread::sendBinary(const QByteArray &data, int fragments) const
{
    post([data, fragments](TrafficSource *source) { source->sendBinary(data, fragments); });
}

void SourceThread::sendPing(const QByteArray &payload) const
{
    post([payload](TrafficSource *source) { source->sendPing(payload); });
}

void SourceThread::close(int code, const QString &reason) const
{
    post([code, reason](TrafficSource *source) { source->close(code, reason); });
}

void SourceThread::abort() const
{
    post([](TrafficSource *source) { source->abort(); });
}

} // namespace wsi::net
