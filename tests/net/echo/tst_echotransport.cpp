// SPDX-License-Identifier: MIT
// The echo server's byte streams at their edges, for plain ws:// (EchoRawTransport, its own
// read(2)/write(2) on the descriptor) and, for a client that does not read, wss://
// (EchoSocketTransport over a QSslSocket): connections that end without a close frame (a FIN
// or a reset, between messages or in the middle of a frame), a client that stops reading
// (the server must stop reading it too and hold a bounded amount for it), and a client that
// shuts its sending side and still reads every echo. The server runs on a worker thread,
// as the GUI runs it, so the client here is a plain blocking POSIX socket with timeouts.
// Every wait is bounded.
#include "net/echo/EchoServer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using wsi::net::EchoServer;
using wsi::net::EventBatch;
using wsi::net::EventKind;
using wsi::net::LogEvent;

namespace {

constexpr int WaitMs = 10000;
constexpr std::size_t BigPayload = 256 * 1024;
constexpr std::size_t BigEchoSize = BigPayload + 10; // 127 + 64-bit length, unmasked

// One client frame (RFC 6455 5.2), masked (5.3) with a fixed key: the key's randomness
// protects proxies, not these tests.
std::string maskedFrame(int opcode, const std::string &payload, bool fin = true, std::size_t announced = ~std::size_t(0))
{
    const std::size_t length = announced == ~std::size_t(0) ? payload.size() : announced;
    std::string frame;
    frame += char((fin ? 0x80 : 0) | opcode);
    if (length < 126) {
        frame += char(0x80 | length);
    } else if (length < 65536) {
        frame += char(0x80 | 126);
        frame += char(length >> 8);
        frame += char(length & 0xff);
    } else {
        frame += char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((length >> shift) & 0xff);
    }
    const char key[4] = {'\x12', '\x34', '\x56', '\x78'};
    frame.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame += char(payload[i] ^ key[i % 4]);
    return frame;
}

// The server's echo of a single-frame message: the same frame, unmasked (RFC 6455 5.1).
std::string echoFrame(int opcode, const std::string &payload)
{
    std::string frame = maskedFrame(opcode, payload);
    const std::size_t lengthBytes = payload.size() < 126 ? 0 : payload.size() < 65536 ? 2 : 8;
    frame[1] = char(frame[1] & 0x7f);
    frame.erase(2 + lengthBytes, 4);
    std::copy(payload.begin(), payload.end(), frame.begin() + std::ptrdiff_t(2 + lengthBytes));
    return frame;
}

// A blocking POSIX client with 5 s timeouts on every call.
class RawPeer
{
public:
    ~RawPeer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connectTo(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const timeval timeout{5, 0};
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return m_fd >= 0 && ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    }

    // The opening handshake (RFC 6455 4.1); the answer is read byte by byte so that nothing
    // after it is consumed.
    bool upgrade()
    {
        const std::string request = "GET /edge HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\n\r\n";
        if (!sendAll(request))
            return false;
        std::string answer;
        char byte = 0;
        while (answer.find("\r\n\r\n") == std::string::npos && ::recv(m_fd, &byte, 1, 0) == 1)
            answer += byte;
        return answer.rfind("HTTP/1.1 101", 0) == 0;
    }

    bool sendAll(const std::string &bytes)
    {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t sent = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (sent <= 0 && errno != EINTR)
                return false;
            done += sent > 0 ? std::size_t(sent) : 0;
        }
        return true;
    }

    // Reads until `count` bytes came or the peer closed; returns what came.
    std::size_t receive(std::size_t count, bool *sawEnd = nullptr)
    {
        std::string buffer(1 << 20, '\0');
        std::size_t got = 0;
        while (got < count || sawEnd) {
            const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
            if (n <= 0) {
                if (sawEnd)
                    *sawEnd = n == 0;
                break;
            }
            got += std::size_t(n);
        }
        return got;
    }

    void shutDownSending() { ::shutdown(m_fd, SHUT_WR); }
    // SO_LINGER 0: the kernel answers close() with a reset, as when a client crashes.
    void reset()
    {
        const linger hard{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        ::close(m_fd);
        m_fd = -1;
    }
    int descriptor() const { return m_fd; }

private:
    int m_fd = -1;
};

// A TLS client over a RawPeer's descriptor (OpenSSL, no verification: the server's
// certificate is self-signed), blocking for the handshakes, non-blocking afterwards.
class TlsPeer
{
public:
    ~TlsPeer()
    {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_context)
            SSL_CTX_free(m_context);
    }

    bool connectTo(quint16 port)
    {
        if (!m_tcp.connectTo(port))
            return false;
        m_context = SSL_CTX_new(TLS_client_method());
        m_ssl = m_context ? SSL_new(m_context) : nullptr;
        if (!m_ssl || SSL_set_fd(m_ssl, m_tcp.descriptor()) != 1 || SSL_connect(m_ssl) != 1)
            return false;
        SSL_set_mode(m_ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        const std::string request = "GET /tls HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\n\r\n";
        if (SSL_write(m_ssl, request.data(), int(request.size())) != int(request.size()))
            return false;
        std::string answer;
        char byte = 0;
        while (answer.find("\r\n\r\n") == std::string::npos && SSL_read(m_ssl, &byte, 1) == 1)
            answer += byte;
        const int flags = ::fcntl(m_tcp.descriptor(), F_GETFL);
        ::fcntl(m_tcp.descriptor(), F_SETFL, flags | O_NONBLOCK);
        return answer.rfind("HTTP/1.1 101", 0) == 0;
    }

    // Bytes written or read (> 0), 0 when it would block, -1 on an error or the end.
    long write(const char *data, std::size_t size) { return result(SSL_write(m_ssl, data, int(size))); }
    long read(char *data, std::size_t size) { return result(SSL_read(m_ssl, data, int(size))); }
    bool hasBufferedInput() const { return SSL_pending(m_ssl) > 0; }
    int descriptor() const { return m_tcp.descriptor(); }

private:
    long result(int n)
    {
        if (n > 0)
            return n;
        const int error = SSL_get_error(m_ssl, n);
        ERR_clear_error();
        return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }

    RawPeer m_tcp;
    SSL_CTX *m_context = nullptr;
    SSL *m_ssl = nullptr;
};

struct ClosedClient {
    quint64 id = 0;
    quint16 code = 0;
    QString reason;
    bool clean = true;
};

} // namespace

class tst_EchoTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void reportsHowAConnectionEnded_data();
    void reportsHowAConnectionEnded();
    void stopsReadingAClientThatDoesNotRead();
    void sendsEverythingToAClientThatShutsItsSendingSide();
    void stopsReadingATlsClientThatDoesNotRead();
    void echoesLargeAndSmallMessagesInOrder_data();
    void echoesLargeAndSmallMessagesInOrder();

private:
    QThread m_worker;
    EchoServer *m_server = nullptr; // lives on m_worker
    quint16 m_port = 0;
    QList<ClosedClient> m_closed;
    EventBatch m_events;
};

// The server on its own thread; its signals come back queued to this one.
void tst_EchoTransport::init()
{
    m_closed.clear();
    m_events.clear();
    m_worker.start();
    m_server = new EchoServer;
    m_server->moveToThread(&m_worker);
    connect(m_server, &EchoServer::clientClosed, this,
            [this](quint64 id, quint16 code, const QString &reason, bool clean) {
                m_closed.append({id, code, reason, clean});
            }, Qt::QueuedConnection);
    connect(m_server, &EchoServer::trafficReported, this,
            [this](const EventBatch &batch) { m_events += batch; }, Qt::QueuedConnection);
    bool started = false;
    QMetaObject::invokeMethod(m_server, [&] { started = m_server->start(); }, Qt::BlockingQueuedConnection);
    QVERIFY(started);
    m_port = m_server->serverPort();
}

void tst_EchoTransport::cleanup()
{
    if (m_server)
        QMetaObject::invokeMethod(m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_server = nullptr;
    m_worker.quit();
    m_worker.wait(WaitMs);
    // What the server reported before it went (a client of this test that closed at its
    // end) must not reach the next test.
    QCoreApplication::sendPostedEvents(this);
}

void tst_EchoTransport::reportsHowAConnectionEnded_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<bool>("reset");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("errorRow");
    const std::string hundred(100, 'x');
    const QByteArray message = QByteArray::fromStdString(maskedFrame(1, "hi"));
    // A header announcing 100 bytes, and 10 of them.
    const QByteArray partial = QByteArray::fromStdString(maskedFrame(2, hundred).substr(0, 6 + 10));
    const QByteArray fragment = QByteArray::fromStdString(maskedFrame(1, "part", false));
    QTest::newRow("FIN between two messages")
        << message << false << QStringLiteral("the peer closed the TCP connection without a close frame") << false;
    QTest::newRow("FIN after a frame header and 10 of its 100 payload bytes")
        << message + partial << false
        << QStringLiteral("the peer closed the TCP connection in the middle of a frame (10 of its 100 payload bytes "
                          "received)")
        << true;
    QTest::newRow("FIN after the first byte of a frame header")
        << message + partial.left(1) << false
        << QStringLiteral("the peer closed the TCP connection in the middle of a frame (1 byte of it received)") << true;
    // A control frame's payload is counted too (it used to be told as "N bytes of it").
    const QByteArray ping = QByteArray::fromStdString(maskedFrame(9, "0123456789"));
    QTest::newRow("FIN after a ping header and 3 of its 10 payload bytes, between fragments")
        << fragment + ping.left(6 + 3) << false
        << QStringLiteral("the peer closed the TCP connection in the middle of a frame (3 of its 10 payload bytes "
                          "received)")
        << true;
    QTest::newRow("FIN between the fragments of a message")
        << fragment << false << QStringLiteral("the peer closed the TCP connection in the middle of a fragmented message")
        << true;
    QTest::newRow("reset between two messages")
        << message << true << QStringLiteral("the peer reset the TCP connection") << true;
    QTest::newRow("reset after a frame header and 10 of its 100 payload bytes")
        << partial << true
        << QStringLiteral("the peer reset the TCP connection in the middle of a frame (10 of its 100 payload bytes "
                          "received)")
        << true;
}

void tst_EchoTransport::reportsHowAConnectionEnded()
{
    QFETCH(QByteArray, sent);
    QFETCH(bool, reset);
    QFETCH(QString, reason);
    QFETCH(bool, errorRow);
    RawPeer peer;
    QVERIFY(peer.connectTo(m_port));
    QVERIFY(peer.upgrade());
    QVERIFY(peer.sendAll(sent.toStdString()));
    // The server reads what was sent before it sees the end (a reset could overtake it).
    QTest::qWait(200);
    if (reset)
        peer.reset();
    else
        peer.shutDownSending();
    QTRY_COMPARE_WITH_TIMEOUT(m_closed.size(), 1, WaitMs);
    QCOMPARE(m_closed.first().code, quint16(1006));
    QVERIFY(!m_closed.first().clean);
    QCOMPARE(m_closed.first().reason, reason);
    // The log says it too: the close row (1006) with the same words, and an error row when
    // the connection broke off rather than ended between messages.
    const auto rows = [&](EventKind kind) {
        return std::count_if(m_events.cbegin(), m_events.cend(), [&](const LogEvent &event) {
            return event.kind == kind && event.text == reason;
        });
    };
    QTRY_COMPARE_WITH_TIMEOUT(rows(EventKind::Close), 1, WaitMs);
    QCOMPARE(rows(EventKind::Error), errorRow ? 1 : 0);
}

// Echo mode: a client that sends without reading gets no more than about 64 MiB held for it
// (EchoPeer's high-water mark) plus what the kernels buffer; then the server stops
// reading it, the client's sends block, and once it reads again every echo arrives.
void tst_EchoTransport::stopsReadingAClientThatDoesNotRead()
{
    constexpr std::size_t Bound = 192u << 20; // 64 MiB held, plus four kernel buffers (receive ones grow to 32 MiB)
    RawPeer peer;
    QVERIFY(peer.connectTo(m_port));
    QVERIFY(peer.upgrade());
    std::string payload(BigPayload, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 7);
    const std::string frame = maskedFrame(2, payload);
    std::size_t written = 0;
    for (;;) {
        const ssize_t sent = ::send(peer.descriptor(), frame.data() + written % frame.size(),
                                    frame.size() - written % frame.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent > 0) {
            written += std::size_t(sent);
            QVERIFY2(written < 2 * Bound, "the server kept reading a client that reads nothing");
            continue;
        }
        QVERIFY2(errno == EAGAIN || errno == EWOULDBLOCK, strerror(errno));
        pollfd writable{peer.descriptor(), POLLOUT, 0};
        if (::poll(&writable, 1, 1500) == 0)
            break; // stalled: the server stopped reading us
    }
    qInfo("the client could send %zu MiB before the server stopped reading it", written >> 20);
    QVERIFY2(written > (64u << 20), qPrintable(QString::number(written)));
    QVERIFY2(written < Bound, qPrintable(QString::number(written)));
    QVERIFY(m_closed.isEmpty());

    // Read again: the rest of the last frame goes out meanwhile, and every echo comes back.
    const std::size_t messages = (written + frame.size() - 1) / frame.size();
    const std::string rest = frame.substr(written % frame.size() == 0 ? frame.size() : written % frame.size());
    std::size_t restSent = 0;
    std::size_t received = 0;
    std::string buffer(1 << 20, '\0');
    QElapsedTimer timer;
    timer.start();
    while (received < messages * BigEchoSize && timer.elapsed() < 30000) {
        pollfd events{peer.descriptor(), short(POLLIN | (restSent < rest.size() ? POLLOUT : 0)), 0};
        ::poll(&events, 1, 1000);
        if ((events.revents & POLLOUT) && restSent < rest.size()) {
            const ssize_t sent = ::send(peer.descriptor(), rest.data() + restSent, rest.size() - restSent,
                                        MSG_DONTWAIT | MSG_NOSIGNAL);
            restSent += sent > 0 ? std::size_t(sent) : 0;
        }
        if (events.revents & POLLIN) {
            const ssize_t got = ::recv(peer.descriptor(), buffer.data(), buffer.size(), MSG_DONTWAIT);
            QVERIFY2(got != 0, "the server closed the connection");
            received += got > 0 ? std::size_t(got) : 0;
        }
    }
    QCOMPARE(received, messages * BigEchoSize);
    QVERIFY(m_closed.isEmpty());
}

// The peer's FIN ends our reading, not our writing: what is still queued for it goes out
// before the connection is closed (as a QTcpSocket does).
void tst_EchoTransport::sendsEverythingToAClientThatShutsItsSendingSide()
{
    constexpr std::size_t Messages = 96; // 24 MiB: more than the kernels buffer, less than the high-water mark
    RawPeer peer;
    QVERIFY(peer.connectTo(m_port));
    QVERIFY(peer.upgrade());
    const std::string frame = maskedFrame(2, std::string(BigPayload, 'e'));
    for (std::size_t i = 0; i < Messages; ++i)
        QVERIFY(peer.sendAll(frame));
    peer.shutDownSending();
    bool sawEnd = false;
    QCOMPARE(peer.receive(Messages * BigEchoSize, &sawEnd), Messages * BigEchoSize);
    QVERIFY(sawEnd); // and then the server closed
    QTRY_COMPARE_WITH_TIMEOUT(m_closed.size(), 1, WaitMs);
    QCOMPARE(m_closed.first().code, quint16(1006));
    QCOMPARE(m_closed.first().reason, QStringLiteral("the peer closed the TCP connection without a close frame"));
}

// wss:// (EchoSocketTransport over a QSslSocket): a TLS client that sends without reading
// is stopped being read too, with a bounded amount held for it, and gets every echo once
// it reads again.
void tst_EchoTransport::stopsReadingATlsClientThatDoesNotRead()
{
    constexpr std::size_t Bound = 256u << 20; // 64 MiB held, Qt's TLS buffers, the kernels'
    bool started = false;
    QMetaObject::invokeMethod(m_server, [&] {
        wsi::net::EchoServerOptions options = m_server->options();
        options.tls = true; // a self-signed certificate made on the fly
        m_server->setOptions(options);
        started = m_server->start();
    }, Qt::BlockingQueuedConnection);
    QVERIFY(started);
    TlsPeer peer;
    QVERIFY(peer.connectTo(m_server->serverPort()));
    std::string payload(BigPayload, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 11);
    const std::string frame = maskedFrame(2, payload);
    std::size_t written = 0;
    for (;;) {
        const long sent = peer.write(frame.data() + written % frame.size(), frame.size() - written % frame.size());
        QVERIFY2(sent >= 0, "the TLS connection failed while sending");
        if (sent > 0) {
            written += std::size_t(sent);
            QVERIFY2(written < 2 * Bound, "the server kept reading a TLS client that reads nothing");
            continue;
        }
        pollfd writable{peer.descriptor(), POLLOUT, 0};
        if (::poll(&writable, 1, 1500) == 0)
            break; // stalled: the server stopped reading us
    }
    qInfo("the TLS client could send %zu MiB before the server stopped reading it", written >> 20);
    QVERIFY2(written > (64u << 20), qPrintable(QString::number(written)));
    QVERIFY2(written < Bound, qPrintable(QString::number(written)));
    QVERIFY(m_closed.isEmpty());

    // Read again: the rest of the last frame goes out meanwhile, and every echo comes back.
    const std::size_t messages = (written + frame.size() - 1) / frame.size();
    const std::string rest = frame.substr(written % frame.size() == 0 ? frame.size() : written % frame.size());
    std::size_t restSent = 0;
    std::size_t received = 0;
    std::string buffer(1 << 20, '\0');
    QElapsedTimer timer;
    timer.start();
    while (received < messages * BigEchoSize && timer.elapsed() < 60000) {
        if (restSent < rest.size()) {
            const long sent = peer.write(rest.data() + restSent, rest.size() - restSent);
            QVERIFY2(sent >= 0, "the TLS connection failed while sending the rest");
            restSent += std::size_t(sent);
        }
        const long got = peer.read(buffer.data(), buffer.size());
        QVERIFY2(got >= 0, "the TLS connection ended before every echo came");
        received += std::size_t(got);
        if (got == 0 && !peer.hasBufferedInput()) {
            pollfd events{peer.descriptor(), short(POLLIN | (restSent < rest.size() ? POLLOUT : 0)), 0};
            ::poll(&events, 1, 1000);
        }
    }
    QCOMPARE(received, messages * BigEchoSize);
    QVERIFY(m_closed.isEmpty());
}

QTEST_GUILESS_MAIN(tst_EchoTransport)

// Large payloads go from the Driver's buffer to the kernel, only what it does not take being
// queued (EchoRawTransport::writeFrameDirect); small ones through the peer's buffer. Sent
// all at once without reading, so that the kernel's buffers fill and both paths queue: every
// echo comes back whole and in order, the boundary sizes (65535, 65536) included.
// With traffic reported, echoes go through the server (messageReceived); without, each peer
// answers in place and a large echo the kernel does not take at once is queued in the
// Driver's own message buffer (EchoPeer::m_echoBuffer), which must not be reused too soon.
void tst_EchoTransport::echoesLargeAndSmallMessagesInOrder_data()
{
    QTest::addColumn<bool>("reported");
    QTest::newRow("traffic reported") << true;
    QTest::newRow("nothing reported: echoed in place") << false;
}

void tst_EchoTransport::echoesLargeAndSmallMessagesInOrder()
{
    QFETCH(bool, reported);
    QMetaObject::invokeMethod(m_server, [&] { m_server->setReportTraffic(reported); }, Qt::BlockingQueuedConnection);
    const std::size_t sizes[] = {5, 65535, 65536, 3, 1000003, 125, 300000, 0, 65537, 2 << 20, 17};
    std::string toSend;
    std::string expected;
    for (int round = 0; round < 8; ++round) {
        for (std::size_t size : sizes) {
            std::string payload(size, '\0');
            for (std::size_t i = 0; i < size; ++i)
                payload[i] = char(i * 131 + size + std::size_t(round) * 7 + i / 251);
            toSend += maskedFrame(2, payload);
            expected += echoFrame(2, payload);
        }
    }
    QVERIFY(toSend.size() < (48u << 20)); // under the high-water mark: the server never pauses

    RawPeer peer;
    QVERIFY(peer.connectTo(m_port));
    QVERIFY(peer.upgrade());
    QVERIFY(peer.sendAll(toSend));
    std::string received;
    std::string buffer(1 << 20, '\0');
    while (received.size() < expected.size()) {
        const ssize_t got = ::recv(peer.descriptor(), buffer.data(), buffer.size(), 0);
        QVERIFY2(got > 0, "the server closed the connection, or nothing came for 5 s");
        received.append(buffer.data(), std::size_t(got));
    }
    QCOMPARE(received.size(), expected.size());
    QVERIFY2(received == expected, "an echo differs from its message");
    QVERIFY(m_closed.isEmpty());
}

#include "tst_echotransport.moc"
