// SPDX-License-Identifier: MIT
#pragma once
// A small SOCKS5 proxy for tests (RFC 1928, CONNECT only; no auth or RFC 1929
// username/password): records each target it was asked for, then relays bytes.
#include <QByteArray>
#include <QStringList>
#include <QTcpServer>

namespace wsi::test {

class MiniSocks5 : public QTcpServer
{
    Q_OBJECT
public:
    // `credentials` "user:password"; empty: no authentication.
    explicit MiniSocks5(QByteArray credentials = QByteArray(), QObject *parent = nullptr);

    bool start();
    QString url(const QString &userInfo = QString()) const; // "socks5://[user:pass@]127.0.0.1:PORT"
    const QStringList &targets() const { return m_targets; } // "host:port" as asked

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    class Relay;
    friend class Relay;

    QByteArray m_credentials;
    QStringList m_targets;
};

} // namespace wsi::test
