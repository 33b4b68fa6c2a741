// SPDX-License-Identifier: MIT
#include "net/echo/EchoServer.h"
#include "net/echo/EventStreamEndpoint.h"
#include "net/echo/EchoFlood.h"

#include "net/echo/EchoRawTransport.h"
#include "net/echo/EchoServerPage.h"
#include "net/echo/EchoServerTls.h"
#include "net/echo/EchoPeer.h"
#include "net/echo/EchoSocketTransport.h"
#include "net/echo/OpenFileLimit.h"
#include "net/tls/SelfSignedCertificate.h"

#include <QHostAddress>
#include <QMetaMethod>
#include <QThread>
#include <QSslSocket>

#include <algorithm>
#include <limits>
#include <memory>

namespace wsi::net {

namespace {

constexpr int ReportIntervalMs = 16;     // at most ~60 traffic signals a second
constexpr int ReportMaxEvents = 4096;    // ... unless a batch fills up first
constexpr qsizetype ReadBufferBytes = 256 * 1024;
constexpr quint64 WantedOpenFiles = 65536;
constexpr int PageRefreshMs = 200;         // the info page's list of clients, at most this stale

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::vector<std::string> toStd(const QStringList &list)
{
    std::vector<std::string> out;
    out.reserve(std::size_t(list.size()));
    for (const QString &item : list)
        out.push_back(item.toStdString());
    return out;
}

// The address to listen on. Names other than "localhost" are not resolved: the user gives
// an address, as with `python -m http.server --bind`.
bool parseHost(const QString &host, QHostAddress &address)
{
    const QString h = host.trimmed();
    if (h.isEmpty() || h == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (h == QLatin1String("*"))
        address = QHostAddress(QHostAddress::Any);
    else
        address = QHostAddress(h.startsWith(QLatin1Char('[')) ? h.mid(1, h.size() - 2) : h);
    return !address.isNull();
}

// A URL a local client can use: a wildcard address is reached through loopback.
QUrl makeUrl(bool tls, const QHostAddress &address, quint16 port)
{
    QHostAddress shown = address;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        shown = QHostAddress(QHostAddress::LocalHost);
    else if (address == QHostAddress::AnyIPv6)
        shown = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(shown.toString());
    url.setPort(port);
    url.setPath(QStringLiteral("/"));
    return url;
}

} // namespace

EchoServer::EchoServer(QObject *parent)
    : QTcpServer(parent)
    , m_pageTimer(this)
    , m_reportTimer(this)
    , m_pingTimer(this)
    , m_delayTimer(this)
{
    m_pageTimer.setSingleShot(true);
    m_pageTimer.setInterval(PageRefreshMs);
    connect(&m_pageTimer, &QTimer::timeout, this, &EchoServer::refreshInfoPage);
    m_echoingInPlace = answersInPlace(m_options); // as setOptions()
    m_reportTimer.setSingleShot(true);
    connect(&m_reportTimer, &QTimer::timeout, this, &EchoServer::flushReport);
    connect(&m_pingTimer, &QTimer::timeout, this, &EchoServer::pingAll);
    m_delayTimer.setSingleShot(true);
    m_delayTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_delayTimer, &QTimer::timeout, this, &EchoServer::deliverDelayed);
    updateReporting(); // nobody listens yet
}

EchoServer::~EchoServer()
{
    // Peers call back into us while they go; let them go while we are still whole.
    const QList<EchoPeer *> peers = peerList();
    m_peers.clear();
    qDeleteAll(peers);
}

// ---- start and stop --------------------------------------------------------------------

bool EchoServer::start()
{
    if (isListening())
        stop();
    m_error.clear();
    const OpenFileLimit limit = raiseOpenFileLimit(WantedOpenFiles);
    m_fileLimitBefore = limit.before;
    m_fileLimitAfter = limit.after;
    if (m_options.tls && !prepareTls())
        return false;
    if (!listenOnHost())
        return false;
    m_pageClients.clear();
    m_infoPage = buildEchoServerPage(m_url, m_options);
    buildDriverOptions();
    startEventStream();
    m_readBuffer.resize(ReadBufferBytes);
    m_clock.start();
    if (m_options.pingIntervalMs > 0)
        m_pingTimer.start(m_options.pingIntervalMs);
    return true;
}

bool EchoServer::prepareTls()
{
    if (!QSslSocket::supportsSsl()) {
        m_error = QStringLiteral("TLS is not available: Qt found no TLS backend (%1)")
                      .arg(QSslSocket::sslLibraryVersionString());
        return false;
    }
    const EchoServerTlsMaterial material = loadEchoServerTls(m_options);
    if (!material.error.isEmpty()) {
        m_error = material.error;
        return false;
    }
    m_certificate = material.certificate;
    m_selfSigned = material.selfSigned;
    m_sslConfiguration = QSslConfiguration::defaultConfiguration();
    m_sslConfiguration.setLocalCertificateChain(material.chain);
    m_sslConfiguration.setPrivateKey(material.key);
    m_sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    m_sslConfiguration.setProtocol(QSsl::TlsV1_2OrLater);
    return true;
}

bool EchoServer::listenOnHost()
{
    QHostAddress address;
    if (!parseHost(m_options.host, address)) {
        m_error = QStringLiteral("'%1' is not an IP address to listen on (use for example "
                                 "127.0.0.1, ::1 or 0.0.0.0)").arg(m_options.host);
        return false;
    }
    // Qt's default of 50 pending connections drops SYNs when 1,000 clients arrive at once.
    setListenBacklogSize(m_options.listenBacklog);
    if (!listen(address, m_options.port)) {
        m_error = QStringLiteral("cannot listen on %1 port %2: %3")
                      .arg(address.toString()).arg(m_options.port).arg(errorString());
        return false;
    }
    m_url = makeUrl(m_options.tls, serverAddress(), serverPort());
    return true;
}

void EchoServer::buildDriverOptions()
{
    protocol::DriverOptions options;
    options.role = protocol::Role::Server;
    options.maxMessageSize = m_options.maxMessageSize;
    // A frame can never be larger than the largest message we take.
    options.maxFrameSize = m_options.maxMessageSize;
    options.server.subprotocols = toStd(m_options.subprotocols);
    options.acceptDeflate = m_options.deflate;
    options.server.refuseOldDrafts = m_options.refuseOldDrafts;
    options.server.tls = m_options.tls; // the hixie drafts name the scheme in their Location
    options.server.plainHttpResponse = m_infoPage.toStdString(); // the Driver answers a plain GET with it
    if (m_options.eventStream.isEnabled())
        options.server.callerHttpPaths = {m_options.eventStream.path.toStdString()}; // answered here
    m_driverOptions = std::move(options);
}

void EchoServer::schedulePageRefresh()
{
    if (!m_pageTimer.isActive())
        m_pageTimer.start();
}

// Peers take the Driver's options when they are made: the next clients get this page.
void EchoServer::refreshInfoPage()
{
    if (!isListening())
        return;
    m_infoPage = buildEchoServerPage(m_url, m_options, m_pageClients.values());
    m_driverOptions.server.plainHttpResponse = m_infoPage.toStdString();
}

void EchoServer::startEventStream()
{
    delete m_eventStream;
    m_eventStream = nullptr;
    if (!m_options.eventStream.isEnabled())
        return;
    m_eventStream = new EventStreamEndpoint(m_options.eventStream, m_options.maxMessageSize, this);
    connect(m_eventStream, &EventStreamEndpoint::streamOpened, this, &EchoServer::eventStreamOpened);
    connect(m_eventStream, &EventStreamEndpoint::published, this, &EchoServer::eventPublished);
    connect(m_eventStream, &EventStreamEndpoint::requestAnswered, this, &EchoServer::eventRequestAnswered);
}

void EchoServer::stop()
{
    close();
    m_pingTimer.stop();
    m_delayTimer.stop();
    m_delayed.clear();
    for (EchoPeer *peer : peerList())
        peer->drop(QStringLiteral("server stopped"));
    flushReport();
}

QString EchoServer::certificateFingerprint() const
{
    return SelfSignedCertificate::sha256Fingerprint(m_certificate);
}

// ---- clients ---------------------------------------------------------------------------

void EchoServer::incomingConnection(qintptr descriptor)
{
    std::unique_ptr<EchoTransport> transport;
    if (m_options.tls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(m_sslConfiguration);
        if (!ssl->setSocketDescriptor(descriptor)) {
            delete ssl;
            return;
        }
        transport = std::make_unique<EchoSocketTransport>(ssl, m_readBuffer);
    } else {
        // Plain ws:// moves its bytes itself, without QTcpSocket's two ring buffers.
        auto raw = std::make_unique<EchoRawTransport>(descriptor, m_readBuffer);
        if (!raw->isValid())
            return; // the client left before we saw it (the descriptor is closed)
        transport = std::move(raw);
    }
    const quint64 id = m_nextId++;
    auto *peer = new EchoPeer(id, std::move(transport), *this, this);
    m_peers.insert(id, peer);
    Q_EMIT clientConnected(id, peer->address());
    peer->start(); // after the peer listens, and after it was announced
}

QList<EchoPeer *> EchoServer::peerList() const
{
    QList<EchoPeer *> list;
    list.reserve(m_peers.size());
    for (EchoPeer *peer : m_peers)
        list.append(peer);
    return list;
}

int EchoServer::openClientCount() const
{
    return int(std::count_if(m_peers.cbegin(), m_peers.cend(),
                             [](const EchoPeer *peer) { return peer->isOpen(); }));
}

QList<quint64> EchoServer::clientIds() const
{
    QList<quint64> ids = m_peers.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void EchoServer::peerOpened(EchoPeer &peer, const protocol::OpenEvent &event)
{
    const protocol::HttpRequestHead &request = event.request;
    HttpHeaderList headers;
    headers.reserve(qsizetype(request.headers.all().size()));
    for (const protocol::HttpHeader &header : request.headers.all())
        headers.append({fromStd(header.name), fromStd(header.value)});
    const std::string *origin = request.headers.find("Origin");
    const QString version = QString::fromLatin1(protocol::protocolVersionName(event.version));
    m_pageClients.insert(peer.id(), {peer.id(), peer.address(), fromStd(request.target), version});
    schedulePageRefresh();
    Q_EMIT clientHandshake(peer.id(), fromStd(request.path), fromStd(request.query),
                           origin ? fromStd(*origin) : QString(), headers,
                           fromStd(event.subprotocol), fromStd(event.extensions), version);
    if (m_options.fault.isPlanned() && m_options.fault.afterMs > 0) {
        const quint64 id = peer.id();
        QTimer::singleShot(m_options.fault.afterMs, &peer, [this, id] {
            injectFault(id, QStringLiteral("%1 ms after the handshake").arg(m_options.fault.afterMs));
        });
    }
    QString floodError;
    if (const std::optional<FloodRequest> flood = FloodRequest::fromTarget(fromStd(request.path), fromStd(request.query), floodError)) {
        if (floodError.isEmpty())
            new EchoFlood(peer, *flood, &peer); // goes with the peer
        else
            peer.closeWith(1008, QStringLiteral("/flood: ") + floodError);
    }
}

void EchoServer::peerAnsweredHttp(EchoPeer &peer, const QString &method, const QString &target, int status)
{
    Q_EMIT clientHttpRequest(peer.id(), method, target, status);
}

void EchoServer::peerRequestedHttp(EchoPeer &peer, const protocol::HttpRequestHead &request, std::string_view bodyStart)
{
    if (m_eventStream)
        m_eventStream->handleRequest(peer, request, bodyStart);
    else
        peer.drop(QStringLiteral("no handler for %1").arg(QString::fromStdString(request.path)));
}

void EchoServer::peerHttpData(EchoPeer &peer, const char *data, std::size_t size)
{
    if (m_eventStream)
        m_eventStream->handleData(peer, data, size);
}

QString EchoServer::publishEvent(const QString &type, const QByteArray &data, const QString &id)
{
    return m_eventStream ? m_eventStream->publish(type, data, id) : QString();
}

int EchoServer::eventStreamCount() const
{
    return m_eventStream ? m_eventStream->streamCount() : 0;
}

void EchoServer::peerFinished(EchoPeer &peer, quint16 code, const QString &reason, bool clean)
{
    const quint64 id = peer.id();
    if (m_peers.remove(id) == 0)
        return; // already forgotten (server being destroyed)
    m_messageCounts.remove(id);
    if (m_pageClients.remove(id) > 0)
        schedulePageRefresh();
    if (m_eventStream)
        m_eventStream->peerGone(id);
    peer.deleteLater();
    Q_EMIT clientClosed(id, code, reason, clean);
}

// ---- messages --------------------------------------------------------------------------

void EchoServer::messageReceived(EchoPeer &peer, bool isText, std::string_view payload,
                                 const QByteArray &copy)
{
    const bool faultDue = countTowardsFault(peer.id());
    // Bridge: a WebSocket client's text message is also an event for every EventSource.
    if (m_eventStream && m_options.eventStream.bridge && isText)
        m_eventStream->publish(QString(), copy.isNull() ? QByteArray(payload.data(), qsizetype(payload.size())) : copy, QString());
    if (m_options.mode == EchoMode::Handoff) {
        Q_EMIT clientMessage(peer.id(), isText, copy.isNull() ? QByteArray(payload.data(), qsizetype(payload.size())) : copy);
    } else if (m_options.replyDelayMs > 0) {
        // The same delay for every message keeps the queue in arrival order.
        const QByteArray owned = copy.isNull() ? QByteArray(payload.data(), qsizetype(payload.size())) : copy;
        m_delayed.push_back({peer.id(), isText, owned, elapsedNs() + qint64(m_options.replyDelayMs) * 1000000, faultDue});
        if (!m_delayTimer.isActive())
            m_delayTimer.start(m_options.replyDelayMs);
        return; // the fault follows the delayed answer
    } else {
        deliver(peer, isText, payload, copy);
    }
    if (faultDue)
        injectFault(peer.id(), QStringLiteral("after %1 message(s)").arg(m_options.fault.afterMessages));
}

void EchoServer::deliver(EchoPeer &from, bool isText, std::string_view payload, const QByteArray &copy)
{
    if (m_options.mode == EchoMode::Echo) {
        from.sendMessage(isText, payload, copy);
        return;
    }
    // Broadcast: a copy shared by every report, made once.
    const QByteArray shared = copy.isNull() && isReportingTraffic()
        ? QByteArray(payload.data(), qsizetype(payload.size())) : copy;
    for (EchoPeer *peer : peerList())
        peer->sendMessage(isText, payload, shared);
}

void EchoServer::deliverDelayed()
{
    const qint64 now = elapsedNs();
    while (!m_delayed.empty() && m_delayed.front().dueNs <= now) {
        const DelayedMessage message = std::move(m_delayed.front());
        m_delayed.pop_front();
        const std::string_view payload(message.payload.constData(), std::size_t(message.payload.size()));
        if (m_options.mode == EchoMode::Broadcast) {
            for (EchoPeer *peer : peerList())
                peer->sendMessage(message.isText, payload, message.payload);
        } else if (EchoPeer *from = m_peers.value(message.fromId)) {
            from->sendMessage(message.isText, payload, message.payload);
        }
        if (message.faultDue)
            injectFault(message.fromId, QStringLiteral("after %1 message(s)").arg(m_options.fault.afterMessages));
    }
    if (!m_delayed.empty()) {
        const qint64 waitNs = m_delayed.front().dueNs - now;
        m_delayTimer.start(int(std::max<qint64>(0, (waitNs + 999999) / 1000000)));
    }
}

void EchoServer::pingAll()
{
    // A counter as payload, so each ping is recognisable in a capture.
    const std::string payload = "wsinspect keepalive " + std::to_string(++m_pingCounter);
    const int answerWithinMs = m_options.pingTimeoutMs > 0 ? m_options.pingTimeoutMs : m_options.pingIntervalMs;
    for (EchoPeer *peer : peerList())
        peer->sendPing(payload, answerWithinMs);
}

// ---- faults ----------------------------------------------------------------------------

bool EchoServer::countTowardsFault(quint64 clientId)
{
    const ClientFault &fault = m_options.fault;
    if (!fault.isPlanned() || fault.afterMessages == 0)
        return false;
    return ++m_messageCounts[clientId] == fault.afterMessages;
}

void EchoServer::injectFault(quint64 clientId, const QString &when)
{
    EchoPeer *peer = m_peers.value(clientId);
    if (!peer || !peer->isOpen())
        return;
    const ClientFault &fault = m_options.fault;
    if (fault.action == ClientFault::Action::Drop) {
        peer->drop(QStringLiteral("fault injected %1").arg(when));
        return;
    }
    peer->closeWith(fault.closeCode, fault.closeReason);
}

// ---- answers from the application (Handoff) --------------------------------------------

bool EchoServer::sendToClient(quint64 id, bool isText, const QByteArray &payload)
{
    EchoPeer *peer = m_peers.value(id);
    if (!peer || !peer->isOpen())
        return false;
    peer->sendMessage(isText, std::string_view(payload.constData(), std::size_t(payload.size())), payload);
    return true;
}

void EchoServer::sendToAll(bool isText, const QByteArray &payload)
{
    const std::string_view bytes(payload.constData(), std::size_t(payload.size()));
    for (EchoPeer *peer : peerList())
        peer->sendMessage(isText, bytes, payload);
}

bool EchoServer::pingClient(quint64 id, const QByteArray &payload)
{
    EchoPeer *peer = m_peers.value(id);
    if (!peer || !peer->isOpen())
        return false;
    return peer->sendPing(std::string_view(payload.constData(), std::size_t(payload.size())));
}

void EchoServer::closeAll(quint16 code, const QString &reason)
{
    for (EchoPeer *peer : peerList())
        peer->closeWith(code, reason);
}

bool EchoServer::closeClient(quint64 id, quint16 code, const QString &reason)
{
    EchoPeer *peer = m_peers.value(id);
    if (!peer)
        return false;
    peer->closeWith(code, reason);
    return true;
}

void EchoServer::dropAll()
{
    for (EchoPeer *peer : peerList())
        peer->drop(QStringLiteral("fault injected"));
}

bool EchoServer::dropClient(quint64 id)
{
    EchoPeer *peer = m_peers.value(id);
    if (!peer)
        return false;
    peer->drop(QStringLiteral("fault injected"));
    return true;
}

// ---- reporting -------------------------------------------------------------------------

void EchoServer::setReportTraffic(bool enabled)
{
    if (!enabled)
        flushReport();
    m_reportTraffic = enabled;
    updateReporting();
}

// Peers ask isReportingTraffic() for every message; it reads m_reportingTraffic, which
// is only written on the server's thread.
void EchoServer::updateReporting()
{
    static const QMetaMethod traffic = QMetaMethod::fromSignal(&EchoServer::trafficReported);
    m_reportingTraffic = m_reportTraffic && isSignalConnected(traffic);
}

// Qt may call these on another thread, and with a QObject mutex held (so not even
// isSignalConnected() may be called here): the flag is worked out again from the event
// loop. A listener connected on our thread is heard at once; one connected from another
// thread while traffic flows may miss what is received before that.
void EchoServer::connectNotify(const QMetaMethod &signal)
{
    if (signal != QMetaMethod::fromSignal(&EchoServer::trafficReported))
        return;
    if (QThread::currentThread() == thread())
        m_reportingTraffic = m_reportTraffic;
    QMetaObject::invokeMethod(this, &EchoServer::updateReporting, Qt::QueuedConnection);
}

void EchoServer::disconnectNotify(const QMetaMethod &signal)
{
    // An invalid method when everything is disconnected at once.
    if (signal.isValid() && signal != QMetaMethod::fromSignal(&EchoServer::trafficReported))
        return;
    QMetaObject::invokeMethod(this, &EchoServer::updateReporting, Qt::QueuedConnection);
}

void EchoServer::report(LogEvent &&event)
{
    m_batch.append(std::move(event));
    if (m_batch.size() >= ReportMaxEvents)
        flushReport();
    else if (!m_reportTimer.isActive())
        m_reportTimer.start(ReportIntervalMs);
}

void EchoServer::flushReport()
{
    m_reportTimer.stop();
    if (m_batch.isEmpty())
        return;
    EventBatch batch;
    batch.swap(m_batch);
    Q_EMIT trafficReported(batch);
}

} // namespace wsi::net
