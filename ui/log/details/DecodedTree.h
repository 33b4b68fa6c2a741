// SPDX-License-Identifier: MIT
#pragma once
// Fills a QTreeWidget (columns: name, value) with a decoder's tree (decode::DecodedNode),
// as JsonTree does for JSON. Bounded like it: past `maxItems` the rest is one item.
#include "decode/Decoded.h"

class QTreeWidget;

namespace wsi::ui::DecodedTree {

// Returns the items added.
int fill(QTreeWidget *tree, const decode::DecodedNode &root, int maxItems = 20000);

} // namespace wsi::ui::DecodedTree
