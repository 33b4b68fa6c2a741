// SPDX-License-Identifier: MIT
#pragma once
// Why a TLS handshake broke, read from OpenSSL's error codes (not its words): the port does
// not speak TLS (its answer is not a TLS record: "wrong version number"), or the server sent
// an alert (SSL_R_* reasons from SSL_AD_REASON_OFFSET on carry the alert's number).
#include <QString>

namespace wsi::net {

struct HandshakeFailure {
    enum class Kind : quint8 { Other, NotTls, Alert };
    Kind kind = Kind::Other;
    int alert = -1; // for Alert: its number (RFC 8446 section 6)
    QString reason; // for NotTls: OpenSSL's words ("wrong version number")
};

// Qt's QSslSocket::errorString() after SslHandshakeFailedError holds each of OpenSSL's
// queued errors as ERR_error_string_n wrote it ("error:0A00010B:SSL routines::wrong version
// number"); the packed code in it is taken apart with ERR_GET_LIB / ERR_GET_REASON.
HandshakeFailure classifyHandshakeFailure(const QString &errorString);

} // namespace wsi::net
