// SPDX-License-Identifier: MIT
#include "ui/log/details/MessageDetailsWidget.h"

#include "ui/log/details/FrameTableModel.h"
#include "ui/log/details/HexDumpModel.h"
#include "ui/log/details/JsonHighlighter.h"
#include "ui/log/details/JsonText.h"
#include "ui/log/details/DecodedTree.h"
#include "ui/log/details/JsonTree.h"
#include "ui/common/PayloadCodec.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

enum CopyFormat { CopyText, CopyHex, CopyBase64 };

QFont monospaceFont()
{
    QFont font(Theme::monospaceFamily());
    font.setStyleHint(QFont::Monospace);
    return font;
}

QPlainTextEdit *makeReadOnlyEditor(const QString &name)
{
    auto *editor = new QPlainTextEdit;
    editor->setObjectName(name);
    editor->setReadOnly(true);
    editor->setFont(monospaceFont());
    editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return editor;
}

// Cuts at most `limit` bytes without splitting a UTF-8 character.
QByteArrayView utf8Prefix(const QByteArray &data, qsizetype limit)
{
    if (data.size() <= limit)
        return data;
    qsizetype end = limit;
    while (end > 0 && (static_cast<unsigned char>(data[end]) & 0xc0) == 0x80)
        --end;
    return QByteArrayView(data).first(end);
}

// C0 controls and DEL as '·', so a binary payload shows something readable instead of
// empty boxes (the Unicode control pictures ␀-␟ are missing from common fonts); tabs and
// line breaks stay as they are.
QString withControlsAsDots(QString text)
{
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r') || u == 0x7f)
            c = QChar(u'\u00b7');
    }
    return text;
}

QLabel *makeNote(const QString &name)
{
    auto *note = new QLabel;
    note->setObjectName(name);
    note->setWordWrap(true);
    note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    note->hide();
    return note;
}

} // namespace

MessageDetailsWidget::MessageDetailsWidget(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary = new QLabel(tr("Select a message in the log to see its details."));
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(makeTextTab(), tr("Text"));
    m_tabs->addTab(makeJsonTab(), tr("JSON"));
    m_tabs->addTab(makeDecodedTab(), tr("Decoded"));
    m_tabs->addTab(makeHexTab(), tr("Hex"));
    m_tabs->addTab(makeFramesTab(), tr("Frames"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &MessageDetailsWidget::renderCurrentTab);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(makeButtons());
    setMinimumSize(300, 140); // the log above gets the height in a short window
    clear();
}

QWidget *MessageDetailsWidget::makeTextTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *noteRow = new QHBoxLayout;
    m_textNote = makeNote(QStringLiteral("textNote"));
    m_showAllTextButton = new QPushButton(tr("Show all"));
    m_showAllTextButton->setObjectName(QStringLiteral("showAllText"));
    m_showAllTextButton->hide();
    connect(m_showAllTextButton, &QPushButton::clicked, this, [this] {
        m_showAllText = true;
        renderText();
    });
    noteRow->addWidget(m_textNote, 1);
    noteRow->addWidget(m_showAllTextButton);
    layout->addLayout(noteRow);
    m_text = makeReadOnlyEditor(QStringLiteral("text"));
    layout->addWidget(m_text, 1);
    return page;
}

QWidget *MessageDetailsWidget::makeJsonTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *noteRow = new QHBoxLayout;
    m_jsonNote = makeNote(QStringLiteral("jsonNote"));
    m_formatJsonButton = new QPushButton(tr("Format anyway"));
    m_formatJsonButton->setObjectName(QStringLiteral("formatJson"));
    m_formatJsonButton->hide();
    connect(m_formatJsonButton, &QPushButton::clicked, this, [this] {
        m_forceJson = true;
        renderJson();
    });
    noteRow->addWidget(m_jsonNote, 1);
    noteRow->addWidget(m_formatJsonButton);
    layout->addLayout(noteRow);

    auto *splitter = new QSplitter(Qt::Horizontal);
    m_jsonViews = splitter;
    m_jsonText = makeReadOnlyEditor(QStringLiteral("jsonText"));
    m_jsonText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_highlighter = new JsonHighlighter(m_jsonText->document());
    m_jsonTree = new QTreeWidget;
    m_jsonTree->setObjectName(QStringLiteral("jsonTree"));
    m_jsonTree->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    m_jsonTree->setUniformRowHeights(true);
    m_jsonTree->header()->setStretchLastSection(false);
    m_jsonTree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_jsonTree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_jsonTree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    splitter->addWidget(m_jsonText);
    splitter->addWidget(m_jsonTree);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    return page;
}

QWidget *MessageDetailsWidget::makeDecodedTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    // The summary on top, as the log's Decoded column shows it; selectable for copying.
    m_decodedSummary = new QLabel;
    m_decodedSummary->setObjectName(QStringLiteral("decodedSummary"));
    m_decodedSummary->setWordWrap(true);
    m_decodedSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_decodedSummary->setFont(monospaceFont());
    layout->addWidget(m_decodedSummary);
    m_decodedTree = new QTreeWidget;
    m_decodedTree->setObjectName(QStringLiteral("decodedTree"));
    m_decodedTree->setHeaderLabels({tr("Field"), tr("Value")});
    m_decodedTree->setUniformRowHeights(true);
    m_decodedTree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_decodedTree->header()->setStretchLastSection(true);
    layout->addWidget(m_decodedTree, 1);
    return page;
}

QWidget *MessageDetailsWidget::makeHexTab()
{
    m_hexModel = new HexDumpModel(this);
    m_hexView = new QListView;
    m_hexView->setObjectName(QStringLiteral("hexView"));
    m_hexView->setModel(m_hexModel);
    m_hexView->setUniformItemSizes(true); // virtualised: only visible lines are made
    m_hexView->setFont(monospaceFont());
    m_hexView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    return m_hexView;
}

QWidget *MessageDetailsWidget::makeFramesTab()
{
    m_frameModel = new FrameTableModel(this);
    m_frameView = new QTableView;
    m_frameView->setObjectName(QStringLiteral("frameView"));
    m_frameView->setModel(m_frameModel);
    m_frameView->setFont(monospaceFont());
    m_frameView->verticalHeader()->hide();
    m_frameView->verticalHeader()->setDefaultSectionSize(m_frameView->fontMetrics().height() + 6);
    m_frameView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_frameView->horizontalHeader()->setSectionResizeMode(FrameTableModel::Header, QHeaderView::Stretch);
    m_frameView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_frameView->setAlternatingRowColors(true);
    return m_frameView;
}

QWidget *MessageDetailsWidget::makeButtons()
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const struct {
        const char *name;
        const char *label;
        int format;
    } copies[] = {{"copyText", "Copy as text", CopyText}, {"copyHex", "Copy as hex", CopyHex}, {"copyBase64", "Copy as base64", CopyBase64}};
    for (const auto &copy : copies) {
        auto *button = new QPushButton(tr(copy.label));
        button->setObjectName(QLatin1String(copy.name));
        connect(button, &QPushButton::clicked, this, [this, format = copy.format] { copyAs(format); });
        layout->addWidget(button);
        m_payloadButtons << button;
    }
    auto *save = new QPushButton(tr("Save payload…"));
    save->setObjectName(QStringLiteral("savePayload"));
    connect(save, &QPushButton::clicked, this, &MessageDetailsWidget::saveWithDialog);
    layout->addWidget(save);
    m_payloadButtons << save;
    layout->addStretch(1);
    return row;
}

void MessageDetailsWidget::showMessage(const MessageDetails &details)
{
    m_details = details;
    m_hasMessage = true;
    m_textDirty = m_jsonDirty = m_decodedDirty = true;
    m_showAllText = m_forceJson = false;
    m_summary->setText(describeMessage(details));
    // An event's hex view shows its lines as they came (field names, line ends), not only its data.
    m_hexModel->setPayload(details.eventRaw.isEmpty() ? details.payload : details.eventRaw);
    m_frameModel->setFrames(details.frames);
    m_tabs->setTabText(FramesTab, details.frames.isEmpty() ? tr("Frames") : tr("Frames (%1)").arg(details.frames.size()));
    updateEnabled();
    renderCurrentTab();
}

void MessageDetailsWidget::clear()
{
    m_details = MessageDetails();
    m_hasMessage = false;
    m_summary->setText(tr("Select a message in the log to see its details."));
    m_text->clear();
    m_textNote->hide();
    m_showAllTextButton->hide();
    m_jsonText->clear();
    m_jsonTree->clear();
    m_jsonNote->hide();
    m_formatJsonButton->hide();
    m_decodedSummary->clear();
    m_decodedTree->clear();
    m_hexModel->setPayload({});
    m_frameModel->setFrames({});
    m_tabs->setTabText(FramesTab, tr("Frames"));
    m_textDirty = m_jsonDirty = m_decodedDirty = false;
    updateEnabled();
}

void MessageDetailsWidget::updateEnabled()
{
    for (QPushButton *button : std::as_const(m_payloadButtons))
        button->setEnabled(m_hasMessage);
}

void MessageDetailsWidget::renderCurrentTab()
{
    if (!m_hasMessage)
        return;
    if (m_tabs->currentIndex() == TextTab && m_textDirty)
        renderText();
    else if (m_tabs->currentIndex() == JsonTab && m_jsonDirty)
        renderJson();
    else if (m_tabs->currentIndex() == DecodedTab && m_decodedDirty)
        renderDecoded();
}

void MessageDetailsWidget::renderDecoded()
{
    m_decodedDirty = false;
    const decode::DecodeResult &result = m_details.decoded;
    m_decodedTree->clear();
    switch (result.status) {
    case decode::DecodeResult::Status::NotRecognised:
        m_decodedSummary->setText(tr("Not decoded: no protocol the tab decodes as reads this message "
                                     "(“Decode as” on the log's bar chooses one)."));
        m_decodedTree->hide();
        return;
    case decode::DecodeResult::Status::Malformed:
        m_decodedSummary->setText(tr("Not readable as the chosen protocol: %1").arg(result.error));
        m_decodedTree->hide();
        return;
    case decode::DecodeResult::Status::Decoded:
        break;
    }
    m_decodedSummary->setText(result.decoded.protocol + QStringLiteral(" · ") + result.decoded.summary);
    m_decodedTree->show();
    DecodedTree::fill(m_decodedTree, result.decoded.tree);
    m_decodedTree->expandToDepth(1);
    m_decodedTree->resizeColumnToContents(0);
}

void MessageDetailsWidget::renderText()
{
    m_textDirty = false;
    const QByteArray &payload = m_details.payload;
    const QByteArrayView shown = m_showAllText ? QByteArrayView(payload) : utf8Prefix(payload, TextLimit);
    m_text->setPlainText(withControlsAsDots(QString::fromUtf8(shown)));
    QStringList notes;
    if (!PayloadCodec::isValidUtf8(shown))
        notes << tr("Not valid UTF-8: invalid bytes are shown as �, control bytes as ·. The Hex tab shows every byte.");
    const bool cut = shown.size() < payload.size();
    if (cut)
        notes << tr("Showing the first %1 of %2.").arg(PayloadCodec::formatSize(quint64(shown.size())), PayloadCodec::formatSize(quint64(payload.size())));
    m_textNote->setText(notes.join(u' '));
    m_textNote->setVisible(!notes.isEmpty());
    m_showAllTextButton->setVisible(cut);
}

void MessageDetailsWidget::renderJson()
{
    m_jsonDirty = false;
    const QByteArray &payload = m_details.payload;
    m_jsonText->clear();
    m_jsonTree->clear();
    m_formatJsonButton->setVisible(false);
    if (payload.size() > JsonLimit && !m_forceJson) {
        m_jsonNote->setText(tr("The payload is %1; formatting it as JSON may take a moment.").arg(PayloadCodec::formatSize(quint64(payload.size()))));
        m_jsonNote->show();
        m_formatJsonButton->show();
        m_jsonViews->hide();
        return;
    }
    const QString text = QString::fromUtf8(payload);
    const JsonCheck check = JsonText::check(text);
    if (!check.ok) {
        m_jsonNote->setText(tr("Not JSON: %1.").arg(check.error));
        m_jsonNote->show();
        m_jsonViews->hide();
        return;
    }
    m_jsonNote->hide();
    m_jsonViews->show();
    m_jsonText->setPlainText(JsonText::pretty(text));
    JsonTree::fill(m_jsonTree, payload);
    m_jsonTree->expandToDepth(1);
    m_jsonTree->resizeColumnToContents(0);
}

void MessageDetailsWidget::copyAs(int format)
{
    const QByteArray &payload = m_details.payload;
    QString text;
    QString how;
    switch (format) {
    case CopyText:
        text = QString::fromUtf8(payload);
        how = tr("text");
        break;
    case CopyHex:
        text = PayloadCodec::toSpacedHex(payload);
        how = tr("hex");
        break;
    default:
        text = QString::fromLatin1(payload.toBase64());
        how = tr("base64");
        break;
    }
    QApplication::clipboard()->setText(text);
    Q_EMIT statusMessage(tr("Copied %1 as %2").arg(PayloadCodec::formatSize(quint64(payload.size())), how));
}

void MessageDetailsWidget::saveWithDialog()
{
    const QString suggested = m_details.kind == log::LogEntryKind::Text ? QStringLiteral("payload.txt") : QStringLiteral("payload.bin");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save payload"), suggested);
    if (!path.isEmpty())
        savePayload(path);
}

bool MessageDetailsWidget::savePayload(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_details.payload) != m_details.payload.size()) {
        QMessageBox::warning(this, tr("Save payload"), tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    Q_EMIT statusMessage(tr("Saved %1 to %2").arg(PayloadCodec::formatSize(quint64(m_details.payload.size())), path));
    return true;
}

void MessageDetailsWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
    QWidget::changeEvent(event);
}

} // namespace wsi::ui
