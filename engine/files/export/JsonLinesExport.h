// SPDX-License-Identifier: MIT
#pragma once
// JSON Lines: one object per row, for jq and scripts.
//   {"row":0,"time":"2023-11-14T22:13:20.001000Z","elapsed":0.001000000,"direction":"in",
//    "type":"text","size":5,"wireSize":5,"frameCount":1,"compressed":false,"text":"hello",
//    "frames":[{"elapsed":...,"direction":"in","fin":true,"rsv1":false,"rsv2":false,
//               "rsv3":false,"opcode":1,"masked":false,"length":5,"header":"8105"}]}
// "time" is null when the connection's start is unknown. A payload is "text" or "base64"
// (ExportText::writesAsText); "client", "code", "pingId", "rttNs" and "note" appear when set.
#include "files/export/ExportFormatter.h"

namespace wsi::log {

class JsonLinesExport : public ExportFormatter
{
public:
    JsonLinesExport(const MessageStore &store, bool includeFrames);
    void row(int storeRow, QByteArray &out) override;

private:
    void frames(int storeRow, QByteArray &out) const;

    bool m_includeFrames;
    qint64 m_startMs;
};

} // namespace wsi::log
