// SPDX-License-Identifier: MIT
#pragma once
// A small HTTP CONNECT proxy for tests: optional Basic auth (407 without it), records each
// CONNECT request head, then relays bytes both ways.
#include <QByteArray>
#include <QList>
#include <QTcpServer>

namespace wsi::test {

class MiniProxy : public QTcpServer
{
    Q_OBJECT
public:
    // `credentials` "user:password"; empty: no authentication asked.
    explicit MiniProxy(QByteArray credentials = QByteArray(), QObject *parent = nullptr);

    bool start();
    QString url(const QString &userInfo = QString()) const; // "http://[user:pass@]127.0.0.1:PORT"
    const QList<QByteArray> &requests() const { return m_requests; }
    int tunnelsOpened() const { return m_tunnels; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    class Tunnel;
    friend class Tunnel;

    QByteArray m_credentials;
    QList<QByteArray> m_requests;
    int m_tunnels = 0;
};

} // namespace wsi::test
