// SPDX-License-Identifier: MIT
#pragma once
// Fills a QTreeWidget (columns: key, value, type) with a JSON document in its own key
// order, numbers as written. Bounded: past `maxItems` items or `MaxDepth` levels the rest is
// summarised in one item, so a huge or hostile payload cannot freeze the panel.
#include <QByteArrayView>

class QTreeWidget;

namespace wsi::ui::JsonTree {

constexpr int MaxDepth = 256;

// Expects valid JSON (check it first with JsonText::check). Returns the items added.
int fill(QTreeWidget *tree, QByteArrayView json, int maxItems = 20000);

} // namespace wsi::ui::JsonTree
