// SPDX-License-Identifier: MIT
#include "ui/log/details/DecodedTree.h"

#include <QCoreApplication>
#include <QTreeWidget>

namespace wsi::ui::DecodedTree {

namespace {

// Depth-first with an explicit budget: a hostile payload's tree cannot freeze the panel.
void addChildren(QTreeWidgetItem *parent, const decode::DecodedNode &node, int &budget)
{
    for (const decode::DecodedNode &child : node.children) {
        if (budget <= 0) {
            auto *more = new QTreeWidgetItem(parent);
            more->setText(0, QCoreApplication::translate("DecodedTree", "…"));
            more->setText(1, QCoreApplication::translate("DecodedTree", "more items not shown"));
            return;
        }
        --budget;
        auto *item = new QTreeWidgetItem(parent);
        item->setText(0, child.name);
        item->setText(1, child.value);
        item->setToolTip(1, child.value.left(2000));
        addChildren(item, child, budget);
    }
}

} // namespace

int fill(QTreeWidget *tree, const decode::DecodedNode &root, int maxItems)
{
    tree->clear();
    int budget = maxItems;
    addChildren(tree->invisibleRootItem(), root, budget);
    return maxItems - budget;
}

} // namespace wsi::ui::DecodedTree
