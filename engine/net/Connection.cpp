// SPDX-License-Identifier: MIT
// The Connection's lifecycle: options check, socket, proxy tunnel, upgrade, reading and
// writing, the state, errors, the end of the transport and reconnects. The other jobs
// have files of their own: ConnectionTls.cpp (TLS set-up and verification),
// ConnectionTimeouts.cpp (the six timeouts), ConnectionPings.cpp (keepalive and timed
// pings), ConnectionDriverSink.cpp (the Driver's events), ConnectionCommands.cpp (the
// slots the UI and the CLI call); batching is source/ReportBatcher.
#include "net/Connection.h"

#include "net/ReconnectScheduler.h"

#include <QSslSocket>
#include <QTimer>

#include <chrono>

namespace wsi::net {

namespace {

// Big enough that a flood is read in few calls, small enough to stay in cache.
constexpr int ReadBufferSize = 256 * 1024;

ErrorPhase phaseOf(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Resolving: return ErrorPhase::Resolve;
    case ConnectionState::Idle:
    case ConnectionState::Connecting: return ErrorPhase::Connect;
    case ConnectionState::ProxyTunnel: return ErrorPhase::Proxy;
    case ConnectionState::TlsHandshake: return ErrorPhase::Tls;
    case ConnectionState::Upgrading: return ErrorPhase::Upgrade;
    case ConnectionState::Open:
    case ConnectionState::Closing:
    case ConnectionState::Closed: return ErrorPhase::Transport;
    }
    return ErrorPhase::Transport;
}

} // namespace

Connection::Connection(ConnectionOptions options, QObject *parent)
    : TrafficSource(parent), m_options(std::move(options))
{
    m_readBuffer.resize(ReadBufferSize);
    setUpTimers();
    if (isEventSource()) {
        // An EventSource reconnects as a browser does (ConnectionEventSource.cpp).
        m_lastEventId = m_options.eventSource.lastEventId.toStdString();
        m_eventSourceRetryMs = m_options.eventSource.retryMs;
        m_options.reconnect = eventSourceReconnect(m_options.eventSource, m_eventSourceRetryMs);
    }
    m_reconnect = new ReconnectScheduler(m_options.reconnect, this);
    connect(m_reconnect, &ReconnectScheduler::scheduled, this, [this](int attempt, int delayMs) {
        appendInfo(QStringLiteral("reconnecting in %1 ms (attempt %2)").arg(delayMs).arg(attempt));
        reports().post(ReconnectReport{attempt, delayMs, false});
    });
    connect(m_reconnect, &ReconnectScheduler::countdown, this, [this](int attempt, int msLeft) {
        reports().post(ReconnectReport{attempt, msLeft, true});
    });
    connect(m_reconnect, &ReconnectScheduler::due, this, [this] { startAttempt(); });
}

Connection::~Connection()
{
    // The Driver reports into this object; it must go before the members it reports to.
    m_driver.reset();
    m_eventSource.reset();
    // What was reported last (a close, "finished") still reaches a consumer that is alive.
    reports().flush();
}

SourceCapabilities Connection::capabilities() const
{
    SourceCapabilities can;
    can.reconnects = true;
    if (isEventSource())
        return can; // it only receives
    can.sendsMessages = true;
    // The hixie drafts frame messages only: no ping, pong, close code or RFC 6455 frame.
    const bool hixie = protocol::isHixie(m_options.protocolVersion);
    can.sendsControlFrames = !hixie;
    can.sendsRawFrames = !hixie;
    can.pings = !hixie;
    return can;
}

const ConnectionSnapshot &Connection::snapshot()
{
    m_snapshot.state = m_state;
    m_snapshot.timeline = m_timeline;
    m_snapshot.counters = m_counters;
    m_snapshot.elapsedNs = m_clock.isValid() ? nowNs() : 0;
    return m_snapshot;
}

void Connection::open()
{
    if (m_state != ConnectionState::Idle && m_state != ConnectionState::Closed)
        return;
    m_userClosed = false;
    m_reconnect->cancel();
    m_reconnect->reset();
    startAttempt();
}

void Connection::startAttempt()
{
    ++m_attempt;
    m_clock.start();
    // First, so every row of this attempt comes after its boundary.
    reports().post(AttemptReport{m_attempt, withDefaultScheme(m_options.url, m_options.kind),
                                 std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count()});
    m_timeline.clear();
    m_state = ConnectionState::Idle;
    m_counters = TrafficCounters{};
    m_closeInfo = CloseInfo{};
    m_tlsReport = TlsReport{};
    m_pingStats = PingStats{};
    m_pendingPings.clear();
    m_handshake = HandshakeInfo{};
    m_alertReceived = -1;
    m_driver.reset();
    // The stream's last event ID goes to the next attempt as Last-Event-ID (set by every
    // dispatch, an event's or an id-only block's, as a browser sets it).
    if (m_eventSource)
        m_lastEventId = m_eventSource->lastEventId();
    m_eventSource.reset();
    m_streamRefused = false;
    m_handshakeReported = false;
    m_handshakeFailed = false;
    m_transportFinished = false;
    m_localAbort = false;
    m_errorReported = false;
    m_optionsRefused = false;
    reports().clearPaused();

    const ValidationResult checked = validateOptions(m_options);
    if (!checked.ok) {
        m_optionsRefused = true;
        fail(ErrorPhase::Options, QStringLiteral("invalid-options"), checked.message);
        finishTransport(abnormalClose(CloseInitiator::Local, QStringLiteral("not started: invalid options")));
        return;
    }
    m_target = checked.target;
    if (!checked.note.isEmpty())
        appendInfo(checked.note);
    m_proxy = ProxyConnector::choose(m_options.proxy, m_target);
    if (m_target.secure) {
        const TlsSetup setup = makeTlsSetup(m_options.tls);
        if (!setup.error.isEmpty()) {
            m_optionsRefused = true;
            fail(ErrorPhase::Options, QStringLiteral("invalid-tls-options"), setup.error);
            finishTransport(abnormalClose(CloseInitiator::Local, QStringLiteral("not started: invalid TLS options")));
            return;
        }
        m_tlsSetup = setup;
    }
    createSocket();
    m_snapshotTimer->start();
    if (m_options.connectTimeoutMs > 0)
        m_connectTimer->start(m_options.connectTimeoutMs);
    setState(ConnectionState::Resolving);
    if (m_proxy.mode != ProxyMode::None)
        appendInfo(QStringLiteral("through the proxy %1 (from %2)").arg(m_proxy.display, m_proxy.source));
    if (m_proxy.mode == ProxyMode::HttpConnect)
        m_socket->connectToHost(m_proxy.host, m_proxy.port);
    else
        m_socket->connectToHost(m_target.host, m_target.port);
}

void Connection::createSocket()
{
    teardownSocket();
    if (m_target.secure) {
        m_sslSocket = new QSslSocket(this);
        m_sslSocket->setSslConfiguration(m_tlsSetup.configuration);
        // The name checked against the certificate and sent as SNI: the URL's host, also
        // when the TCP connection goes to a proxy.
        m_sslSocket->setPeerVerifyName(m_target.host);
        m_socket = m_sslSocket;
    } else {
        m_socket = new QTcpSocket(this);
    }
    m_socket->setProxy(m_proxy.networkProxy());
    connectSocketSignals();
}

void Connection::connectSocketSignals()
{
    connect(m_socket, &QAbstractSocket::stateChanged, this, &Connection::onSocketStateChanged);
    connect(m_socket, &QAbstractSocket::connected, this, &Connection::onSocketConnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Connection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Connection::onSocketDisconnected);
    connect(m_socket, &QIODevice::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &Connection::onBytesWritten);
    if (m_sslSocket) {
        connect(m_sslSocket, &QSslSocket::encryptedBytesWritten, this, &Connection::onBytesWritten);
        connect(m_sslSocket, &QSslSocket::sslErrors, this, &Connection::onSslErrors);
        connect(m_sslSocket, &QSslSocket::encrypted, this, &Connection::onEncrypted);
        connect(m_sslSocket, &QSslSocket::alertReceived, this, &Connection::onSslAlert);
    }
}

void Connection::teardownSocket()
{
    if (!m_socket)
        return;
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    m_sslSocket = nullptr;
    m_proxyConnector = nullptr; // a child of the socket
}

// Ends the transport at once. Its signals are cut first: an abort emits disconnected()
// synchronously, and the caller is already reporting why the connection ends.
void Connection::dropSocket()
{
    if (!m_socket)
        return;
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
}

void Connection::onSocketStateChanged(QAbstractSocket::SocketState socketState)
{
    if (socketState == QAbstractSocket::HostLookupState)
        setState(ConnectionState::Resolving);
    else if (socketState == QAbstractSocket::ConnectingState)
        setState(ConnectionState::Connecting);
}

void Connection::onSocketConnected()
{
    // Small frames (pings above all) must not wait for Nagle's algorithm.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // With flow control, Qt must not buffer without bound either: once its buffer is full
    // the kernel's fills, and TCP slows the server down.
    if (m_options.maxEventsInFlight > 0)
        m_socket->setReadBufferSize(4 * 1024 * 1024);
    if (m_proxy.mode == ProxyMode::HttpConnect)
        startProxyTunnel();
    else if (m_target.secure)
        startTls();
    else
        startUpgrade();
}

void Connection::startProxyTunnel()
{
    setState(ConnectionState::ProxyTunnel);
    m_proxyConnector = new ProxyConnector(m_socket, m_proxy, m_target, m_socket);
    connect(m_proxyConnector, &ProxyConnector::bytesSent, this, [this](qint64 count) { m_counters.bytesOut += quint64(count); });
    connect(m_proxyConnector, &ProxyConnector::bytesReceived, this,
            [this](qint64 count) { m_counters.bytesIn += quint64(count); });
    connect(m_proxyConnector, &ProxyConnector::established, this, [this] {
        appendInfo(QStringLiteral("proxy tunnel open: ") + QString::fromLatin1(m_proxyConnector->response().trimmed()));
        if (m_target.secure)
            startTls();
        else
            startUpgrade();
    });
    connect(m_proxyConnector, &ProxyConnector::failed, this,
            [this](const QString &, const QString &message, const QString &hint) {
                fail(ErrorPhase::Proxy, QStringLiteral("proxy-refused"), message, hint);
                dropSocket();
                finishTransport(abnormalClose(CloseInitiator::Remote, QStringLiteral("proxy refused the tunnel")));
            });
    m_proxyConnector->start();
}

void Connection::startUpgrade()
{
    m_connectTimer->stop();
    setState(ConnectionState::Upgrading);
    if (m_options.openTimeoutMs > 0)
        m_openTimer->start(m_options.openTimeoutMs);
    if (isEventSource()) {
        startEventSource();
    } else {
        protocol::DriverSink &sink = *this; // private bases: convertible here only
        protocol::ByteWriter &writer = *this;
        m_driver = std::make_unique<protocol::VersionedDriver>(driverOptions(), sink, writer);
        m_driver->start();
    }
    // Bytes may already wait (a proxy's leftovers are impossible before our request, but a
    // server may be quick): read them now.
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void Connection::onReadyRead()
{
    if ((!m_driver && !m_eventSource) || m_state == ConnectionState::ProxyTunnel)
        return;
    char *buffer = m_readBuffer.data();
    while (m_socket && m_socket->isOpen() && !m_transportFinished) {
        if (reports().isBehind(maxRowsInFlight())) {
            reports().markPaused();
            break;
        }
        const qint64 count = m_socket->read(buffer, m_readBuffer.size());
        if (count <= 0)
            break;
        m_readTimeNs = nowNs();
        m_counters.bytesIn += quint64(count);
        if (m_eventSource)
            m_eventSource->parse(reinterpret_cast<const std::uint8_t *>(buffer), std::size_t(count));
        else
            m_driver->parse(reinterpret_cast<const std::uint8_t *>(buffer), std::size_t(count));
    }
    // A refusal without Content-Length: give its body a moment, then report it.
    if (m_driver && m_driver->isAwaitingRejectedBody() && !m_rejectedBodyTimer->isActive())
        m_rejectedBodyTimer->start();
}

void Connection::resumeReading()
{
    if (!m_socket || m_transportFinished)
        return;
    onReadyRead();
    // A close that came while paused is handled once everything before it is read.
    if (!reports().isPaused() && m_socket && m_socket->state() == QAbstractSocket::UnconnectedState && !m_transportFinished)
        onSocketDisconnected();
}

void Connection::write(const std::uint8_t *data, std::size_t size)
{
    if (!m_socket)
        return;
    m_socket->write(reinterpret_cast<const char *>(data), qint64(size));
    m_counters.bytesOut += size;
    armWriteTimer();
}

void Connection::onSocketError(QAbstractSocket::SocketError socketError)
{
    if (m_transportFinished || !m_socket)
        return;
    if (socketError == QAbstractSocket::RemoteHostClosedError && (m_driver || m_eventSource))
        return; // onSocketDisconnected ends it (the Driver reports 1006 or the handshake failure)
    const QString peer = peerName();
    switch (socketError) {
    case QAbstractSocket::HostNotFoundError:
        fail(ErrorPhase::Resolve, QStringLiteral("host-not-found"),
             QStringLiteral("host \"%1\" not found").arg(m_proxy.mode == ProxyMode::HttpConnect ? m_proxy.host : m_target.host),
             QStringLiteral("check the host name and the DNS resolver"));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        if (m_proxy.mode == ProxyMode::HttpConnect)
            fail(ErrorPhase::Proxy, QStringLiteral("connection-refused"),
                 QStringLiteral("connection refused by the proxy %1:%2").arg(m_proxy.host).arg(m_proxy.port),
                 QStringLiteral("is the proxy running? Check --proxy or http_proxy/https_proxy"));
        else
            fail(ErrorPhase::Connect, QStringLiteral("connection-refused"), QStringLiteral("connection refused by %1").arg(peer),
                 QStringLiteral("is a server listening on that port?"));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
        onTlsHandshakeFailed();
        break;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError:
        fail(ErrorPhase::Proxy, QStringLiteral("proxy-error"),
             QStringLiteral("SOCKS5 proxy %1:%2: %3").arg(m_proxy.host).arg(m_proxy.port).arg(m_socket->errorString()));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(phaseOf(m_state), QStringLiteral("connection-closed"),
             QStringLiteral("%1 closed the connection during the %2").arg(peer, QLatin1String(connectionStateName(m_state, m_options.kind))),
             m_state == ConnectionState::TlsHandshake ? QStringLiteral("does this port speak TLS?") : QString());
        break;
    default:
        if (m_alertReceived >= 0)
            break; // the server's alert (onSslAlert) said why already; OpenSSL's words for it would repeat it
        fail(phaseOf(m_state), QStringLiteral("socket-error"),
             QStringLiteral("%1 (%2, during the %3)").arg(m_socket->errorString(), peer, QLatin1String(connectionStateName(m_state, m_options.kind))));
        break;
    }
    if (m_driver && m_driver->state() != protocol::DriverState::Closed) {
        m_driver->endOfInput(); // reports the close (1006) through onClosed
        return;
    }
    if (eventSourceWaits()) {
        m_eventSource->endOfInput(); // ends the stream (onStreamEnd) or says there was no answer
        return;
    }
    const QString reason = m_socket->errorString();
    dropSocket();
    finishTransport(abnormalClose(CloseInitiator::Transport, reason));
}

void Connection::onSocketDisconnected()
{
    if (m_transportFinished) {
        if (m_socket)
            m_socket->deleteLater();
        m_socket = nullptr;
        m_sslSocket = nullptr;
        return;
    }
    onReadyRead();
    if (m_transportFinished || reports().isPaused())
        return; // paused: resumeReading() comes back here
    if (m_driver && m_driver->state() != protocol::DriverState::Closed) {
        m_driver->endOfInput();
        return;
    }
    if (eventSourceWaits()) {
        m_eventSource->endOfInput();
        return;
    }
    if (!m_driver && !m_eventSource) {
        fail(phaseOf(m_state), QStringLiteral("connection-closed"),
             QStringLiteral("%1 closed the connection during the %2").arg(peerName(), QLatin1String(connectionStateName(m_state, m_options.kind))));
    }
    finishTransport(abnormalClose(CloseInitiator::Remote, QStringLiteral("connection closed")));
}

void Connection::setState(ConnectionState state)
{
    if (state == m_state)
        return;
    const qint64 now = nowNs();
    if (!m_timeline.isEmpty() && m_timeline.last().durationNs < 0)
        m_timeline.last().durationNs = now - m_timeline.last().startNs;
    TimelineEntry entry;
    entry.state = state;
    entry.startNs = now;
    entry.durationNs = state == ConnectionState::Closed ? 0 : -1;
    m_timeline.append(entry);
    m_state = state;
    reports().post(StateReport{state, now});
    emitSnapshot();
}

void Connection::fail(ErrorPhase phase, const QString &id, const QString &message, const QString &hint, qint64 waitedMs)
{
    ConnectionError error;
    error.phase = phase;
    error.id = id;
    error.message = message;
    error.hint = hint;
    error.timeNs = nowNs();
    error.waitedMs = waitedMs;
    reportError(error);
}

void Connection::reportError(ConnectionError error)
{
    m_errorReported = true;
    // Its log row is logRowOf(error), made by whoever keeps a log: the error travels once.
    reports().post(std::move(error));
}

void Connection::finishTransport(const CloseInfo &info)
{
    if (m_transportFinished)
        return;
    m_transportFinished = true;
    stopAllTimers();
    m_closeInfo = info;
    m_closeInfo.timeNs = nowNs();
    if (m_errorReported)
        m_closeInfo.clean = false;
    // The close (its log row is logRowOf(close)), then the state it leads to.
    reports().post(m_closeInfo);
    setState(ConnectionState::Closed);
    emitSnapshot();
    scheduleReconnectOrFinish();
}

void Connection::scheduleReconnectOrFinish()
{
    if (!m_userClosed && !m_optionsRefused && !m_streamRefused && m_reconnect->schedule())
        return;
    reports().post(FinishedReport{});
}

void Connection::cancelReconnect()
{
    if (!m_reconnect->isPending())
        return;
    m_reconnect->cancel();
    reports().post(FinishedReport{});
}

QString Connection::peerName() const
{
    const bool ipv6 = m_target.host.contains(QLatin1Char(':'));
    return (ipv6 ? QLatin1Char('[') + m_target.host + QLatin1Char(']') : m_target.host) + QLatin1Char(':')
           + QString::number(m_target.port);
}

void Connection::emitSnapshot()
{
    const TrafficCounters &c = m_counters;
    const TrafficCounters &last = m_lastEmittedCounters;
    const bool changed = c.bytesIn != last.bytesIn || c.bytesOut != last.bytesOut || c.framesIn != last.framesIn
                         || c.framesOut != last.framesOut || m_snapshot.state != m_state
                         || m_snapshot.timeline.size() != m_timeline.size();
    if (!changed)
        return;
    m_lastEmittedCounters = m_counters;
    reports().post(snapshot());
}

void Connection::appendInfo(const QString &text)
{
    appendEvent(EventKind::Info, EventDirection::Local, m_clock.isValid() ? nowNs() : 0).text = text;
}

} // namespace wsi::net
