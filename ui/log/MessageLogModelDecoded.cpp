// SPDX-License-Identifier: MIT
// MessageLogModel's Decoded column: what the tab's RowDecoder reads in the rows Qt paints,
// and the rescan a "Decoded fields" search needs when the decoding changes.
#include "ui/log/MessageLogModel.h"

#include "ui/decode/RowDecoder.h"

namespace wsi::ui {

namespace {
constexpr int DecodedChars = 100;       // the column, as the preview's
constexpr int DecodedToolTipChars = 1000;
} // namespace

void MessageLogModel::setDecoder(RowDecoder *decoder)
{
    if (m_decoder)
        disconnect(m_decoder, nullptr, this, nullptr);
    m_decoder = decoder;
    m_filter.setDecodedFields(decoder);
    if (decoder)
        connect(decoder, &RowDecoder::decodingChanged, this, &MessageLogModel::decodingChanged);
    decodingChanged();
}

void MessageLogModel::decodingChanged()
{
    const log::LogFilterCriteria criteria = m_filter.criteria();
    if (criteria.hasSearch() && criteria.mode == log::SearchMode::Decoded) {
        // The rows a decoded search shows depend on what they decode to.
        beginResetModel();
        m_filter.rescan(*m_store);
        m_messageCount = m_filter.count();
        m_expansion.clear();
        endResetModel();
        return;
    }
    if (viewRowCount() > 0)
        Q_EMIT dataChanged(index(0, Decoded), index(viewRowCount() - 1, Decoded),
                           {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole});
}

QString MessageLogModel::decodedText(int row) const
{
    const DecodedRow *decoded = m_decoder ? m_decoder->row(*m_store, row) : nullptr;
    if (!decoded || decoded->status == decode::DecodeResult::Status::NotRecognised)
        return {};
    if (!decoded->isDecoded())
        return QStringLiteral("⚠ ") + decoded->summary;
    return decoded->summary.size() > DecodedChars ? decoded->summary.left(DecodedChars) + QStringLiteral("…")
                                                       : decoded->summary;
}

QString MessageLogModel::decodedToolTip(int row) const
{
    const DecodedRow *decoded = m_decoder ? m_decoder->row(*m_store, row) : nullptr;
    if (!decoded || decoded->status == decode::DecodeResult::Status::NotRecognised)
        return {};
    if (!decoded->isDecoded())
        return tr("Not readable as the chosen protocol: %1").arg(decoded->summary);
    QString text = decoded->protocol + QStringLiteral(": ") + decoded->summary.left(DecodedToolTipChars);
    for (const auto &[name, value] : decoded->fields)
        text += QStringLiteral("\n") + name + QStringLiteral(" = ") + value.left(200);
    return text;
}

QVariant MessageLogModel::decodedForeground(int row) const
{
    const DecodedRow *decoded = m_decoder ? m_decoder->row(*m_store, row) : nullptr;
    return decoded && decoded->status == decode::DecodeResult::Status::Malformed ? QVariant(m_malformedBrush) : QVariant();
}

} // namespace wsi::ui
