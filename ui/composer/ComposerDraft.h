// SPDX-License-Identifier: MIT
#pragma once
// What the composer holds for one message: its mode, how the payload text is written and
// the text itself. History entries and saved snippets are drafts.
#include <QMetaType>
#include <QString>

namespace wsi::ui {

enum class ComposerMode : quint8 { Text, Json, Binary, RawFrame };
// How the editor's text becomes bytes in the Binary and Raw frame modes.
enum class PayloadEncoding : quint8 { Text, Hex, Base64, File };

struct ComposerDraft {
    ComposerMode mode = ComposerMode::Text;
    PayloadEncoding encoding = PayloadEncoding::Hex;
    QString text;

    bool operator==(const ComposerDraft &other) const
    {
        return mode == other.mode && encoding == other.encoding && text == other.text;
    }
    bool operator!=(const ComposerDraft &other) const { return !(*this == other); }
};

// "text", "json", "binary", "raw": stable words for settings.
QString modeKey(ComposerMode mode);
ComposerMode modeFromKey(const QString &key);
QString encodingKey(PayloadEncoding encoding);
PayloadEncoding encodingFromKey(const QString &key);

} // namespace wsi::ui
