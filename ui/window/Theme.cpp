// SPDX-License-Identifier: MIT
#include "ui/window/Theme.h"
#include "ui/window/ThemeStyle.h"

#include "store/LogRecord.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace wsi::ui::Theme {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor kindColor(log::LogEntryKind kind, const QPalette &palette)
{
    using log::LogEntryKind;
    const bool dark = isDark(palette);
    switch (kind) {
    case LogEntryKind::Text:
    case LogEntryKind::Event:
        return palette.color(QPalette::Text);
    case LogEntryKind::Comment:
        return palette.color(QPalette::PlaceholderText);
    case LogEntryKind::Binary:
        return dark ? QColor(0xc3, 0x9b, 0xff) : QColor(0x6a, 0x3d, 0xb8);
    case LogEntryKind::Ping:
    case LogEntryKind::Pong:
        return dark ? QColor(0x7f, 0xb8, 0xff) : QColor(0x1f, 0x5f, 0xb0);
    case LogEntryKind::Close:
        return dark ? QColor(0xff, 0xc1, 0x5e) : QColor(0x9a, 0x5b, 0x00);
    case LogEntryKind::Error:
        return errorColor(palette);
    case LogEntryKind::Info:
        return palette.color(QPalette::PlaceholderText);
    case LogEntryKind::Frame:
        return warningColor(palette);
    case LogEntryKind::Attempt:
    case LogEntryKind::Handshake:
        return dark ? QColor(0x5e, 0xd3, 0xd3) : QColor(0x00, 0x6d, 0x77);
    }
    return palette.color(QPalette::Text);
}

QColor incomingColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x6c, 0xd4, 0x8a) : QColor(0x1a, 0x7f, 0x37);
}

QColor outgoingColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x79, 0xb8, 0xff) : QColor(0x05, 0x50, 0xae);
}

QColor okColor(const QPalette &palette)
{
    return incomingColor(palette);
}

QColor warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
}

QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e);
}

QString directionGlyph(bool incoming, bool local)
{
    if (local)
        return QStringLiteral("•");
    return incoming ? QStringLiteral("↓") : QStringLiteral("↑");
}

QString toggleStyleSheet(const QPalette &palette)
{
    const auto rgba = [](QColor colour, double alpha) {
        return QStringLiteral("rgba(%1,%2,%3,%4)").arg(colour.red()).arg(colour.green()).arg(colour.blue()).arg(alpha);
    };
    const QColor accent = palette.color(QPalette::Highlight);
    const QColor dim = palette.color(QPalette::PlaceholderText);
    return QStringLiteral("QToolButton { border: 1px dashed %1; border-radius: 3px; padding: 1px 6px; color: %2;"
                          " background: transparent; }"
                          "QToolButton:checked { border: 1px solid %3; background: %4; color: %5; }"
                          "QToolButton:hover { border-color: %3; }")
        .arg(rgba(dim, 0.7), dim.name(), accent.name(), rgba(accent, isDark(palette) ? 0.35 : 0.22),
             palette.color(QPalette::ButtonText).name());
}

QString monospaceFamily()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
}

namespace {
QString &appliedThemeName()
{
    static QString name = QStringLiteral("system");
    return name;
}
} // namespace

QString applicationThemeName()
{
    return appliedThemeName();
}

void applyApplicationTheme(const QString &name)
{
    appliedThemeName() = name;
    // The platform's own style, kept from before the first change so that switching back
    // to "system" while running restores it (and the palette that goes with it).
    static QString systemStyle;
    if (name == QLatin1String("system")) {
        if (systemStyle.isEmpty())
            return; // never changed: nothing to undo
        QApplication::setStyle(QStyleFactory::create(systemStyle));
        QApplication::setPalette(QPalette()); // nothing set: the platform's palette
        return;
    }
    if (systemStyle.isEmpty())
        systemStyle = QApplication::style()->name();
    QApplication::setStyle(new ThemeStyle(QStyleFactory::create(QStringLiteral("Fusion"))));
    QPalette palette;
    if (name == QLatin1String("dark")) {
        palette.setColor(QPalette::Window, QColor(0x1f, 0x23, 0x28));
        palette.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        palette.setColor(QPalette::Base, QColor(0x16, 0x1b, 0x22));
        palette.setColor(QPalette::AlternateBase, QColor(0x1c, 0x21, 0x28));
        palette.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        palette.setColor(QPalette::Button, QColor(0x2a, 0x30, 0x37));
        palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3));
        palette.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x94, 0x9e));
        palette.setColor(QPalette::ToolTipBase, QColor(0x2a, 0x30, 0x37));
        palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xed, 0xf3));
        palette.setColor(QPalette::Mid, QColor(0x30, 0x36, 0x3d));
        palette.setColor(QPalette::Light, QColor(0x3a, 0x41, 0x49));
        palette.setColor(QPalette::Midlight, QColor(0x33, 0x39, 0x40));
        palette.setColor(QPalette::Dark, QColor(0x10, 0x13, 0x17));
        palette.setColor(QPalette::Shadow, QColor(0x05, 0x06, 0x08));
        palette.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
        // Disabled controls must look disabled (Send while not connected, for one).
        const QColor disabledText(0x6e, 0x76, 0x81);
        for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            palette.setColor(QPalette::Disabled, role, disabledText);
        palette.setColor(QPalette::Disabled, QPalette::Button, QColor(0x22, 0x27, 0x2e));
        palette.setColor(QPalette::Disabled, QPalette::Base, QColor(0x1a, 0x1f, 0x25));
        palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x30, 0x36, 0x3d));
    } else {
        palette = QApplication::style()->standardPalette();
    }
    QApplication::setPalette(palette);
}

} // namespace wsi::ui::Theme
