// SPDX-License-Identifier: MIT
#include "socketio/SocketIoAddress.h"

#include <QUrl>
#include <QUrlQuery>

namespace wsi::socketio {

std::optional<SocketIoAddress> socketIoAddress(const QString &text, const QString &path, int engineIoVersion, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<SocketIoAddress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QUrl url(text.contains(QStringLiteral("://")) ? text : QStringLiteral("http://") + text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("\"%1\" is not a URL with a host (for example http://127.0.0.1:3000)").arg(text));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        url.setScheme(QStringLiteral("ws"));
    else if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        url.setScheme(QStringLiteral("wss"));
    else
        return fail(QStringLiteral("a Socket.IO URL is http:// or https:// (ws:// and wss:// too), not %1://").arg(scheme));

    SocketIoAddress address;
    // The socket.io client reads a path in the URL as the namespace: io("http://host/chat").
    QString serverPath = path.isEmpty() ? QStringLiteral("/socket.io/") : path;
    if (!serverPath.startsWith(QLatin1Char('/')))
        serverPath.prepend(QLatin1Char('/'));
    if (!serverPath.endsWith(QLatin1Char('/')))
        serverPath.append(QLatin1Char('/'));
    const QString urlPath = url.path();
    address.nameSpace = urlPath.isEmpty() || urlPath == QLatin1String("/") ? QStringLiteral("/") : urlPath;
    if (address.nameSpace.endsWith(QLatin1Char('/')) && address.nameSpace.size() > 1)
        address.nameSpace.chop(1);
    url.setPath(serverPath);
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    query.addQueryItem(QStringLiteral("EIO"), QString::number(engineIoVersion));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    url.setFragment(QString());
    address.webSocketUrl = url.toString(QUrl::FullyEncoded);
    return address;
}

} // namespace wsi::socketio
