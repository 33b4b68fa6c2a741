// SPDX-License-Identifier: MIT
#pragma once
// Numbers as the latency panel shows them: round trips in milliseconds with three
// significant digits, rates per second with k/M suffixes, byte rates in SI units.
#include <QString>

namespace wsi::ui::LatencyFormatting {

// "0.312 ms", "4.12 ms", "41.2 ms", "412 ms", "1,234 ms"; "—" for a negative value.
QString milliseconds(qint64 ns);
// "12", "1.2k", "120k", "1.2M": a count without unit.
QString count(double value);
// "0 B/s", "412 B/s", "1.2 kB/s", "2.3 MB/s".
QString byteRate(double bytesPerSecond);
// "3.2 % (4/125)": lost of settled.
QString loss(double percent, int lost, int settled);

} // namespace wsi::ui::LatencyFormatting
