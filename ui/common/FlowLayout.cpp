// SPDX-License-Identifier: MIT
#include "ui/common/FlowLayout.h"

#include <QHBoxLayout>
#include <QSpacerItem>
#include <QWidget>
#include <QWidgetItem>

#include <algorithm>

namespace wsi::ui {

namespace {
bool isGap(QLayoutItem *item) { return item->spacerItem() != nullptr; }
bool expands(QLayoutItem *item) { return !isGap(item) && (item->expandingDirections() & Qt::Horizontal); }
// A hidden widget takes no room (a spacer counts as "empty" too, but is a gap).
bool isHidden(QLayoutItem *item) { return !isGap(item) && item->isEmpty(); }
} // namespace

FlowLayout::FlowLayout(QWidget *parent, int horizontalSpacing, int verticalSpacing)
    : QLayout(parent), m_horizontalSpacing(horizontalSpacing), m_verticalSpacing(verticalSpacing)
{
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

void FlowLayout::addGroup(std::initializer_list<QWidget *> widgets, int spacing)
{
    auto *group = new QWidget(parentWidget());
    auto *row = new QHBoxLayout(group);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(spacing);
    bool grows = false;
    for (QWidget *widget : widgets) {
        row->addWidget(widget);
        // A field of fixed width does not grow, whatever its policy says.
        grows = grows
            || ((widget->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag)
                && widget->maximumWidth() > widget->minimumWidth());
    }
    group->setSizePolicy(grows ? QSizePolicy::Expanding : QSizePolicy::Fixed, QSizePolicy::Preferred);
    addWidget(group);
}

void FlowLayout::addGap(int width)
{
    addItem(new QSpacerItem(width, 0, QSizePolicy::Fixed, QSizePolicy::Minimum));
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return index >= 0 && index < m_items.size() ? m_items.at(index) : nullptr;
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    for (QLayoutItem *item : m_items) {
        if (expands(item))
            return Qt::Horizontal;
    }
    return {};
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

// As narrow as the widest item: everything else wraps.
QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (QLayoutItem *item : m_items) {
        if (!isGap(item) && !item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

// Everything on one line.
QSize FlowLayout::sizeHint() const
{
    int width = 0;
    int height = 0;
    for (QLayoutItem *item : m_items) {
        if (isHidden(item) || (width == 0 && isGap(item)))
            continue;
        width += item->sizeHint().width() + (width > 0 ? m_horizontalSpacing : 0);
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins margins = contentsMargins();
    return {width + margins.left() + margins.right(), height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    const int height = arrange(rect, true);
    // Splitters and dock areas do not ask for height-for-width: the widget's minimum height
    // carries the wrapped height up to them.
    if (QWidget *owner = parentWidget(); owner && owner->minimumHeight() != height)
        owner->setMinimumHeight(height);
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int right = area.x() + area.width();
    int y = area.y();
    int first = 0;
    const int itemCount = int(m_items.size());
    while (first < itemCount) {
        // Which items fit on this line (a gap at its start counts for nothing).
        int end = first;
        int used = 0;
        int lineHeight = 0;
        int growing = 0;
        while (end < itemCount) {
            QLayoutItem *item = m_items.at(end);
            if (isHidden(item) || (used == 0 && isGap(item))) {
                ++end;
                continue;
            }
            const int width = item->sizeHint().width();
            const int needed = used == 0 ? width : used + m_horizontalSpacing + width;
            if (used > 0 && area.x() + needed > right)
                break;
            used = needed;
            lineHeight = std::max(lineHeight, item->sizeHint().height());
            growing += expands(item) ? 1 : 0;
            ++end;
        }
        // The room left on the line goes to the items that expand (or nowhere).
        const int spare = std::max(0, area.width() - used);
        if (apply) {
            int x = area.x();
            bool lineStarted = false;
            for (int i = first; i < end; ++i) {
                QLayoutItem *item = m_items.at(i);
                if (isHidden(item) || (!lineStarted && isGap(item)))
                    continue;
                int width = std::min(item->sizeHint().width(), area.width());
                if (expands(item) && growing > 0)
                    width += spare / growing;
                if (lineStarted)
                    x += m_horizontalSpacing;
                const int height = item->sizeHint().height();
                item->setGeometry(QRect(x, y + (lineHeight - height) / 2, width, height));
                x += width;
                lineStarted = true;
            }
        }
        y += lineHeight;
        first = end;
        if (first < itemCount)
            y += m_verticalSpacing;
    }
    return y - rect.y() + contentsMargins().bottom();
}

} // namespace wsi::ui
