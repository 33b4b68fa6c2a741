// SPDX-License-Identifier: MIT
#include "net/echo/EchoServerStartup.h"

#include "net/tls/SelfSignedCertificate.h"

#include <QFile>

#include <sys/resource.h>

namespace wsi::net {

OpenFileLimit raiseOpenFileLimit(quint64 wanted)
{
    OpenFileLimit result;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error = QStringLiteral("getrlimit(RLIMIT_NOFILE) failed");
        return result;
    }
    result.before = result.after = quint64(limit.rlim_cur);
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted)
        return result;
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? rlim_t(wanted) : std::min<rlim_t>(limit.rlim_max, rlim_t(wanted));
    if (raised.rlim_cur <= limit.rlim_cur)
        return result; // the hard limit allows no more
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
        result.error = QStringLiteral("setrlimit(RLIMIT_NOFILE, %1) failed").arg(quint64(raised.rlim_cur));
        return result;
    }
    result.after = quint64(raised.rlim_cur);
    result.raised = true;
    return result;
}

QByteArray buildEchoServerPage(const QUrl &url, const EchoServerOptions &options)
{
    const QString wsUrl = url.toString().toHtmlEscaped();
    const QString what = options.mode == EchoMode::Broadcast
        ? QStringLiteral("Every message a client sends goes to every connected client, the sender included.")
        : QStringLiteral("Every message a client sends comes straight back to it, text as text and binary as binary.");
    QString extras;
    if (!options.subprotocols.isEmpty())
        extras += QStringLiteral("<li>Subprotocols accepted: %1</li>").arg(options.subprotocols.join(QStringLiteral(", ")).toHtmlEscaped());
    extras += QStringLiteral("<li>permessage-deflate: %1</li>").arg(options.deflate ? QStringLiteral("accepted") : QStringLiteral("off"));
    extras += QStringLiteral("<li>Largest message: %1 bytes (larger ones are closed with 1009)</li>").arg(options.maxMessageSize);
    const QString body = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wsinspect echo server</title></head>\n"
        "<body>\n<h1>wsinspect echo server</h1>\n"
        "<p>This is the WebSocket echo server built into wsinspect. It speaks WebSocket "
        "(RFC 6455), not plain HTTP: connect a WebSocket client to</p>\n"
        "<pre>%1</pre>\n<p>%2</p>\n<ul>%3</ul>\n"
        "<p>For example, from a terminal:</p>\n<pre>wsinspect-cli connect %1</pre>\n"
        "<p>or from this browser's developer console:</p>\n"
        "<pre>const ws = new WebSocket(\"%1\");\nws.onmessage = (e) =&gt; console.log(e.data);\n"
        "ws.onopen = () =&gt; ws.send(\"hello\");</pre>\n</body></html>\n")
        .arg(wsUrl, what.toHtmlEscaped(), extras);
    const QByteArray bytes = body.toUtf8();
    QByteArray answer = "HTTP/1.1 200 OK\r\n"
                        "Content-Type: text/html; charset=utf-8\r\n"
                        "Content-Length: " + QByteArray::number(bytes.size()) + "\r\n"
                        "Cache-Control: no-store\r\n"
                        "Server: wsinspect\r\n"
                        "Connection: close\r\n\r\n";
    return answer + bytes;
}

namespace {

QSslKey loadKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

EchoServerTlsMaterial loadEchoServerTls(const EchoServerOptions &options)
{
    EchoServerTlsMaterial material;
    if (options.certificateFile.isEmpty() && options.keyFile.isEmpty()) {
        const SelfSignedCertificate generated = SelfSignedCertificate::generate();
        if (generated.isNull()) {
            material.error = QStringLiteral("could not make a self-signed certificate: %1").arg(generated.errorString());
            return material;
        }
        material.certificate = generated.certificate();
        material.chain = {generated.certificate()};
        material.key = generated.privateKey();
        material.selfSigned = true;
        return material;
    }
    if (options.certificateFile.isEmpty() || options.keyFile.isEmpty()) {
        material.error = QStringLiteral("a certificate file needs its key file, and the other way round");
        return material;
    }
    QFile certificateFile(options.certificateFile);
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        material.error = QStringLiteral("cannot read the certificate %1: %2").arg(options.certificateFile, certificateFile.errorString());
        return material;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty()) {
        material.error = QStringLiteral("no PEM certificate in %1").arg(options.certificateFile);
        return material;
    }
    material.certificate = chain.first();
    material.chain = chain;
    QFile keyFile(options.keyFile);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        material.error = QStringLiteral("cannot read the key %1: %2").arg(options.keyFile, keyFile.errorString());
        return material;
    }
    material.key = loadKey(keyFile.readAll());
    if (material.key.isNull())
        material.error = QStringLiteral("no unencrypted PEM private key (EC, RSA or DSA) in %1").arg(options.keyFile);
    return material;
}

} // namespace wsi::net
