// SPDX-License-Identifier: MIT
#pragma once
// The header fields of a raw frame (FIN, RSV1-3, opcode including reserved values, mask
// and key, length override and its width), for deliberate protocol errors. The payload
// comes from the composer's editor. UI thread only.
#include "ui/composer/ComposerChecks.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace wsi::ui {

class RawFrameEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RawFrameEditor(QWidget *parent = nullptr);

    ComposerChecks::RawFrameFields fields() const;
    void setFields(const ComposerChecks::RawFrameFields &fields);

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();

    QCheckBox *m_fin = nullptr;
    QCheckBox *m_rsv[3] = {};
    QComboBox *m_opcode = nullptr;
    QCheckBox *m_masked = nullptr;
    QLineEdit *m_maskKey = nullptr;
    QCheckBox *m_overrideLength = nullptr;
    QLineEdit *m_length = nullptr;
    QComboBox *m_lengthEncoding = nullptr;
};

} // namespace wsi::ui
