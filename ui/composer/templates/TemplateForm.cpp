// SPDX-License-Identifier: MIT
#include "ui/composer/templates/TemplateForm.h"

#include "ui/window/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace wsi::ui {

using templates::TemplateField;

TemplateForm::TemplateForm(QWidget *parent) : QWidget(parent)
{
    m_layout = new QFormLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

void TemplateForm::showTemplate(const templates::MessageTemplate &chosen, const templates::TemplateValues &values)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_editors.clear();
    const templates::TemplateValues defaults = chosen.defaults();
    for (const TemplateField &field : chosen.fields) {
        QWidget *editor = makeEditor(field, values.value(field.key, defaults.value(field.key)));
        editor->setObjectName(field.key);
        editor->setToolTip(field.toolTip);
        m_layout->addRow(field.label + QLatin1Char(':'), editor);
        m_editors.append({field, editor});
    }
}

QWidget *TemplateForm::makeEditor(const TemplateField &field, const QString &value)
{
    switch (field.kind) {
    case TemplateField::Kind::Number: {
        auto *spin = new QSpinBox;
        // QSpinBox holds an int; every Number field here fits (ids and seconds to 65535).
        spin->setRange(int(field.minimum), int(qMin<qint64>(field.maximum, std::numeric_limits<int>::max())));
        spin->setValue(value.toInt());
        connect(spin, &QSpinBox::valueChanged, this, &TemplateForm::changed);
        return spin;
    }
    case TemplateField::Kind::Choice: {
        auto *combo = new QComboBox;
        combo->addItems(field.choices);
        combo->setCurrentText(value);
        connect(combo, &QComboBox::currentTextChanged, this, &TemplateForm::changed);
        return combo;
    }
    case TemplateField::Kind::Check: {
        auto *check = new QCheckBox;
        check->setChecked(value == QLatin1String("true"));
        connect(check, &QCheckBox::toggled, this, &TemplateForm::changed);
        return check;
    }
    case TemplateField::Kind::Multiline: {
        auto *box = new QPlainTextEdit(value);
        QFont font(Theme::monospaceFamily());
        font.setStyleHint(QFont::Monospace);
        box->setFont(font);
        box->setTabChangesFocus(true);
        box->setMinimumHeight(box->fontMetrics().lineSpacing() * 4 + 12);
        connect(box, &QPlainTextEdit::textChanged, this, &TemplateForm::changed);
        return box;
    }
    case TemplateField::Kind::Line:
    case TemplateField::Kind::Json:
        break;
    }
    auto *line = new QLineEdit(value);
    if (field.kind == TemplateField::Kind::Json) {
        QFont font(Theme::monospaceFamily());
        font.setStyleHint(QFont::Monospace);
        line->setFont(font);
    }
    line->setPlaceholderText(field.toolTip);
    connect(line, &QLineEdit::textChanged, this, &TemplateForm::changed);
    return line;
}

templates::TemplateValues TemplateForm::values() const
{
    templates::TemplateValues values;
    for (const auto &[field, editor] : m_editors) {
        QString value;
        if (auto *spin = qobject_cast<QSpinBox *>(editor))
            value = QString::number(spin->value());
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            value = combo->currentText();
        else if (auto *check = qobject_cast<QCheckBox *>(editor))
            value = check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        else if (auto *box = qobject_cast<QPlainTextEdit *>(editor))
            value = box->toPlainText();
        else if (auto *line = qobject_cast<QLineEdit *>(editor))
            value = line->text();
        values.insert(field.key, value);
    }
    return values;
}

QWidget *TemplateForm::editorFor(const QString &key) const
{
    for (const auto &[field, editor] : m_editors) {
        if (field.key == key)
            return editor;
    }
    return nullptr;
}

} // namespace wsi::ui
