// SPDX-License-Identifier: MIT
#pragma once
// Turns one row of the log store into what the details widget shows.
#include "ui/log/details/MessageDetails.h"

namespace wsi::log {
class MessageStore;
}

namespace wsi::ui {

MessageDetails messageDetailsFromStore(const log::MessageStore &store, int row);

} // namespace wsi::ui
