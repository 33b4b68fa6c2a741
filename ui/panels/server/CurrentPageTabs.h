// SPDX-License-Identifier: MIT
#pragma once
// A QTabWidget as tall as its current page, not as its tallest, for the echo server panel
// in a short dock: QTabWidget's minimum, hint and height for a width all take the tallest
// page's, and a scroll area around the panel sizes it by them. The pages not shown get an
// Ignored vertical policy and no minimum from their layouts (QStackedLayout then leaves
// them out of the minimum); the hint is the current page's, or its minimum for a tab widget
// that a layout stretches over the room left anyway. UI thread only.
#include <QTabWidget>

namespace wsi::ui {

class CurrentPageTabs : public QTabWidget
{
public:
    enum class Height { PageHint, PageMinimum };

    explicit CurrentPageTabs(Height height, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return false; } // sizeHint() is the current page's

protected:
    void tabInserted(int index) override;

private:
    void fitPages();

    Height m_height;
};

} // namespace wsi::ui
