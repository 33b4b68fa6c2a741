// SPDX-License-Identifier: MIT
#pragma once
// A TLS server made with OpenSSL's API alone, on its own thread, for the certificates Qt will
// not serve: Qt's server context keeps the system's security level (2 on Debian) and refuses
// a 1024-bit key, which is exactly what a client must be shown; and it fails a handshake
// without a client certificate the way OpenSSL servers (nginx, ...) do, with TLS 1.3's alert
// certificate_required, where Qt's server just closes. It completes the handshake, answers a
// WebSocket upgrade request with 101, then reads until the client goes.
#include <QString>

#include <atomic>
#include <thread>

typedef struct ssl_ctx_st SSL_CTX;

namespace wsi::test {

class OpenSslTestServer
{
public:
    struct Options {
        QString certificateFile; // PEM: the certificate, then its chain
        QString keyFile;         // PEM
        int securityLevel = 0;   // 0: any key size
        QString clientCaFile;    // not empty: a client certificate issued by it is required
    };

    explicit OpenSslTestServer(Options options);
    ~OpenSslTestServer(); // stops the thread

    // Listens on 127.0.0.1 at a port of the kernel's choice; false with errorString() set.
    bool start();
    const QString &errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    // "wss://HOST:PORT/" (HOST: 127.0.0.1 unless given).
    QString url(const QString &host = QString()) const;

private:
    void run();
    void serve(int client);

    Options m_options;
    QString m_error;
    SSL_CTX *m_context = nullptr;
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace wsi::test
