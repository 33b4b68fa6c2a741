// SPDX-License-Identifier: MIT
#include "InputMessages.h"

#include "protocol/Utf8Validator.h"

namespace {

// The first character of `text` that is not a hex digit or white space, or -1.
qsizetype firstNonHex(const QByteArray &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex && c != ' ' && c != '\t')
            return i;
    }
    return -1;
}

} // namespace

QVector<QByteArray> InputMessages::feed(QByteArrayView bytes)
{
    m_pending.append(bytes);
    QVector<QByteArray> records;
    if (m_settings.whole)
        return records;
    qsizetype start = 0;
    for (qsizetype end = m_pending.indexOf(m_settings.separator); end >= 0;
         end = m_pending.indexOf(m_settings.separator, start)) {
        records.append(m_pending.mid(start, end - start));
        start = end + 1;
    }
    m_pending.remove(0, start);
    return records;
}

QVector<QByteArray> InputMessages::finish()
{
    if (m_pending.isEmpty())
        return {};
    QVector<QByteArray> last{m_pending};
    m_pending.clear();
    return last;
}

bool InputMessages::decode(QByteArray record, Message &message, QString &error) const
{
    // Lines typed or piped from Windows end in CRLF: the CR is not part of the message.
    if (m_settings.separator == '\n' && !m_settings.whole && record.endsWith('\r')
        && m_settings.encoding != Encoding::Binary)
        record.chop(1);
    message.isText = m_settings.encoding == Encoding::Text;
    switch (m_settings.encoding) {
    case Encoding::Text: {
        // A text message must be UTF-8 (RFC 6455 section 5.6): a server fails the connection
        // with 1007 on anything else.
        wsi::protocol::Utf8Validator validator;
        if (!validator.feed(reinterpret_cast<const std::uint8_t *>(record.constData()), std::size_t(record.size()))
            || !validator.isComplete()) {
            const qsizetype at = qsizetype(validator.validBytes());
            error = QStringLiteral("not valid UTF-8 (byte %1 is 0x%2); a text message must be UTF-8 (--binary sends bytes)")
                        .arg(at + 1)
                        .arg(at < record.size() ? quint8(record.at(at)) : 0, 2, 16, QLatin1Char('0'));
            return false;
        }
        message.data = record;
        return true;
    }
    case Encoding::Binary:
        message.data = record;
        return true;
    case Encoding::Hex: {
        const QByteArray digits = record.simplified().replace(' ', "");
        const qsizetype bad = firstNonHex(record.trimmed());
        if (bad >= 0 || digits.size() % 2 != 0) {
            error = bad >= 0 ? QStringLiteral("not hex (character %1 is '%2')").arg(bad + 1).arg(QChar::fromLatin1(record.trimmed().at(bad)))
                             : QStringLiteral("not hex (an odd number of digits)");
            return false;
        }
        message.data = QByteArray::fromHex(digits);
        return true;
    }
    case Encoding::Base64: {
        const auto decoded = QByteArray::fromBase64Encoding(record.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            error = QStringLiteral("not base64");
            return false;
        }
        message.data = *decoded;
        return true;
    }
    }
    return false;
}
