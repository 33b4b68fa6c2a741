// SPDX-License-Identifier: MIT
#pragma once
// "Decode as" on the log's bar: Automatic (the negotiated subprotocol's protocol, else what
// the content looks like), None, or one decoder; "Protocol Buffers with a .proto…" asks for
// the file and the message type of each direction (ProtobufSchemaDialog). It sets the
// tab's RowDecoder and follows it when the choice changes elsewhere (a session restored).
// UI thread only.
#include <QComboBox>

namespace wsi::ui {

class RowDecoder;
struct DecodeChoice;

class DecodeChoiceBox : public QComboBox
{
    Q_OBJECT
public:
    static QString protobufWithSchema() { return QStringLiteral("protobuf+schema"); } // item data

    explicit DecodeChoiceBox(RowDecoder *decoder, QWidget *parent = nullptr);

    // Sets the decoder's choice as the user would; a schema that does not load is
    // refused with a message box when `explain` (the box keeps the previous choice).
    bool choose(const DecodeChoice &choice, bool explain = true);

private:
    void onActivated(int index);
    void showChoice();

    RowDecoder *m_decoder;
};

} // namespace wsi::ui
