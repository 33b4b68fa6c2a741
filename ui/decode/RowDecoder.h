// SPDX-License-Identifier: MIT
#pragma once
// A tab's decoding of its log rows: the user's choice (automatic, off, or a decoder; for
// protobuf a .proto and a message type per direction), the negotiated subprotocol, and the
// DecodeSession that reads one stored payload at a time. Nothing is decoded ahead: the log
// model asks for the rows it paints, the details pane for the selected row (with its tree),
// a "Decoded fields" search for the rows it tests, the latency panel for messages that may
// carry a request id. Summaries and fields are cached per row number in a bounded cache, so
// repainting a screenful costs lookups, and a million rows cost no more than the cache.
// Owned by the tab's TabDocument, beside the store it reads. UI thread only.
#include "decode/DecodeSession.h"
#include "store/query/DecodedFields.h"
#include "net/LogEvent.h"

#include <QCache>
#include <QObject>

#include <memory>

namespace wsi::decode {
class ProtobufSchema;
}

namespace wsi::ui {

// What the tab decodes with; a plain value, saved with the tab.
struct DecodeChoice {
    QString decoder = decode::DecodeSession::automatic(); // automatic(), off() or a decoder id
    QString protoFile;      // protobuf with a schema: the .proto the user picked
    QString incomingType;   // full message names, e.g. "demo.Reading"
    QString outgoingType;

    bool operator==(const DecodeChoice &other) const
    {
        return decoder == other.decoder && protoFile == other.protoFile && incomingType == other.incomingType
            && outgoingType == other.outgoingType;
    }
    bool operator!=(const DecodeChoice &other) const { return !(*this == other); }
};

// One row's decoding without its tree: what the log's column, the filters and the latency
// panel read.
struct DecodedRow {
    decode::DecodeResult::Status status = decode::DecodeResult::Status::NotRecognised;
    QString protocol;
    QString summary; // or the error, for a malformed payload
    QList<std::pair<QString, QString>> fields;

    bool isDecoded() const { return status == decode::DecodeResult::Status::Decoded; }
};

class RowDecoder : public QObject, public log::DecodedFields
{
    Q_OBJECT
public:
    static constexpr int CacheRows = 20000; // summaries kept: many screenfuls, a few MB

    explicit RowDecoder(QObject *parent = nullptr);
    ~RowDecoder() override;

    // A new choice forgets every cached row and what the session learnt; a protobuf schema
    // that does not load keeps the previous choice: false and *error says why.
    bool setChoice(const DecodeChoice &choice, QString *error = nullptr);
    const DecodeChoice &choice() const { return m_choice; }
    bool isOff() const { return m_choice.decoder == decode::DecodeSession::off(); }
    // The subprotocol the server accepted (Automatic picks its decoder).
    void setSubprotocol(const QString &subprotocol);
    QString subprotocol() const { return m_subprotocol; }
    // The log was cleared: row numbers start again.
    void clear();

    // Store row `row` decoded (cached); null for rows that carry no message payload.
    const DecodedRow *row(const log::MessageStore &store, int row);
    // The whole result, with the details tree, for the details pane (not cached).
    decode::DecodeResult decodeWithTree(const log::MessageStore &store, int row);
    // A message as it arrives (the latency panel): its request/response key, when the tab's
    // decoder pairs messages and this one may carry an id. Not cached, changes no state.
    decode::Correlation correlationOf(const net::LogEvent &event);

    bool fieldsOf(const log::MessageStore &store, int row, log::DecodedFieldValues *out) override;

    int cachedRows() const { return m_cache.size(); }
    // Rows decoded since the choice last changed (for tests and the benchmark: lazy means few).
    qint64 decodeCount() const { return m_decodeCount; }

Q_SIGNALS:
    // The choice or the subprotocol changed what rows decode to: views repaint, filters
    // that read decoded fields rescan.
    void decodingChanged();

private:
    decode::DecodeInput inputOf(const log::MessageStore &store, int row, bool wantsTree) const;

    DecodeChoice m_choice;
    QString m_subprotocol;
    std::unique_ptr<decode::DecodeSession> m_session;
    QCache<qint64, DecodedRow> m_cache; // by MessageStore::rowNumber: stable when old rows leave
    qint64 m_decodeCount = 0;
};

} // namespace wsi::ui
