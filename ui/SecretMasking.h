#pragma once
// Secrets stay hidden unless the user asks: Authorization, Proxy-Authorization, Cookie and
// Set-Cookie values in a raw HTTP head are replaced for display.
#include <QByteArray>

namespace wsi::ui {

bool isSecretHeader(const QByteArray &name);
// Returns `head` with the values of secret headers replaced by "•••• (hidden)".
QByteArray maskSecretHeaders(const QByteArray &head);

} // namespace wsi::ui
