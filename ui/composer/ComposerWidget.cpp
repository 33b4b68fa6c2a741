// SPDX-License-Identifier: MIT
#include "ui/composer/ComposerWidget.h"

#include "ui/common/FlowLayout.h"

#include "ui/composer/ControlFrameBar.h"
#include "ui/log/details/JsonHighlighter.h"
#include "ui/composer/PeriodicSender.h"
#include "ui/composer/RawFrameEditor.h"
#include "ui/composer/templates/TemplateDialog.h"
#include "ui/window/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace wsi::ui {

namespace {

// Texts above this size are checked a moment after typing stops, not on every key.
constexpr int ImmediateCheckLimit = 64 * 1024;

QString placeholderFor(ComposerMode mode, PayloadEncoding encoding)
{
    switch (mode) {
    case ComposerMode::Text:
        return QObject::tr("Message text. Ctrl+Enter sends; Up/Down recall sent messages.");
    case ComposerMode::Json:
        return QStringLiteral("{\"op\": \"subscribe\", \"topic\": \"prices\"}");
    case ComposerMode::Binary:
    case ComposerMode::RawFrame:
        break;
    }
    switch (encoding) {
    case PayloadEncoding::Hex:
        return QObject::tr("Hex bytes, e.g. 48 65 6c 6c 6f (spaces, colons and 0x are ignored)");
    case PayloadEncoding::Base64:
        return QObject::tr("Base64, e.g. SGVsbG8= (white space is ignored)");
    default:
        return QObject::tr("Payload as UTF-8 text");
    }
}

} // namespace

ComposerWidget::ComposerWidget(QWidget *parent) : QWidget(parent)
{
    m_periodic = new PeriodicSender(this);
    connect(m_periodic, &PeriodicSender::fire, this, &ComposerWidget::onPeriodicFire);
    connect(m_periodic, &PeriodicSender::runningChanged, this, &ComposerWidget::onPeriodicRunningChanged);
    m_checkTimer = new QTimer(this);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(250);
    connect(m_checkTimer, &QTimer::timeout, this, &ComposerWidget::checkInput);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(makeModeRow());
    m_rawFrame = new RawFrameEditor;
    m_rawFrame->setObjectName(QStringLiteral("rawFrameEditor"));
    connect(m_rawFrame, &RawFrameEditor::changed, this, &ComposerWidget::scheduleCheck);
    for (QWidget *field : m_rawFrame->findChildren<QWidget *>())
        field->installEventFilter(this);
    layout->addWidget(m_rawFrame);

    auto *middle = new QHBoxLayout;
    middle->addWidget(makeEditorArea(), 1);
    middle->addWidget(makeSideColumn());
    layout->addLayout(middle, 1);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_controls = new ControlFrameBar;
    m_controls->setObjectName(QStringLiteral("controlFrameBar"));
    connect(m_controls, &ControlFrameBar::pingRequested, this,
            [this](const QByteArray &payload) { Q_EMIT pingRequested(payload, takeResendOf(true)); });
    connect(m_controls, &ControlFrameBar::pongRequested, this,
            [this](const QByteArray &payload) { Q_EMIT pongRequested(payload, takeResendOf(true)); });
    connect(m_controls, &ControlFrameBar::closeRequested, this,
            [this](int code, const QString &reason) { Q_EMIT closeRequested(code, reason, takeResendOf(true)); });
    connect(m_controls, &ControlFrameBar::message, this, [this](const QString &text, bool isError) { showStatus(text, isError); });
    layout->addWidget(m_controls);

    m_snippets.load();
    refreshSnippetCombo();
    refreshHistoryCombo();
    setMinimumWidth(360); // its height is what its rows need (they wrap when narrow)
    setConnected(false);
    updateModeWidgets();
}

ComposerWidget::~ComposerWidget()
{
    // The highlighter un-colours the editor when it goes, which reads as a text change:
    // it must not reach a half-destroyed composer.
    disconnect(m_editor, nullptr, this, nullptr);
    delete m_highlighter;
}

QWidget *ComposerWidget::makeModeRow()
{
    auto *row = new QWidget;
    // Wraps in a narrow window rather than squeezing the mode tabs into a scroller.
    auto *layout = new FlowLayout(row, 10, 2);
    layout->setContentsMargins(0, 0, 0, 0);
    // Tabs rather than check buttons: the current mode stays obvious in both palettes.
    // Tab index == ComposerMode.
    m_modeTabs = new QTabBar;
    m_modeTabs->setObjectName(QStringLiteral("modes"));
    m_modeTabs->setDrawBase(false);
    m_modeTabs->setExpanding(false);
    m_modeTabs->setUsesScrollButtons(false);
    m_modeTabs->setElideMode(Qt::ElideNone);
    for (const char *label : {"Text", "JSON", "Binary", "Raw frame"})
        m_modeTabs->addTab(tr(label));
    connect(m_modeTabs, &QTabBar::currentChanged, this, [this](int index) { setMode(ComposerMode(index)); });
    m_encodingLabel = new QLabel(tr("payload as"));
    m_encoding = new QComboBox;
    m_encoding->setObjectName(QStringLiteral("encoding"));
    m_encoding->addItem(tr("Text"), int(PayloadEncoding::Text));
    m_encoding->addItem(tr("Hex"), int(PayloadEncoding::Hex));
    m_encoding->addItem(tr("Base64"), int(PayloadEncoding::Base64));
    m_encoding->addItem(tr("File"), int(PayloadEncoding::File));
    m_encoding->setCurrentIndex(m_encoding->findData(int(PayloadEncoding::Hex)));
    connect(m_encoding, &QComboBox::currentIndexChanged, this, &ComposerWidget::updateModeWidgets);
    m_format = new QPushButton(tr("Format"));
    m_format->setObjectName(QStringLiteral("formatJson"));
    m_format->setToolTip(tr("Indent the JSON (keys and numbers stay as written)"));
    connect(m_format, &QPushButton::clicked, this, &ComposerWidget::formatJson);
    m_loadFile = new QPushButton(tr("Load file…"));
    m_loadFile->setObjectName(QStringLiteral("loadFile"));
    connect(m_loadFile, &QPushButton::clicked, this, &ComposerWidget::chooseFile);

    m_templatesButton = new QPushButton(tr("Templates…"));
    m_templatesButton->setObjectName(QStringLiteral("templates"));
    m_templatesButton->setToolTip(tr("STOMP, MQTT, graphql-ws, JSON-RPC and Socket.IO messages from forms"));
    connect(m_templatesButton, &QPushButton::clicked, this, &ComposerWidget::openTemplates);

    m_fragmentsLabel = new QLabel(tr("fragments:"));
    m_fragments = new QSpinBox;
    m_fragments->setObjectName(QStringLiteral("fragments"));
    m_fragments->setRange(1, 100000);
    m_fragments->setToolTip(tr("Split the message into this many frames (at most one per byte)"));
    connect(m_fragments, &QSpinBox::valueChanged, this, &ComposerWidget::scheduleCheck);

    auto *every = new QLabel(tr("every"));
    m_interval = new QSpinBox;
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(1, 3600000);
    m_interval->setValue(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setToolTip(tr("Periodic sends: {{counter}}, {{timestamp}} (ms since 1970) and {{iso}} are filled in"));
    m_periodicButton = new QPushButton(tr("Start"));
    m_periodicButton->setObjectName(QStringLiteral("periodic"));
    connect(m_periodicButton, &QPushButton::clicked, this, &ComposerWidget::togglePeriodic);
    m_periodicCount = new QLabel(tr("sent 0"));
    m_periodicCount->setObjectName(QStringLiteral("periodicCount"));
    m_periodicCount->setMinimumWidth(m_periodicCount->fontMetrics().horizontalAdvance(QStringLiteral("sent 000000")));

    m_autoPong = new QCheckBox(tr("auto pong"));
    m_autoPong->setObjectName(QStringLiteral("autoPong"));
    m_autoPong->setChecked(true);
    m_autoPong->setToolTip(tr("Answer the server's pings automatically (RFC 6455 section 5.5.2)"));
    connect(m_autoPong, &QCheckBox::toggled, this, &ComposerWidget::autoPongChanged);
    layout->addWidget(m_modeTabs);
    layout->addGroup({m_encodingLabel, m_encoding});
    layout->addWidget(m_format);
    layout->addWidget(m_loadFile);
    layout->addWidget(m_templatesButton);
    layout->addGroup({m_fragmentsLabel, m_fragments});
    layout->addGroup({every, m_interval, m_periodicButton, m_periodicCount});
    layout->addWidget(m_autoPong);
    return row;
}

QWidget *ComposerWidget::makeEditorArea()
{
    m_editorStack = new QStackedWidget;
    m_editor = new QPlainTextEdit;
    m_editor->setObjectName(QStringLiteral("editor"));
    QFont font(Theme::monospaceFamily());
    font.setStyleHint(QFont::Monospace);
    m_editor->setFont(font);
    m_editor->setTabChangesFocus(false);
    m_editor->installEventFilter(this);
    m_editor->setMinimumHeight(m_editor->fontMetrics().lineSpacing() * 3 + 12);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ComposerWidget::scheduleCheck);
    m_highlighter = new JsonHighlighter(nullptr);
    m_highlighter->setParent(this);
    m_editorStack->addWidget(m_editor);
    m_editorStack->addWidget(makeFilePage());
    return m_editorStack;
}

QWidget *ComposerWidget::makeFilePage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    m_fileLabel = new QLabel;
    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));
    m_fileLabel->setWordWrap(true);
    layout->addStretch(1);
    layout->addWidget(m_fileLabel, 0, Qt::AlignCenter);
    layout->addStretch(1);
    return page;
}

QWidget *ComposerWidget::makeSideColumn()
{
    auto *column = new QWidget;
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    m_send = new QPushButton(tr("Send  ⌃⏎"));
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setToolTip(tr("Send (Ctrl+Enter)"));
    m_send->setMinimumHeight(m_send->sizeHint().height() * 3 / 2);
    QFont bold = m_send->font();
    bold.setBold(true);
    m_send->setFont(bold);
    connect(m_send, &QPushButton::clicked, this, &ComposerWidget::send);
    layout->addWidget(m_send);

    m_historyCombo = new QComboBox;
    m_historyCombo->setObjectName(QStringLiteral("history"));
    m_historyCombo->setPlaceholderText(tr("History (Up/Down)"));
    m_historyCombo->setMinimumContentsLength(20);
    m_historyCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_historyCombo, &QComboBox::activated, this, [this](int index) {
        const int entry = m_historyCombo->itemData(index).toInt();
        if (entry >= 0 && entry < m_history.entries().size())
            setDraft(m_history.entries().at(entry));
        m_editor->setFocus();
    });
    layout->addWidget(m_historyCombo);

    m_snippetCombo = new QComboBox;
    m_snippetCombo->setObjectName(QStringLiteral("snippets"));
    m_snippetCombo->setPlaceholderText(tr("Snippets"));
    m_snippetCombo->setMinimumContentsLength(20);
    m_snippetCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_snippetCombo, &QComboBox::activated, this, [this](int index) { loadSnippet(m_snippetCombo->itemText(index)); });
    layout->addWidget(m_snippetCombo);
    auto *snippetButtons = new QHBoxLayout;
    m_saveSnippet = new QPushButton(tr("Save…"));
    m_saveSnippet->setObjectName(QStringLiteral("saveSnippet"));
    m_saveSnippet->setToolTip(tr("Save the editor's content as a named snippet"));
    connect(m_saveSnippet, &QPushButton::clicked, this, &ComposerWidget::saveSnippetWithDialog);
    m_deleteSnippet = new QPushButton(tr("Delete"));
    m_deleteSnippet->setObjectName(QStringLiteral("deleteSnippet"));
    connect(m_deleteSnippet, &QPushButton::clicked, this, [this] { removeSnippet(m_snippetCombo->currentText()); });
    snippetButtons->addWidget(m_saveSnippet);
    snippetButtons->addWidget(m_deleteSnippet);
    layout->addLayout(snippetButtons);
    layout->addStretch(1);
    return column;
}

void ComposerWidget::setMode(ComposerMode mode)
{
    m_mode = mode;
    const QSignalBlocker blocker(m_modeTabs);
    m_modeTabs->setCurrentIndex(int(mode));
    updateModeWidgets();
}

PayloadEncoding ComposerWidget::encoding() const
{
    return PayloadEncoding(m_encoding->currentData().toInt());
}

void ComposerWidget::setEncoding(PayloadEncoding encoding)
{
    m_encoding->setCurrentIndex(m_encoding->findData(int(encoding)));
}

QString ComposerWidget::text() const
{
    return m_editor->toPlainText();
}

void ComposerWidget::setText(const QString &text)
{
    m_editor->setPlainText(text);
    m_editor->moveCursor(QTextCursor::End);
}

ComposerDraft ComposerWidget::draft() const
{
    return {m_mode, encoding(), text()};
}

void ComposerWidget::setDraft(const ComposerDraft &draft)
{
    setEncoding(draft.encoding);
    setMode(draft.mode);
    setText(draft.text);
}

int ComposerWidget::fragments() const
{
    return m_fragments->value();
}

void ComposerWidget::setFragments(int fragments)
{
    m_fragments->setValue(fragments);
}

ComposerChecks::RawFrameFields ComposerWidget::rawFrameFields() const
{
    return m_rawFrame->fields();
}

void ComposerWidget::setRawFrameFields(const ComposerChecks::RawFrameFields &fields)
{
    m_rawFrame->setFields(fields);
}

bool ComposerWidget::autoPong() const
{
    return m_autoPong->isChecked();
}

void ComposerWidget::setAutoPong(bool enabled)
{
    const QSignalBlocker blocker(m_autoPong);
    m_autoPong->setChecked(enabled);
}

void ComposerWidget::setConnected(bool connected)
{
    m_connected = connected;
    m_send->setEnabled(connected);
    m_periodicButton->setEnabled(connected || m_periodic->isRunning());
    m_controls->setSendEnabled(connected);
    if (m_templates)
        m_templates->setSendEnabled(connected);
    if (!connected)
        stopPeriodic();
}

void ComposerWidget::setFrameCapabilities(bool controlFrames, bool rawFrames)
{
    m_controls->setControlFramesAvailable(controlFrames);
    m_autoPong->setEnabled(controlFrames); // no pings come in the hixie drafts
    m_modeTabs->setTabEnabled(int(ComposerMode::RawFrame), rawFrames);
    m_modeTabs->setTabToolTip(int(ComposerMode::RawFrame),
                              rawFrames ? QString() : tr("This connection's version has no RFC 6455 frames"));
    if (!rawFrames && m_mode == ComposerMode::RawFrame)
        m_modeTabs->setCurrentIndex(int(ComposerMode::Text));
}

void ComposerWidget::updateModeWidgets()
{
    const bool bytesMode = m_mode == ComposerMode::Binary || m_mode == ComposerMode::RawFrame;
    m_encodingLabel->setVisible(bytesMode);
    m_encoding->setVisible(bytesMode);
    m_loadFile->setVisible(bytesMode);
    m_format->setVisible(m_mode == ComposerMode::Json);
    m_rawFrame->setVisible(m_mode == ComposerMode::RawFrame);
    const bool fragmentable = m_mode != ComposerMode::RawFrame;
    m_fragmentsLabel->setEnabled(fragmentable);
    m_fragments->setEnabled(fragmentable);
    const bool fromFile = bytesMode && encoding() == PayloadEncoding::File;
    m_editorStack->setCurrentIndex(fromFile ? 1 : 0);
    m_fileLabel->setText(m_fileData.isNull() && m_fileName.isEmpty()
                             ? tr("No file loaded: use “Load file…”.")
                             : tr("%1 — %2 will be sent as the payload.").arg(m_fileName, PayloadCodec::formatSize(quint64(m_fileData.size()))));
    m_editor->setPlaceholderText(placeholderFor(m_mode, encoding()));
    m_highlighter->setDocument(m_mode == ComposerMode::Json ? m_editor->document() : nullptr);
    checkInput();
}

void ComposerWidget::scheduleCheck()
{
    if (m_editor->document()->characterCount() > ImmediateCheckLimit)
        m_checkTimer->start();
    else
        checkInput();
}

void ComposerWidget::checkInput()
{
    m_checkTimer->stop();
    Outgoing out;
    Problem problem;
    if (!compose(1, out, problem))
        showStatus(problem.text, true, problem.position);
    else if (m_resendOf && !m_resendInControls) // say what Send will link it to
        showStatus(tr("Editing #%2: %1. Send (Ctrl+Enter) links the new row to #%2.").arg(describeOutgoing(out)).arg(m_resendOf), false);
    else
        showStatus(describeOutgoing(out), false);
}

void ComposerWidget::showStatus(const QString &text, bool isError, int position)
{
    m_problem = isError;
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, isError ? Theme::errorColor(this->palette()) : this->palette().color(QPalette::PlaceholderText));
    m_status->setPalette(palette);
    updateErrorMark(isError ? position : -1);
}

void ComposerWidget::updateErrorMark(int position)
{
    QList<QTextEdit::ExtraSelection> selections;
    if (position >= 0 && m_editorStack->currentIndex() == 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_editor->document());
        // An error at the very end (an unfinished value) marks the last character.
        const int length = m_editor->document()->characterCount() - 1;
        mark.cursor.setPosition(qMax(0, qMin(position, length - 1)));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(Theme::errorColor(palette()));
        mark.format.setBackground(Theme::errorColor(palette()).lighter(Theme::isDark(palette()) ? 60 : 185));
        selections << mark;
    }
    m_editor->setExtraSelections(selections);
}

void ComposerWidget::refreshSnippetCombo()
{
    const QString current = m_snippetCombo->currentText();
    m_snippetCombo->clear();
    m_snippetCombo->addItems(m_snippets.names());
    m_snippetCombo->setCurrentIndex(m_snippetCombo->findText(current));
    m_deleteSnippet->setEnabled(!m_snippets.snippets().isEmpty());
}

void ComposerWidget::refreshHistoryCombo()
{
    m_historyCombo->clear();
    const QVector<ComposerDraft> &entries = m_history.entries();
    for (int i = int(entries.size()) - 1; i >= 0; --i) {
        QString preview = entries.at(i).text.simplified();
        if (preview.size() > 60)
            preview = preview.left(59) + u'…';
        m_historyCombo->addItem(QStringLiteral("%1: %2").arg(modeKey(entries.at(i).mode), preview), i);
    }
    m_historyCombo->setCurrentIndex(-1);
    m_historyCombo->setEnabled(!entries.isEmpty());
}

bool ComposerWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            send(); // from the editor or any raw frame field
            return true;
        }
        if (watched == m_editor && handleEditorKey(key))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool ComposerWidget::handleEditorKey(QKeyEvent *event)
{
    const int key = event->key();
    if (event->modifiers() & ~Qt::KeypadModifier)
        return false;
    // Up on the first line and Down on the last recall history, as a shell or console does.
    const QTextCursor cursor = m_editor->textCursor();
    if (key == Qt::Key_Up && !cursor.hasSelection() && cursor.block() == m_editor->document()->firstBlock()) {
        browseHistory(true);
        return true;
    }
    if (key == Qt::Key_Down && !cursor.hasSelection() && cursor.block() == m_editor->document()->lastBlock()
        && m_history.isBrowsing()) {
        browseHistory(false);
        return true;
    }
    return false;
}

void ComposerWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        checkInput(); // recolours the message line and the error mark
    }
    QWidget::changeEvent(event);
}

} // namespace wsi::ui
