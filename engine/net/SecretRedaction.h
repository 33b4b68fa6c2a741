// SPDX-License-Identifier: MIT
#pragma once
// Hides credentials before text is shown or logged: the values of Authorization,
// Proxy-Authorization, Cookie and Set-Cookie headers in a raw HTTP head, and the password
// in a URL. The GUI and the CLI show them only when the user asks.
#include <QByteArray>
#include <QString>

namespace wsi::net {

bool isSecretHeader(const QByteArray &name);
// Each secret header value becomes "(hidden, N bytes)"; everything else is kept byte for byte.
QByteArray redactHeaders(const QByteArray &head);
// "http://user:***@proxy:3128" for "http://user:secret@proxy:3128".
QString redactUrl(const QString &url);

} // namespace wsi::net
