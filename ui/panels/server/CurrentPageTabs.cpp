// SPDX-License-Identifier: MIT
#include "ui/panels/server/CurrentPageTabs.h"

#include <QLayout>

#include <algorithm>

namespace wsi::ui {

CurrentPageTabs::CurrentPageTabs(Height height, QWidget *parent) : QTabWidget(parent), m_height(height)
{
    connect(this, &QTabWidget::currentChanged, this, &CurrentPageTabs::fitPages);
}

QSize CurrentPageTabs::sizeHint() const
{
    QSize hint = QTabWidget::sizeHint();
    const QWidget *page = currentWidget();
    if (!page)
        return hint;
    // minimumSizeHint() is the tab bar and frame around the current page's minimum.
    const int extra = m_height == Height::PageHint ? page->sizeHint().height() - page->minimumSizeHint().height() : 0;
    hint.setHeight(minimumSizeHint().height() + std::max(0, extra));
    return hint;
}

void CurrentPageTabs::tabInserted(int index)
{
    // Without a constraint the layout does not write its minimum into the page's minimum
    // size, which QStackedLayout would count even for an Ignored page.
    if (QLayout *layout = widget(index)->layout())
        layout->setSizeConstraint(QLayout::SetNoConstraint);
    fitPages();
}

void CurrentPageTabs::fitPages()
{
    for (int i = 0; i < count(); ++i)
        widget(i)->setSizePolicy(QSizePolicy::Preferred, i == currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    updateGeometry();
}

} // namespace wsi::ui
