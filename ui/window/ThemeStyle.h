// SPDX-License-Identifier: MIT
#pragma once
// Fusion as the app's themes use it, with what Fusion gets wrong on a dark palette: it
// frames a check box or radio button a shade darker than the window, which on a dark
// window leaves an unchecked box nearly invisible. Here the frame is drawn in the
// palette's placeholder grey, bright enough to see, dimmer when disabled.
#include <QProxyStyle>

namespace wsi::ui {

class ThemeStyle : public QProxyStyle
{
public:
    explicit ThemeStyle(QStyle *base) : QProxyStyle(base) {}
    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;
};

} // namespace wsi::ui
