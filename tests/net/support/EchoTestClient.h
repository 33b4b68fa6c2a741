// SPDX-License-Identifier: MIT
#pragma once
// A minimal WebSocket client for the echo server's tests: a client-role Driver over a
// QTcpSocket or QSslSocket, recording what it sees. Independent of engine/net's
// Connection on purpose, so the server is tested against the protocol engine alone.
// Lives on the thread that creates it (the test's main thread).
#include "protocol/Driver.h"

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>
#include <QStringList>
#include <QTcpSocket>

#include <memory>
#include <string>
#include <vector>

namespace wsi::test {

struct EchoTestClientOptions {
    QString host = QStringLiteral("127.0.0.1");
    QString resource = QStringLiteral("/");
    QString origin;
    std::vector<protocol::HttpHeader> extraHeaders;
    QStringList subprotocols;
    bool deflate = false;
    bool tls = false;
    QList<QSslCertificate> caCertificates; // tls: trusted roots (verification is on)
    QString verifyName;                    // tls: name checked against the certificate
    bool autoPong = true;                  // false: pings go unanswered (a dead client)
};

struct ReceivedMessage {
    bool isText = true;
    std::string payload;
    bool compressed = false;
    std::uint32_t frameCount = 0;
};

class EchoTestClient : public protocol::DriverSink, public protocol::ByteWriter
{
public:
    explicit EchoTestClient(EchoTestClientOptions options = {}) : m_options(std::move(options)) {}
    ~EchoTestClient() override
    {
        if (m_socket)
            m_socket->disconnect();
    }
    EchoTestClient(const EchoTestClient &) = delete;
    EchoTestClient &operator=(const EchoTestClient &) = delete;

    void connectTo(quint16 port)
    {
        protocol::DriverOptions driverOptions;
        driverOptions.role = protocol::Role::Client;
        driverOptions.clientRequest.host = QStringLiteral("%1:%2").arg(m_options.host).arg(port).toStdString();
        driverOptions.clientRequest.resourceName = m_options.resource.toStdString();
        driverOptions.clientRequest.origin = m_options.origin.toStdString();
        driverOptions.clientRequest.extraHeaders = m_options.extraHeaders;
        for (const QString &protocol : m_options.subprotocols)
            driverOptions.clientRequest.subprotocols.push_back(protocol.toStdString());
        driverOptions.offerDeflate = m_options.deflate;
        driverOptions.autoPong = m_options.autoPong;
        driverOptions.maxMessageSize = driverOptions.maxFrameSize = 128ull * 1024 * 1024;
        m_driver = std::make_unique<protocol::Driver>(driverOptions, *this, *this);

        if (m_options.tls) {
            auto *ssl = new QSslSocket;
            QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
            configuration.setCaCertificates(m_options.caCertificates);
            configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
            ssl->setSslConfiguration(configuration);
            if (!m_options.verifyName.isEmpty())
                ssl->setPeerVerifyName(m_options.verifyName);
            QObject::connect(ssl, &QSslSocket::encrypted, ssl, [this] { m_driver->start(); });
            QObject::connect(ssl, &QSslSocket::sslErrors, ssl, [this](const QList<QSslError> &errors) {
                for (const QSslError &error : errors)
                    sslErrors.append(error.errorString());
            });
            m_socket.reset(ssl);
        } else {
            m_socket = std::make_unique<QTcpSocket>();
            QObject::connect(m_socket.get(), &QTcpSocket::connected, m_socket.get(), [this] {
                m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                m_driver->start();
            });
        }
        QObject::connect(m_socket.get(), &QTcpSocket::readyRead, m_socket.get(), [this] { readAll(); });
        QObject::connect(m_socket.get(), &QTcpSocket::disconnected, m_socket.get(), [this] {
            transportClosed = true;
            m_driver->endOfInput();
        });
        QObject::connect(m_socket.get(), &QTcpSocket::errorOccurred, m_socket.get(),
                         [this](QAbstractSocket::SocketError) { socketError = m_socket->errorString(); });
        if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.get()))
            ssl->connectToHostEncrypted(m_options.host, port);
        else
            m_socket->connectToHost(m_options.host, port);
    }

    bool sendText(const std::string &text, std::uint32_t fragments = 1)
    {
        return m_driver->sendText(text, fragments);
    }
    bool sendBinary(const std::string &data, std::uint32_t fragments = 1)
    {
        return m_driver->sendBinary(data, fragments);
    }
    bool close(std::uint16_t code = 1000) { return m_driver->close(code); }
    // Closes the TCP connection once the Driver is done, as a client does after the
    // server's close frame when the server has not closed first.
    void closeTransport() { m_socket->disconnectFromHost(); }
    QTcpSocket *socket() const { return m_socket.get(); }
    protocol::Driver *driver() const { return m_driver.get(); }

    // What happened.
    bool opened = false;
    bool closed = false;
    bool failedHandshake = false;
    bool transportClosed = false;
    protocol::OpenEvent open;
    protocol::CloseEvent closeEvent;
    protocol::HandshakeFailureEvent failure;
    std::vector<ReceivedMessage> messages;
    int pings = 0;
    QString socketError;
    QStringList sslErrors;

private:
    void readAll()
    {
        char buffer[64 * 1024];
        for (;;) {
            const qint64 got = m_socket->read(buffer, sizeof buffer);
            if (got <= 0)
                break;
            m_driver->parse(reinterpret_cast<const std::uint8_t *>(buffer), std::size_t(got));
        }
    }
    void write(const std::uint8_t *data, std::size_t size) override
    {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(reinterpret_cast<const char *>(data), qint64(size));
    }
    void onOpen(const protocol::OpenEvent &event) override
    {
        opened = true;
        open = event;
    }
    void onHandshakeFailed(const protocol::HandshakeFailureEvent &event) override
    {
        failedHandshake = true;
        failure = event;
    }
    void onMessage(const protocol::MessageEvent &event) override
    {
        if (event.direction == protocol::Direction::Incoming)
            messages.push_back({event.isText, std::string(event.payload), event.compressed, event.frameCount});
    }
    void onPing(const protocol::PingEvent &event) override
    {
        if (event.direction == protocol::Direction::Incoming)
            ++pings;
    }
    void onClosed(const protocol::CloseEvent &event) override
    {
        closed = true;
        closeEvent = event;
    }

    EchoTestClientOptions m_options;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<protocol::Driver> m_driver;
};

} // namespace wsi::test
