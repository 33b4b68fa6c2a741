// SPDX-License-Identifier: MIT
#include "net/tls/HandshakeFailure.h"

#include <QRegularExpression>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace wsi::net {

namespace {

// Reasons OpenSSL gives when the first bytes back are not a TLS record: an HTTP answer or
// a WebSocket server's 400 ("HTTP/1.1" read as a record header), or other plain text.
bool meansNotTls(int reason)
{
    switch (reason) {
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_UNKNOWN_PROTOCOL:
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_RECORD_LENGTH_MISMATCH:
        return true;
    default:
        return false;
    }
}

} // namespace

HandshakeFailure classifyHandshakeFailure(const QString &errorString)
{
    static const QRegularExpression packedCode(QStringLiteral("error:([0-9A-Fa-f]{8}):"));
    HandshakeFailure failure;
    for (auto match = packedCode.globalMatch(errorString); match.hasNext();) {
        const unsigned long code = match.next().captured(1).toULong(nullptr, 16);
        if (ERR_GET_LIB(code) != ERR_LIB_SSL)
            continue;
        const int reason = ERR_GET_REASON(code);
        if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256)
            return {HandshakeFailure::Kind::Alert, reason - SSL_AD_REASON_OFFSET, QString()};
        if (meansNotTls(reason) && failure.kind != HandshakeFailure::Kind::NotTls) {
            failure.kind = HandshakeFailure::Kind::NotTls;
            const char *text = ERR_reason_error_string(code);
            failure.reason = QString::fromLatin1(text ? text : "not a TLS record");
        }
    }
    return failure;
}

} // namespace wsi::net
