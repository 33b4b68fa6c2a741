// SPDX-License-Identifier: MIT
#include "net/HandshakeDiagnosis.h"

namespace wsi::net {

namespace {

QString headerValue(const HandshakeInfo &info, const char *name)
{
    for (const auto &header : info.responseHeaders) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(header.second);
    }
    return {};
}

// A redirect to http(s) means the ws(s) URL at the same place.
QString asWebSocketUrl(QString location)
{
    if (location.startsWith(QLatin1String("https://")))
        location.replace(0, 5, QStringLiteral("wss"));
    else if (location.startsWith(QLatin1String("http://")))
        location.replace(0, 4, QStringLiteral("ws"));
    return location;
}

QString diagnoseStatus(const HandshakeInfo &info, bool secure)
{
    const int status = info.status;
    if (status >= 300 && status < 400) {
        const QString location = headerValue(info, "Location");
        if (location.isEmpty())
            return QStringLiteral("the server redirects (%1) without a Location").arg(status);
        return QStringLiteral("the server redirects (%1) to %2; WebSocket clients do not follow redirects: connect to %3 instead")
            .arg(status).arg(location, asWebSocketUrl(location));
    }
    switch (status) {
    case 200:
    case 204:
        return QStringLiteral("the server answered as a plain HTTP server (%1): this URL serves HTTP, not WebSocket, "
                              "or something in the way dropped the Upgrade header").arg(status);
    case 400:
        return QStringLiteral("the server found the upgrade request malformed (400): check custom headers and the raw request");
    case 401: {
        const QString challenge = headerValue(info, "WWW-Authenticate");
        return QStringLiteral("authentication required (401%1): add credentials, e.g. --header \"Authorization: Bearer ...\"")
            .arg(challenge.isEmpty() ? QString() : QStringLiteral(", WWW-Authenticate: ") + challenge);
    }
    case 403:
        return QStringLiteral("forbidden (403): the server refused this client, often because of the Origin; "
                              "try --origin with the site's own origin, or credentials");
    case 404:
        return QStringLiteral("no WebSocket endpoint at this path (404): check the URL's path");
    case 405:
        return QStringLiteral("method not allowed (405): this path does not take a GET upgrade");
    case 407:
        return QStringLiteral("a proxy wants authentication (407): give --proxy http://user:password@host:port");
    case 426: {
        const QString version = headerValue(info, "Sec-WebSocket-Version");
        if (!version.isEmpty() && version.trimmed() != QLatin1String("13"))
            return QStringLiteral("the server wants WebSocket version %1 (426); this client speaks version 13").arg(version);
        if (!version.isEmpty())
            return QStringLiteral("the server wants WebSocket version 13 (426): check the request's Sec-WebSocket-Version");
        return secure ? QStringLiteral("upgrade required (426): the server wants another protocol")
                      : QStringLiteral("upgrade required (426): the server may want TLS: try wss://");
    }
    case 429:
    case 503: {
        const QString retry = headerValue(info, "Retry-After");
        return QStringLiteral("the server is busy or limiting requests (%1)%2: try again later")
            .arg(status).arg(retry.isEmpty() ? QString() : QStringLiteral(", Retry-After: ") + retry);
    }
    case 502:
    case 504:
        return QStringLiteral("a gateway in front of the server could not reach it (%1)").arg(status);
    default:
        break;
    }
    if (status >= 500)
        return QStringLiteral("the server failed (%1): look at the response body and its logs").arg(status);
    return QStringLiteral("the server refused the upgrade (%1 %2)").arg(status).arg(info.statusLine);
}

QString diagnoseCheck(protocol::ClientHandshakeError error, bool secure)
{
    using E = protocol::ClientHandshakeError;
    switch (error) {
    case E::MalformedResponse:
        return secure ? QStringLiteral("the answer is not HTTP: is this a WebSocket server?")
                      : QStringLiteral("the answer is not HTTP: is this a WebSocket server, or does it want TLS (wss://)?");
    case E::HeadTooLarge:
        return QStringLiteral("the response head is too large: this is not a WebSocket answer");
    case E::MissingUpgrade:
    case E::MissingConnection:
        return QStringLiteral("the 101 answer lacks the Upgrade/Connection headers: a proxy in the way may have stripped them");
    case E::MissingAccept:
    case E::WrongAccept:
        return QStringLiteral("the Sec-WebSocket-Accept value is wrong or missing: a proxy or cache may have altered "
                              "the handshake, or the server computes it incorrectly");
    case E::UnrequestedSubprotocol:
    case E::MissingSubprotocol:
        return QStringLiteral("the server chose a subprotocol this client did not offer: check --protocol");
    case E::UnrequestedExtension:
    case E::BadExtensionParams:
        return QStringLiteral("the server accepted an extension this client did not offer, or with parameters it cannot use");
    case E::None:
    case E::NotSwitchingProtocols:
        break;
    }
    return {};
}

} // namespace

HandshakeInfo handshakeInfoOf(bool accepted, const std::string &rawRequest, const std::string &rawResponse,
                              const protocol::HttpResponseHead &response, const std::string &bodyPreview)
{
    HandshakeInfo info;
    info.accepted = accepted;
    info.rawRequest = QByteArray::fromStdString(rawRequest);
    info.rawResponse = QByteArray::fromStdString(rawResponse);
    info.bodyPreview = QByteArray::fromStdString(bodyPreview);
    info.status = response.status;
    info.statusLine = QString::fromStdString(response.statusLine);
    for (const protocol::HttpHeader &header : response.headers.all())
        info.responseHeaders.append({QByteArray::fromStdString(header.name), QByteArray::fromStdString(header.value)});
    return info;
}

QString diagnoseEventSourceRefusal(const HandshakeInfo &info)
{
    const int status = info.status;
    if (status == 0)
        return QStringLiteral("the server closed the connection without answering: is this an HTTP server? Does it want TLS (https://)?");
    if (status >= 300 && status < 400) {
        const QString location = headerValue(info, "Location");
        return location.isEmpty() ? QStringLiteral("the server redirects (%1) without a Location").arg(status)
                                  : QStringLiteral("the server redirects (%1) to %2: use that URL").arg(status).arg(location);
    }
    switch (status) {
    case 200: {
        const QString type = headerValue(info, "Content-Type");
        return QStringLiteral("this URL answers with %1, not an event stream: check the path; some APIs stream only when "
                              "asked (a POST with -X POST --data, or a \"stream\": true in the body)")
            .arg(type.isEmpty() ? QStringLiteral("no Content-Type") : type);
    }
    case 204:
        return QStringLiteral("204 No Content is how a server tells EventSource clients to stop: a browser would not reconnect either");
    case 401: {
        const QString challenge = headerValue(info, "WWW-Authenticate");
        return QStringLiteral("authentication required (401%1): add credentials, e.g. -H \"Authorization: Bearer ...\"")
            .arg(challenge.isEmpty() ? QString() : QStringLiteral(", WWW-Authenticate: ") + challenge);
    }
    case 403:
        return QStringLiteral("forbidden (403): the server refused this client; check credentials and --origin");
    case 404:
        return QStringLiteral("nothing at this path (404): check the URL's path");
    case 405:
        return QStringLiteral("method not allowed (405%1): try the other method with -X")
            .arg(headerValue(info, "Allow").isEmpty() ? QString() : QStringLiteral(", Allow: ") + headerValue(info, "Allow"));
    case 406:
        return QStringLiteral("not acceptable (406): the server does not serve text/event-stream here");
    case 407:
        return QStringLiteral("a proxy wants authentication (407): give --proxy http://user:password@host:port");
    case 429:
    case 503: {
        const QString retry = headerValue(info, "Retry-After");
        return QStringLiteral("the server is busy or limiting requests (%1)%2: try again later")
            .arg(status).arg(retry.isEmpty() ? QString() : QStringLiteral(", Retry-After: ") + retry);
    }
    default:
        break;
    }
    if (status >= 500)
        return QStringLiteral("the server failed (%1): look at the response body and its logs").arg(status);
    return QStringLiteral("the server refused the stream (%1)").arg(info.statusLine);
}

QString diagnoseHandshakeFailure(const HandshakeInfo &info, protocol::ClientHandshakeError error, bool secure)
{
    QString diagnosis;
    if (info.rawResponse.isEmpty() && info.status == 0) {
        return secure ? QStringLiteral("the server closed the connection without answering the upgrade; a TLS server that "
                                       "does so right after the handshake may want a client certificate (--cert, --key)")
                      : QStringLiteral("the server closed the connection without answering the upgrade: is this a "
                                       "WebSocket server? Does it want TLS (wss://)?");
    }
    if (error == protocol::ClientHandshakeError::NotSwitchingProtocols || (info.status != 101 && info.status != 0))
        diagnosis = diagnoseStatus(info, secure);
    if (diagnosis.isEmpty())
        diagnosis = diagnoseCheck(error, secure);
    const QString via = headerValue(info, "Via");
    if (!via.isEmpty())
        diagnosis += QStringLiteral(" (a proxy answered or passed this on: Via: %1)").arg(via);
    return diagnosis;
}

} // namespace wsi::net
