// SPDX-License-Identifier: MIT
#pragma once
// How many rows a connection's log keeps in memory, and what happens to older ones.
// Chosen in the Preferences dialog (ui/PreferencesDialog) and applied to every tab
// through TrafficTab::setLogLimits().
namespace wsi::log {

struct LogLimits {
    enum class Overflow {
        SpillToDisk, // older rows move to a file on disk and can still be opened and saved
        Drop,        // older rows are discarded
    };

    int maxRowsInMemory = 0; // 0: no limit
    Overflow overflow = Overflow::SpillToDisk;

    bool isLimited() const { return maxRowsInMemory > 0; }
    friend bool operator==(const LogLimits &a, const LogLimits &b)
    {
        return a.maxRowsInMemory == b.maxRowsInMemory && a.overflow == b.overflow;
    }
    friend bool operator!=(const LogLimits &a, const LogLimits &b) { return !(a == b); }
};

} // namespace wsi::log
