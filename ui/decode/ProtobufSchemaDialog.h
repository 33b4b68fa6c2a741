// SPDX-License-Identifier: MIT
#pragma once
// Asks for a .proto file and, among the message types it defines, the type of messages
// from the server and of messages sent to it. The file is compiled (libprotobuf's
// Importer, through decode::ProtobufSchema) as soon as it is picked, so a bad file says
// where it is wrong before the tab uses it. UI thread only.
#include "ui/decode/RowDecoder.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace wsi::ui {

class ProtobufSchemaDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProtobufSchemaDialog(const DecodeChoice &current, QWidget *parent = nullptr);

    DecodeChoice choice() const;
    // Loads `path` and lists its message types; false (and the note says why) when it fails.
    bool loadFile(const QString &path);
    QComboBox *incomingTypes() const { return m_incoming; }
    QComboBox *outgoingTypes() const { return m_outgoing; }

private:
    QLineEdit *m_file;
    QComboBox *m_incoming;
    QComboBox *m_outgoing;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
};

} // namespace wsi::ui
