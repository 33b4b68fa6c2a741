// SPDX-License-Identifier: MIT
#include "net/echo/EchoServerPage.h"

namespace wsi::net {

namespace {

// Who is connected, and in which version: the old drafts behave differently, so a reader
// of the page sees at once which client speaks one.
QString clientTable(const QList<EchoPageClient> &clients)
{
    if (clients.isEmpty())
        return QStringLiteral("<p>No WebSocket client is connected.</p>\n");
    QString rows;
    for (qsizetype i = 0; i < clients.size() && i < EchoPageClientLimit; ++i) {
        const EchoPageClient &client = clients.at(i);
        rows += QStringLiteral("<tr><td>#%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                    .arg(client.id)
                    .arg(client.address.toHtmlEscaped(), client.target.toHtmlEscaped(), client.version.toHtmlEscaped());
    }
    QString more;
    if (clients.size() > EchoPageClientLimit)
        more = QStringLiteral("<p>and %1 more.</p>\n").arg(clients.size() - EchoPageClientLimit);
    return QStringLiteral("<table>\n<tr><th>client</th><th>from</th><th>path</th><th>WebSocket version</th></tr>\n%1"
                          "</table>\n%2")
        .arg(rows, more);
}

} // namespace

QByteArray buildEchoServerPage(const QUrl &url, const EchoServerOptions &options, const QList<EchoPageClient> &clients)
{
    const QString wsUrl = url.toString().toHtmlEscaped();
    const QString what = options.mode == EchoMode::Broadcast
        ? QStringLiteral("Every message a client sends goes to every connected client, the sender included.")
        : QStringLiteral("Every message a client sends comes straight back to it, text as text and binary as binary.");
    QString extras;
    if (!options.subprotocols.isEmpty())
        extras += QStringLiteral("<li>Subprotocols accepted: %1</li>").arg(options.subprotocols.join(QStringLiteral(", ")).toHtmlEscaped());
    extras += QStringLiteral("<li>permessage-deflate: %1</li>").arg(options.deflate ? QStringLiteral("accepted") : QStringLiteral("off"));
    extras += options.refuseOldDrafts
        ? QStringLiteral("<li>WebSocket versions: 13 only (older drafts are refused with 426)</li>")
        : QStringLiteral("<li>WebSocket versions: 13 (RFC 6455), and the drafts hybi-08, hybi-07, hixie-76 and "
                         "hixie-75, each answered in its own version</li>");
    extras += QStringLiteral("<li>Largest message: %1 bytes (larger ones are closed with 1009)</li>").arg(options.maxMessageSize);
    if (options.eventStream.isEnabled()) {
        QUrl events = url;
        events.setScheme(url.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
        events.setPath(options.eventStream.path);
        extras += QStringLiteral("<li>EventSource (server-sent events): <code>new EventSource(\"%1\")</code>; "
                                 "POST to the same URL publishes an event (<code>?event=TYPE&amp;id=ID</code>)%2</li>")
                      .arg(events.toString().toHtmlEscaped(),
                           options.eventStream.bridge ? QStringLiteral(", and every WebSocket text message is one too") : QString());
    }
    const QString body = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>wsinspect echo server</title></head>\n"
        "<body>\n<h1>wsinspect echo server</h1>\n"
        "<p>This is the WebSocket echo server built into wsinspect. It speaks WebSocket "
        "(RFC 6455), not plain HTTP: connect a WebSocket client to</p>\n"
        "<pre>%1</pre>\n<p>%2</p>\n<ul>%3</ul>\n"
        "<p>For example, from a terminal:</p>\n<pre>wsinspect-cli connect %1</pre>\n"
        "<p>or from this browser's developer console:</p>\n"
        "<pre>const ws = new WebSocket(\"%1\");\nws.onmessage = (e) =&gt; console.log(e.data);\n"
        "ws.onopen = () =&gt; ws.send(\"hello\");</pre>\n<h2>Connected clients</h2>\n%4</body></html>\n")
        .arg(wsUrl, what.toHtmlEscaped(), extras, clientTable(clients));
    const QByteArray bytes = body.toUtf8();
    QByteArray answer = "HTTP/1.1 200 OK\r\n"
                        "Content-Type: text/html; charset=utf-8\r\n"
                        "Content-Length: " + QByteArray::number(bytes.size()) + "\r\n"
                        "Cache-Control: no-store\r\n"
                        "Server: wsinspect\r\n"
                        "Connection: close\r\n\r\n";
    return answer + bytes;
}

} // namespace wsi::net
