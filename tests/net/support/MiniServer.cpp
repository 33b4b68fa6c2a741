// SPDX-License-Identifier: MIT
#include "MiniServer.h"

#include <QSslConfiguration>
#include <QSslSocket>

namespace wsi::test {

// One accepted client; deletes itself when its socket goes away.
class MiniServer::Session : public QObject, private protocol::DriverSink, private protocol::ByteWriter
{
public:
    Session(MiniServer &server, QTcpSocket *socket) : QObject(&server), m_server(server), m_socket(socket)
    {
        socket->setParent(this);
        const Behaviour behaviour = server.m_options.behaviour;
        if (behaviour != Behaviour::Silent && behaviour != Behaviour::Canned && behaviour != Behaviour::CannedAtOnce) {
            protocol::DriverOptions options;
            options.role = protocol::Role::Server;
            options.autoPong = behaviour != Behaviour::NoPong;
            options.server.subprotocols = server.m_options.subprotocols;
            options.acceptDeflate = server.m_options.deflate;
            protocol::DriverSink &sink = *this;
            protocol::ByteWriter &writer = *this;
            m_driver = std::make_unique<protocol::Driver>(options, sink, writer);
        }
        connect(socket, &QIODevice::readyRead, this, &Session::onReadyRead);
        connect(socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void onReadyRead()
    {
        const QByteArray bytes = m_socket->readAll();
        if (m_server.m_options.behaviour == Behaviour::CannedAtOnce && !m_headDone) {
            m_headDone = true;
            m_server.m_lastRequest = bytes;
            m_socket->write(m_server.m_options.canned);
            if (m_server.m_options.closeAfterCanned)
                m_socket->disconnectFromHost();
            return;
        }
        if (m_head.size() < 64 * 1024 && !m_headDone) {
            m_head += bytes;
            const int end = m_head.indexOf("\r\n\r\n");
            if (end >= 0) {
                m_headDone = true;
                m_server.m_lastRequest = m_head.left(end + 4);
                if (m_server.m_options.behaviour == Behaviour::Canned) {
                    m_socket->write(m_server.m_options.canned);
                    if (m_server.m_options.closeAfterCanned)
                        m_socket->disconnectFromHost();
                }
            }
        }
        if (m_driver && !m_stopped)
            m_driver->parse(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()));
    }

    void write(const std::uint8_t *data, std::size_t size) override
    {
        if (!m_muted && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(reinterpret_cast<const char *>(data), qint64(size));
    }

    void onOpen(const protocol::OpenEvent &) override
    {
        const Options &options = m_server.m_options;
        switch (options.behaviour) {
        case Behaviour::StopReading:
            // Qt stops reading from the kernel once its buffer holds this much.
            m_stopped = true;
            m_socket->setReadBufferSize(1);
            break;
        case Behaviour::Flood: {
            const std::string payload(std::size_t(options.floodSize), 'x');
            for (int i = 0; i < options.floodCount; ++i) {
                if (options.floodText)
                    m_driver->sendText(payload);
                else
                    m_driver->sendBinary(payload);
            }
            m_driver->close(1000, "flood done");
            break;
        }
        case Behaviour::CloseAfterOpen:
            m_driver->close(options.closeCode, std::string_view(options.closeReason.constData(), std::size_t(options.closeReason.size())));
            break;
        case Behaviour::Greeter:
            for (const auto &greeting : options.greetings) {
                const std::string_view payload(greeting.second.constData(), std::size_t(greeting.second.size()));
                if (greeting.first)
                    m_driver->sendText(payload);
                else
                    m_driver->sendBinary(payload);
            }
            if (!options.afterGreetings.isEmpty())
                m_socket->write(options.afterGreetings);
            break;
        case Behaviour::DropAfterOpen:
            m_socket->flush();
            m_socket->abort();
            break;
        default:
            break;
        }
    }

    void onMessage(const protocol::MessageEvent &event) override
    {
        if (event.direction != protocol::Direction::Incoming)
            return;
        m_server.m_messages.append(QByteArray(event.payload.data(), qsizetype(event.payload.size())));
        const Behaviour behaviour = m_server.m_options.behaviour;
        if (behaviour == Behaviour::Greeter && ++m_received == m_server.m_options.greetings.size())
            m_driver->close(1000, "thanks");
        if (behaviour != Behaviour::Echo && behaviour != Behaviour::NoCloseAnswer)
            return;
        if (event.isText)
            m_driver->sendText(event.payload);
        else
            m_driver->sendBinary(event.payload);
    }

    void onPing(const protocol::PingEvent &event) override
    {
        if (event.direction == protocol::Direction::Incoming)
            ++m_server.m_pings;
    }

    void onFrame(const protocol::FrameEvent &event) override
    {
        // From the client's close frame on, nothing goes out: its answer is swallowed.
        if (m_server.m_options.behaviour == Behaviour::NoCloseAnswer && event.direction == protocol::Direction::Incoming
            && event.header.opcode == 0x8)
            m_muted = true;
    }

    void onClosed(const protocol::CloseEvent &) override
    {
        if (m_server.m_options.behaviour != Behaviour::NoCloseAnswer)
            m_socket->disconnectFromHost();
    }

    MiniServer &m_server;
    QTcpSocket *m_socket;
    std::unique_ptr<protocol::Driver> m_driver;
    QByteArray m_head;
    bool m_headDone = false;
    bool m_stopped = false;
    bool m_muted = false;
    int m_received = 0;
};

MiniServer::MiniServer(Options options, QObject *parent) : QTcpServer(parent), m_options(std::move(options))
{
}

MiniServer::~MiniServer()
{
    close();
}

bool MiniServer::start(const QHostAddress &address)
{
    return listen(address, 0);
}

QString MiniServer::url(const QString &path, const QString &host) const
{
    QString name = host;
    if (name.isEmpty())
        name = serverAddress().protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1");
    return QStringLiteral("%1://%2:%3%4").arg(m_options.tls ? QStringLiteral("wss") : QStringLiteral("ws"), name).arg(serverPort()).arg(path);
}

void MiniServer::incomingConnection(qintptr descriptor)
{
    ++m_connectionCount;
    QTcpSocket *socket = nullptr;
    if (m_options.tls) {
        auto *ssl = new QSslSocket;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificateChain(m_options.certificateChain);
        configuration.setPrivateKey(m_options.privateKey);
        if (m_options.requireClientCertificate) {
            configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
            configuration.setCaCertificates(m_options.clientCas);
        } else {
            configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        ssl->setSslConfiguration(configuration);
        ssl->setSocketDescriptor(descriptor);
        ssl->startServerEncryption();
        socket = ssl;
    } else {
        socket = new QTcpSocket;
        socket->setSocketDescriptor(descriptor);
    }
    m_sessions.append(new Session(*this, socket));
}

} // namespace wsi::test
