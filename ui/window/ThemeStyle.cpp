// SPDX-License-Identifier: MIT
#include "ui/window/ThemeStyle.h"

#include <QPainter>
#include <QStyleOption>

namespace wsi::ui {

void ThemeStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                               const QWidget *widget) const
{
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    if (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton)
        return;
    const QPalette &palette = option->palette;
    if (palette.color(QPalette::Window).lightness() >= 128)
        return; // Fusion's own frame reads well on a light window
    QColor frame = palette.color(QPalette::PlaceholderText);
    if (!(option->state & State_Enabled))
        frame.setAlpha(110);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(frame, 1));
    painter->setBrush(Qt::NoBrush);
    const QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
    if (element == PE_IndicatorCheckBox)
        painter->drawRoundedRect(box, 2, 2);
    else
        painter->drawEllipse(box);
    painter->restore();
}

} // namespace wsi::ui
