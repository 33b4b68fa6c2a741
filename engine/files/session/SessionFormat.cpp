// SPDX-License-Identifier: MIT
#include "files/session/SessionFormat.h"

#include "files/session/LittleEndianCodec.h"

#include <QIODevice>

#include <zlib.h>

#include <algorithm>

namespace wsi::log::SessionFormat {

const char Signature[SignatureSize] = {'\x89', 'W', 'S', 'I', '\r', '\n', '\x1a', '\n'};
const char InfoTag[4] = {'I', 'N', 'F', 'O'};
const char TabTag[4] = {'T', 'A', 'B', ' '};
const char RowsTag[4] = {'R', 'O', 'W', 'S'};
const char EndTag[4] = {'E', 'N', 'D', ' '};

quint32 crc32(QByteArrayView bytes)
{
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) { // zlib takes uInt lengths
        const uInt chunk = uInt(std::min<qsizetype>(left, 1 << 30));
        crc = ::crc32(crc, reinterpret_cast<const Bytef *>(data), chunk);
        data += chunk;
        left -= chunk;
    }
    return quint32(crc);
}

QByteArray fileHeader()
{
    QByteArray header(Signature, SignatureSize);
    LittleEndianWriter(header).u32(Version);
    return header;
}

QByteArray sectionHeader(const char tag[4], QByteArrayView body)
{
    QByteArray header(tag, 4);
    LittleEndianWriter w(header);
    w.u32(crc32(body));
    w.u64(quint64(body.size()));
    return header;
}

namespace {
QString tagText(const QByteArray &tag)
{
    QString text;
    for (char c : tag)
        text += c >= 0x20 && c < 0x7f ? QChar::fromLatin1(c) : QLatin1Char('?');
    return text.trimmed();
}
} // namespace

ReadResult readSection(QIODevice &device, Section &section, QString &error)
{
    section.offset = device.pos();
    const QByteArray header = device.read(SectionHeaderSize);
    if (header.isEmpty())
        return ReadResult::EndOfFile;
    if (header.size() < SectionHeaderSize) {
        error = QStringLiteral("it ends inside a section header at byte %1").arg(section.offset);
        return ReadResult::Truncated;
    }
    LittleEndianReader r(header);
    section.tag = header.left(4);
    r.bytes(4);
    const quint32 crc = r.u32();
    const quint64 length = r.u64();
    const qint64 left = device.size() - device.pos();
    if (length > quint64(std::max<qint64>(left, 0))) {
        error = QStringLiteral("it ends inside the %1 section at byte %2 (%3 of its %4 bytes are there)")
                    .arg(tagText(section.tag))
                    .arg(section.offset)
                    .arg(std::max<qint64>(left, 0))
                    .arg(length);
        return ReadResult::Truncated;
    }
    section.body = device.read(qint64(length));
    if (quint64(section.body.size()) != length) {
        error = QStringLiteral("reading the %1 section at byte %2 failed: %3")
                    .arg(tagText(section.tag))
                    .arg(section.offset)
                    .arg(device.errorString());
        return ReadResult::Damaged;
    }
    if (crc32(section.body) != crc) {
        error = QStringLiteral("the checksum of the %1 section at byte %2 does not match its contents")
                    .arg(tagText(section.tag))
                    .arg(section.offset);
        return ReadResult::Damaged;
    }
    return ReadResult::Section;
}

} // namespace wsi::log::SessionFormat
