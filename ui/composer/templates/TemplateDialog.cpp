// SPDX-License-Identifier: MIT
#include "ui/composer/templates/TemplateDialog.h"

#include "ui/common/PayloadCodec.h"
#include "ui/composer/templates/TemplateForm.h"
#include "ui/window/Theme.h"
#include "templates/TemplateCatalog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

constexpr int TemplateIdRole = Qt::UserRole;

// A template's values as last used, per id, for the life of the process: reopening the
// dialog to send the next PUBLISH keeps the topic typed before.
QHash<QString, templates::TemplateValues> &lastValues()
{
    static QHash<QString, templates::TemplateValues> values;
    return values;
}

QString &lastTemplateId()
{
    static QString id = QStringLiteral("stomp.connect");
    return id;
}

} // namespace

TemplateDialog::TemplateDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Message Templates"));
    setObjectName(QStringLiteral("templateDialog"));

    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("templates"));
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(true);
    buildList();
    connect(m_list, &QTreeWidget::currentItemChanged, this, &TemplateDialog::onTemplateChosen);

    m_description = new QLabel;
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setWordWrap(true);
    m_form = new TemplateForm;
    connect(m_form, &TemplateForm::changed, this, &TemplateDialog::refresh);

    m_preview = new QPlainTextEdit;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    QFont font(Theme::monospaceFamily());
    font.setStyleHint(QFont::Monospace);
    m_preview->setFont(font);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_description);
    rightLayout->addWidget(m_form);
    rightLayout->addWidget(new QLabel(tr("What will be sent:")));
    rightLayout->addWidget(m_preview, 1);
    rightLayout->addWidget(m_problem);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_list);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 520});

    auto *buttons = new QDialogButtonBox;
    m_use = buttons->addButton(tr("Use in Composer"), QDialogButtonBox::AcceptRole);
    m_use->setObjectName(QStringLiteral("use"));
    m_use->setToolTip(tr("Put the message in the composer's editor, to edit or send from there"));
    m_send = buttons->addButton(tr("Send"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(QStringLiteral("send"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(m_use, &QPushButton::clicked, this, [this] {
        Q_EMIT useRequested(m_output);
        accept();
    });
    connect(m_send, &QPushButton::clicked, this, [this] { Q_EMIT sendRequested(m_output); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(760, 520);

    if (!selectTemplate(lastTemplateId()))
        selectTemplate(templates::messageTemplates().first().id);
}

void TemplateDialog::buildList()
{
    QHash<QString, QTreeWidgetItem *> groups;
    for (const templates::MessageTemplate &each : templates::messageTemplates()) {
        QTreeWidgetItem *&group = groups[each.protocol];
        if (!group) {
            group = new QTreeWidgetItem(m_list, {each.protocol});
            group->setFlags(Qt::ItemIsEnabled);
            group->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(group, {each.name});
        item->setData(0, TemplateIdRole, each.id);
        item->setToolTip(0, each.description);
    }
}

bool TemplateDialog::selectTemplate(const QString &id)
{
    for (QTreeWidgetItemIterator it(m_list); *it; ++it) {
        if ((*it)->data(0, TemplateIdRole).toString() == id) {
            m_list->setCurrentItem(*it);
            onTemplateChosen(); // also when it was current already
            return true;
        }
    }
    return false;
}

void TemplateDialog::onTemplateChosen()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    const templates::MessageTemplate *chosen = item ? templates::findTemplate(item->data(0, TemplateIdRole).toString()) : nullptr;
    if (!chosen || chosen->id == m_currentId)
        return;
    m_currentId = chosen->id;
    lastTemplateId() = chosen->id;
    m_description->setText(QStringLiteral("<b>%1 %2</b> — %3").arg(chosen->protocol.toHtmlEscaped(), chosen->name.toHtmlEscaped(),
                                                                  chosen->description.toHtmlEscaped()));
    m_form->showTemplate(*chosen, lastValues().value(chosen->id));
    refresh();
}

void TemplateDialog::refresh()
{
    const templates::MessageTemplate *chosen = templates::findTemplate(m_currentId);
    if (!chosen)
        return;
    const templates::TemplateValues values = m_form->values();
    lastValues().insert(m_currentId, values);
    m_output = chosen->make(values);
    if (m_output.ok()) {
        m_preview->setPlainText(m_output.isText ? visibleText(m_output.bytes)
                                                : PayloadCodec::toSpacedHex(m_output.bytes, 16));
        m_problem->setText(tr("%1 message, %2").arg(m_output.isText ? tr("Text") : tr("Binary"),
                                                    PayloadCodec::formatSize(quint64(m_output.bytes.size()))));
        m_problem->setPalette(palette());
    } else {
        m_preview->clear();
        m_problem->setText(m_output.problem);
        QPalette red = palette();
        red.setColor(QPalette::WindowText, Theme::errorColor(palette()));
        m_problem->setPalette(red);
    }
    m_use->setEnabled(m_output.ok());
    m_send->setEnabled(m_output.ok() && m_connected);
    m_send->setToolTip(m_connected ? tr("Send this message now") : tr("Connect first"));
}

void TemplateDialog::setSendEnabled(bool connected)
{
    m_connected = connected;
    refresh();
}

QString TemplateDialog::visibleText(const QByteArray &utf8)
{
    // Not the Unicode control pictures (U+2400...): the usual monospace fonts lack them.
    const QString text = QString::fromUtf8(utf8);
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (QChar c : text) {
        if (c == QLatin1Char('\n'))
            out += QStringLiteral("↵\n");
        else if (c == QLatin1Char('\0'))
            out += QStringLiteral("\\0");
        else if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace wsi::ui
