// SPDX-License-Identifier: MIT
#pragma once
// What the log's "Decoded fields" search reads of a row: the summary and the named fields
// an application-protocol decoder found in its payload (event, topic, destination, method,
// id, ...). The store knows no protocol: the tab that decodes (ui/decode's RowDecoder)
// answers for its rows, decoding each one only when asked. UI thread, like the store.
#include <QList>
#include <QString>

#include <utility>

namespace wsi::log {

class MessageStore;

struct DecodedFieldValues {
    QString protocol; // the decoder's id, e.g. "socketio"
    QString summary;
    QList<std::pair<QString, QString>> fields; // in the decoder's order; a name may repeat
};

class DecodedFields
{
public:
    virtual ~DecodedFields() = default;
    // The row's decoded fields; false when nothing decoded it (decoding off, another
    // protocol, a malformed payload).
    virtual bool fieldsOf(const MessageStore &store, int row, DecodedFieldValues *out) = 0;
};

} // namespace wsi::log
