// SPDX-License-Identifier: MIT
#include "ui/composer/ComposerDraft.h"

namespace wsi::ui {

QString modeKey(ComposerMode mode)
{
    switch (mode) {
    case ComposerMode::Text:
        return QStringLiteral("text");
    case ComposerMode::Json:
        return QStringLiteral("json");
    case ComposerMode::Binary:
        return QStringLiteral("binary");
    case ComposerMode::RawFrame:
        return QStringLiteral("raw");
    }
    return QStringLiteral("text");
}

ComposerMode modeFromKey(const QString &key)
{
    for (ComposerMode mode : {ComposerMode::Json, ComposerMode::Binary, ComposerMode::RawFrame}) {
        if (key == modeKey(mode))
            return mode;
    }
    return ComposerMode::Text;
}

QString encodingKey(PayloadEncoding encoding)
{
    switch (encoding) {
    case PayloadEncoding::Text:
        return QStringLiteral("text");
    case PayloadEncoding::Hex:
        return QStringLiteral("hex");
    case PayloadEncoding::Base64:
        return QStringLiteral("base64");
    case PayloadEncoding::File:
        return QStringLiteral("file");
    }
    return QStringLiteral("hex");
}

PayloadEncoding encodingFromKey(const QString &key)
{
    for (PayloadEncoding encoding : {PayloadEncoding::Text, PayloadEncoding::Base64, PayloadEncoding::File}) {
        if (key == encodingKey(encoding))
            return encoding;
    }
    return PayloadEncoding::Hex;
}

} // namespace wsi::ui
