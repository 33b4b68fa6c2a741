// SPDX-License-Identifier: MIT
#pragma once
// A layout that puts its items side by side and wraps them onto another line when the
// width runs out, so a tool bar (the log's filters, the composer's controls) stays usable
// in a narrow window instead of pushing the window wider than the screen. On each line the
// items that expand horizontally (a search field) share the width left over. Items can be
// kept together (addGroup: a label and its field never part).
#include <QLayout>
#include <QList>

namespace wsi::ui {

class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr, int horizontalSpacing = 4, int verticalSpacing = 2);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    // Widgets that wrap as one (a label and its field): a row of its own inside the flow.
    void addGroup(std::initializer_list<QWidget *> widgets, int spacing = 4);
    // Space before the next item, unless it starts a line.
    void addGap(int width);

    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    // Lays the items out in `rect` (or only measures); returns the height used.
    int arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> m_items;
    int m_horizontalSpacing;
    int m_verticalSpacing;
};

} // namespace wsi::ui
