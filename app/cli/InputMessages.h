// SPDX-License-Identifier: MIT
#pragma once
// How `connect` turns its input into messages. The input is cut into records at a separator
// (a line break by default, NUL with -0, any byte with --separator; --whole: all of it is one
// record) and each record becomes a message: text (UTF-8, refused otherwise), binary as it
// is, or binary written as hex or base64 on the line. No I/O here: ConnectRun feeds it.
#include <QByteArray>
#include <QString>
#include <QVector>

class InputMessages
{
public:
    enum class Encoding { Text, Binary, Hex, Base64 };
    struct Settings {
        Encoding encoding = Encoding::Text;
        char separator = '\n';
        bool whole = false; // the whole input is one message
    };
    struct Message {
        bool isText = true;
        QByteArray data;
    };

    explicit InputMessages(Settings settings) : m_settings(settings) {}
    const Settings &settings() const { return m_settings; }

    // The records completed by `bytes` (none with --whole until finish()).
    QVector<QByteArray> feed(QByteArrayView bytes);
    // At the end of input: the last record, even without a separator after it (none when
    // nothing is left).
    QVector<QByteArray> finish();

    // One record as the message it means; false with what is wrong (and where) otherwise.
    bool decode(QByteArray record, Message &message, QString &error) const;

private:
    Settings m_settings;
    QByteArray m_pending;
};
