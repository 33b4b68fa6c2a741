// SPDX-License-Identifier: MIT
#pragma once
// What an EchoPeer needs from the server that owns it. A plain interface rather than
// signals: a peer calls it for every message, and all of them run on the server's
// thread, so a virtual call is all it takes.
#include "net/LogEvent.h"
#include "protocol/Driver.h"

#include <QByteArray>

#include <string_view>

namespace wsi::net {

class EchoPeer;

class EchoPeerHost
{
public:
    virtual ~EchoPeerHost() = default;

    // Settings every peer shares.
    virtual const protocol::DriverOptions &driverOptions() const = 0;
    virtual int handshakeTimeoutMs() const = 0;
    virtual int closeTimeoutMs() const = 0;
    // One read buffer for all peers: they run on one thread, one at a time.
    virtual QByteArray &readBuffer() = 0;

    // Traffic reporting. When off, peers neither build events nor copy payloads. Asked
    // for every message: a member the host keeps up to date, not a virtual call.
    bool isReportingTraffic() const { return m_reportingTraffic; }
    virtual qint64 elapsedNs() const = 0;
    virtual void report(LogEvent &&event) = 0;

    // True when every message goes straight back to its sender, now and unchanged (echo
    // mode, no reply delay): the peer then answers it itself, without a round trip
    // through messageReceived(), as long as no traffic is reported.
    bool isEchoingInPlace() const { return m_echoingInPlace; }

    // Lifecycle, in order: opened (101 sent), then finished (transport gone) exactly once.
    virtual void peerOpened(EchoPeer &peer, const protocol::OpenEvent &event) = 0;
    // A whole message arrived. `copy` holds the payload when the peer already copied it
    // for reporting; otherwise it is null and `payload` is valid only during the call.
    virtual void messageReceived(EchoPeer &peer, bool isText, std::string_view payload,
                                 const QByteArray &copy) = 0;
    virtual void peerFinished(EchoPeer &peer, quint16 code, const QString &reason,
                                 bool clean) = 0;
    // A plain HTTP request (a browser, curl, a health check) got its answer instead of an
    // upgrade; the peer finishes afterwards as any other.
    virtual void peerAnsweredHttp(EchoPeer &peer, const QString &method, const QString &target, int status) = 0;
    // A request for one of the paths the host answers itself (its callerHttpPaths): the
    // peer is now the host's (EchoPeer::writeHttp/endHttp); `bodyStart` is what came after
    // the head, peerHttpData() brings the rest.
    virtual void peerRequestedHttp(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart) = 0;
    virtual void peerHttpData(EchoPeer &peer, const char *data, std::size_t size) = 0;

protected:
    bool m_reportingTraffic = true;
    bool m_echoingInPlace = false;
};

} // namespace wsi::net
