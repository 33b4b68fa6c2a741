// SPDX-License-Identifier: MIT
#include "OpenSslTestServer.h"

#include "protocol/handshake/Handshake.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace wsi::test {

namespace {

// The 101 for a client's upgrade request (RFC 6455 section 4.2.2), or a 400 without a key.
std::string upgradeAnswer(const std::string &head)
{
    static const std::string name = "sec-websocket-key:";
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const std::size_t at = lower.find(name);
    if (at == std::string::npos)
        return "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    const std::size_t start = head.find_first_not_of(' ', at + name.size());
    const std::string key = head.substr(start, head.find("\r\n", start) - start);
    return wsi::protocol::buildServerResponse(wsi::protocol::computeSecWebSocketAccept(key), {}, {}, {});
}

} // namespace

OpenSslTestServer::OpenSslTestServer(Options options) : m_options(std::move(options)) {}

OpenSslTestServer::~OpenSslTestServer()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_listener >= 0)
        ::close(m_listener);
    SSL_CTX_free(m_context);
}

bool OpenSslTestServer::start()
{
    m_context = SSL_CTX_new(TLS_server_method());
    if (!m_context) {
        m_error = QStringLiteral("SSL_CTX_new failed");
        return false;
    }
    // Before the certificate: at the system's level OpenSSL refuses to load a small key.
    SSL_CTX_set_security_level(m_context, m_options.securityLevel);
    if (SSL_CTX_use_certificate_chain_file(m_context, m_options.certificateFile.toLocal8Bit().constData()) != 1
        || SSL_CTX_use_PrivateKey_file(m_context, m_options.keyFile.toLocal8Bit().constData(), SSL_FILETYPE_PEM) != 1) {
        char reason[256] = {};
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        m_error = QStringLiteral("could not load %1 and %2: %3")
                      .arg(m_options.certificateFile, m_options.keyFile, QString::fromLatin1(reason));
        return false;
    }
    if (!m_options.clientCaFile.isEmpty()) {
        SSL_CTX_load_verify_file(m_context, m_options.clientCaFile.toLocal8Bit().constData());
        SSL_CTX_set_verify(m_context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_listener, 8) != 0 || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        m_error = QStringLiteral("could not listen on 127.0.0.1");
        return false;
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
    return true;
}

QString OpenSslTestServer::url(const QString &host) const
{
    return QStringLiteral("wss://%1:%2/").arg(host.isEmpty() ? QStringLiteral("127.0.0.1") : host).arg(m_port);
}

void OpenSslTestServer::run()
{
    while (!m_stop) {
        pollfd listening{m_listener, POLLIN, 0};
        if (::poll(&listening, 1, 50) <= 0)
            continue;
        const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0)
            serve(client);
    }
}

void OpenSslTestServer::serve(int client)
{
    // Bounded: a client that neither finishes the handshake nor goes away is dropped.
    timeval timeout{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    SSL *ssl = SSL_new(m_context);
    SSL_set_fd(ssl, client);
    if (SSL_accept(ssl) == 1) {
        std::string request;
        char buffer[4096];
        for (int count = 0; !m_stop && (count = SSL_read(ssl, buffer, sizeof buffer)) > 0;) {
            request.append(buffer, std::size_t(count));
            const std::size_t end = request.find("\r\n\r\n");
            if (end == std::string::npos || request.size() > 64 * 1024)
                continue;
            const std::string answer = upgradeAnswer(request.substr(0, end));
            SSL_write(ssl, answer.data(), int(answer.size()));
            request.clear();
        }
        SSL_shutdown(ssl);
    } else {
        // As servers do after a fatal alert: our side is closed, and what the client still
        // sends (its upgrade request, written before the alert reached it) is read and
        // dropped, so closing does not reset the connection and destroy the alert unread.
        ::shutdown(client, SHUT_WR);
        timeval linger{0, 300 * 1000};
        ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &linger, sizeof linger);
        char buffer[4096];
        while (::recv(client, buffer, sizeof buffer, 0) > 0) {
        }
    }
    SSL_free(ssl);
    ERR_clear_error();
    ::close(client);
}

} // namespace wsi::test
