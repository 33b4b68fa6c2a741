// SPDX-License-Identifier: MIT
#pragma once
// Colours and glyphs shared by every panel, so direction and type read the same way
// everywhere, in light and dark palettes alike. UI thread only.
#include <QColor>
#include <QString>

class QPalette;

namespace wsi::log {
enum class LogEntryKind : quint8; // store/LogRecord.h
}

namespace wsi::ui::Theme {

bool isDark(const QPalette &palette);
// Foreground colour for a kind of log entry, readable on the palette's base colour; a frame
// of no message gets the warning colour (unusual, worth a look).
QColor kindColor(log::LogEntryKind kind, const QPalette &palette);
// Incoming (server to us) and outgoing (us to server).
QColor incomingColor(const QPalette &palette);
QColor outgoingColor(const QPalette &palette);
QColor okColor(const QPalette &palette);
QColor warningColor(const QPalette &palette);
QColor errorColor(const QPalette &palette);
// "↓" for incoming, "↑" for outgoing, "•" for local events.
QString directionGlyph(bool incoming, bool local = false);

// The look of an on/off toggle (the log's filters, follow, wall clock): on is filled with
// the accent colour and framed, off is dim text in a dashed frame, so the two never differ
// only by a shade of grey. A style sheet for one button, made from `palette`.
QString toggleStyleSheet(const QPalette &palette);
// Monospace font for payloads, hex dumps and raw handshakes.
QString monospaceFamily();
// Applies the dark or light Fusion palette to the application ("system" keeps the default,
// or restores it when another theme was applied before).
void applyApplicationTheme(const QString &name);
// The name last given to applyApplicationTheme(); "system" before any.
QString applicationThemeName();

} // namespace wsi::ui::Theme
