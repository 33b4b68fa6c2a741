// SPDX-License-Identifier: MIT
// LogView's part in decoding: the Decoded column shown while the tab decodes, and the
// search box's hint for each search mode.
#include "ui/log/LogView.h"

#include "ui/decode/RowDecoder.h"
#include "ui/log/MessageLogModel.h"

#include <QLineEdit>
#include <QTableView>

namespace wsi::ui {

void LogView::showDecodedColumn()
{
    const RowDecoder *decoder = m_model->decoder();
    m_view->setColumnHidden(MessageLogModel::Decoded, !decoder || decoder->isOff());
}

QString LogView::searchHint(log::SearchMode mode)
{
    switch (mode) {
    case log::SearchMode::Decoded:
        return tr("Decoded fields  (event:chat topic:sensors/# method:sum)");
    case log::SearchMode::Text:
    case log::SearchMode::Regex:
    case log::SearchMode::JsonPath:
        break;
    }
    return tr("Search payloads  (JSON path: $.params.id >= 7 && $.method =~ /^sub/)");
}

} // namespace wsi::ui
