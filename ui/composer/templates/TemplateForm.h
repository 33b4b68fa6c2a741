// SPDX-License-Identifier: MIT
#pragma once
// The form of one message template: an editor per field (a line, a multi-line box, a spin
// box, a choice, a check box), labelled, with the field's hint as its tool tip. It reads
// and writes the values by field key; every edit is announced with changed().
#include "templates/MessageTemplate.h"

#include <QWidget>

class QFormLayout;

namespace wsi::ui {

class TemplateForm : public QWidget
{
    Q_OBJECT
public:
    explicit TemplateForm(QWidget *parent = nullptr);

    // Replaces the editors with the template's fields, filled with `values` (defaults for
    // the keys it lacks).
    void showTemplate(const templates::MessageTemplate &chosen, const templates::TemplateValues &values);
    templates::TemplateValues values() const;
    // The editor of a field, for tests and focus; nullptr when the form has no such key.
    QWidget *editorFor(const QString &key) const;

Q_SIGNALS:
    void changed();

private:
    QWidget *makeEditor(const templates::TemplateField &field, const QString &value);

    QFormLayout *m_layout = nullptr;
    QList<QPair<templates::TemplateField, QWidget *>> m_editors;
};

} // namespace wsi::ui
