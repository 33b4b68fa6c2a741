// SPDX-License-Identifier: MIT
#pragma once
// The session file's container (version 1): a 12-byte signature, then sections.
//
//   file:    89 'W' 'S' 'I' 0D 0A 1A 0A (as PNG's: catches text-mode transfers), u32 version
//   section: 4-byte tag, u32 CRC-32 of the body, u64 body length, body
//   order:   "INFO" (JSON), then per tab "TAB " (JSON: state, row and frame counts)
//            followed by its "ROWS" sections (binary, RowCodec, ~1 MiB each), then "END "
//
// Why binary sections and not one JSON document: a million messages are written and read
// a section at a time (memory stays at one section, not a whole document tree), payloads
// are stored as they are (no base64, no UTF-8 checks), and each section's checksum tells
// a damaged file from a truncated one. The small metadata sections are JSON so that new
// fields can be added without a new format version. All integers are little-endian.
#include <QByteArray>
#include <QString>

class QIODevice;

namespace wsi::log::SessionFormat {

constexpr quint32 Version = 1;
constexpr qsizetype SignatureSize = 8;
constexpr qsizetype FileHeaderSize = SignatureSize + 4;
constexpr qsizetype SectionHeaderSize = 16;
constexpr qsizetype RowsSectionTarget = 1024 * 1024;

extern const char Signature[SignatureSize];
extern const char InfoTag[4];
extern const char TabTag[4];
extern const char RowsTag[4];
extern const char EndTag[4];

quint32 crc32(QByteArrayView bytes);
QByteArray fileHeader();
QByteArray sectionHeader(const char tag[4], QByteArrayView body);

struct Section {
    QByteArray tag;  // 4 bytes
    QByteArray body;
    qint64 offset = 0; // of the section header in the file
};

enum class ReadResult { Section, EndOfFile, Truncated, Damaged };

// Reads the next section, checking its length against the bytes left and its checksum.
// On Truncated and Damaged, `error` says where (without the file name).
ReadResult readSection(QIODevice &device, Section &section, QString &error);

} // namespace wsi::log::SessionFormat
