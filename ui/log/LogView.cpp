// SPDX-License-Identifier: MIT
#include "ui/log/LogView.h"
#include "ui/decode/DecodeChoiceBox.h"
#include "ui/decode/RowDecoder.h"

#include "ui/log/LogRowActions.h"
#include "ui/log/LogRowText.h"
#include "ui/log/details/MessageDetailsWidget.h"
#include "ui/log/MessageLogModel.h"
#include "ui/log/details/MessageDetailsFromStore.h"
#include "ui/common/FlowLayout.h"
#include "ui/window/Theme.h"

#include "store/MessageStore.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace wsi::ui {

namespace {

// The type toggles. Frames without a message count with errors (they are what a raw or
// aborted exchange leaves); a handshake counts with the attempt it belongs to.
struct KindToggle {
    quint32 kinds; // log::kindBit()s
    const char *label;
    const char *tip;
};
using log::kindBit;
using log::LogEntryKind;
constexpr KindToggle KindToggles[] = {
    {kindBit(LogEntryKind::Text) | kindBit(LogEntryKind::Event), QT_TRANSLATE_NOOP("wsi::ui::LogView", "text"),
     QT_TRANSLATE_NOOP("wsi::ui::LogView", "Show text messages and server-sent events")},
    {kindBit(LogEntryKind::Binary), QT_TRANSLATE_NOOP("wsi::ui::LogView", "binary"), nullptr},
    {kindBit(LogEntryKind::Ping), QT_TRANSLATE_NOOP("wsi::ui::LogView", "ping"), nullptr},
    {kindBit(LogEntryKind::Pong), QT_TRANSLATE_NOOP("wsi::ui::LogView", "pong"), nullptr},
    {kindBit(LogEntryKind::Close), QT_TRANSLATE_NOOP("wsi::ui::LogView", "close"), nullptr},
    {kindBit(LogEntryKind::Error) | kindBit(LogEntryKind::Frame), QT_TRANSLATE_NOOP("wsi::ui::LogView", "errors"),
     QT_TRANSLATE_NOOP("wsi::ui::LogView", "Show errors and stray frames")},
    {kindBit(LogEntryKind::Info) | kindBit(LogEntryKind::Comment), QT_TRANSLATE_NOOP("wsi::ui::LogView", "info"),
     QT_TRANSLATE_NOOP("wsi::ui::LogView", "Show the log's notes and event stream comments")},
    {kindBit(LogEntryKind::Attempt) | kindBit(LogEntryKind::Handshake),
     QT_TRANSLATE_NOOP("wsi::ui::LogView", "attempts"),
     QT_TRANSLATE_NOOP("wsi::ui::LogView", "Show where each connection attempt begins (URL, result) and its handshake")},
};

} // namespace

LogView::LogView(MessageLogModel *model, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_view(new QTableView(this)),
      m_details(new MessageDetailsWidget(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_search(new QLineEdit(this)),
      m_mode(new QComboBox(this)),
      m_status(new QLabel(this)),
      m_limitBanner(new QLabel(this)),
      m_filterDelay(new QTimer(this)),
      m_bar(new QWidget(this))
{
    // The filter bar wraps in a narrow window: directions, types, then the search.
    auto *bar = new FlowLayout(m_bar, 8, 2);
    bar->setContentsMargins(6, 2, 6, 2);
    m_incoming = addToggle(tr("↓ in"), tr("Show messages from the server"));
    m_outgoing = addToggle(tr("↑ out"), tr("Show messages we sent"));
    bar->addGroup({m_incoming, m_outgoing}, 2);
    auto *types = new QWidget(m_bar);
    auto *typeRow = new QHBoxLayout(types);
    typeRow->setContentsMargins(0, 0, 0, 0);
    typeRow->setSpacing(2);
    for (const KindToggle &toggle : KindToggles) {
        QToolButton *button = addToggle(tr(toggle.label),
                                        toggle.tip ? tr(toggle.tip) : tr("Show %1 rows").arg(tr(toggle.label)));
        m_kinds.push_back(button);
        typeRow->addWidget(button);
    }
    bar->addWidget(types);
    m_mode->addItem(tr("Text"), int(log::SearchMode::Text));
    m_mode->addItem(tr("Regex"), int(log::SearchMode::Regex));
    m_mode->addItem(tr("JSON path"), int(log::SearchMode::JsonPath));
    m_mode->addItem(tr("Decoded fields"), int(log::SearchMode::Decoded));
    m_mode->setToolTip(tr("How the search reads its pattern. Decoded fields: name:value terms over what the "
                          "tab's decoder read, all of which must hold (event:chat topic:sensors/# "
                          "destination:/topic/* method:sum protocol:mqtt); a plain word searches the summary"));
    m_search->setPlaceholderText(searchHint(log::SearchMode::Text));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(140);
    m_search->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_filterMatches = addToggle(tr("only matches"), tr("Hide rows that do not match the search"));
    m_previous = new QToolButton(m_bar);
    m_previous->setText(QStringLiteral("▲"));
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3));
    m_next = new QToolButton(m_bar);
    m_next->setText(QStringLiteral("▼"));
    m_next->setToolTip(tr("Next match (F3)"));
    m_next->setShortcut(QKeySequence(Qt::Key_F3));
    bar->addGroup({m_mode, m_search, m_filterMatches, m_previous, m_next}, 2);
    if (RowDecoder *decoder = m_model->decoder()) {
        m_decodeAs = new DecodeChoiceBox(decoder, m_bar);
        bar->addWidget(m_decodeAs);
        connect(decoder, &RowDecoder::decodingChanged, this, [this] {
            showDecodedColumn();
            showCurrent();
        });
    }
    // View toggles sit on the status row below the log, keeping the filter bar short.
    m_wallClock = addToggle(tr("wall clock"), tr("Show wall-clock times instead of time since connecting"));
    m_wallClock->setChecked(false);
    m_follow = addToggle(tr("follow"), tr("Keep the newest row in view (pause to read)"));
    m_clear = new QToolButton(m_bar);
    m_clear->setText(tr("clear"));
    m_clear->setToolTip(tr("Clear the log"));
    m_clear->setAutoRaise(true);

    m_view->setModel(m_model);
    // Virtualised: fixed row heights, so a million rows cost nothing until painted. A flat
    // table, not a tree: frames are rows under their message (the model expands them).
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several rows (Ctrl/Shift+click) for Replay Selected Messages…; the details pane and
    // Resend follow the current row.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setHighlightSections(false);
    const QFontMetrics metrics = m_view->fontMetrics();
    m_view->setColumnWidth(MessageLogModel::Number, metrics.horizontalAdvance(QStringLiteral("00000000")) + 24);
    m_view->setColumnWidth(MessageLogModel::Time, metrics.horizontalAdvance(QStringLiteral("+0000.000000 s")));
    m_view->setColumnWidth(MessageLogModel::Direction, metrics.horizontalAdvance(QStringLiteral("↓ in ")) + 8);
    m_view->setColumnWidth(MessageLogModel::Type, metrics.horizontalAdvance(QStringLiteral("continuation")) + 24);
    m_view->setColumnWidth(MessageLogModel::Size, metrics.horizontalAdvance(QStringLiteral("000.0 kB / 000.0 kB")));
    m_view->setColumnWidth(MessageLogModel::Decoded,
                           QFontMetrics(QFontDatabase::systemFont(QFontDatabase::FixedFont)).horizontalAdvance(QString(44, u'0')));
    showDecodedColumn();

    m_status->setObjectName(QStringLiteral("logStatus"));
    m_status->setMinimumWidth(metrics.horizontalAdvance(QStringLiteral("0,000,000 of 0,000,000 rows")));
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Its text may grow ("following paused: ..."): it never widens the window.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(6, 0, 6, 2);
    statusRow->setSpacing(2);
    statusRow->addWidget(m_wallClock);
    statusRow->addWidget(m_follow);
    statusRow->addWidget(m_clear);
    // The label takes the rest of the row (an Ignored policy next to a stretch got none).
    statusRow->addWidget(m_status, 1);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_bar);
    // A search that cannot be read says why right under the box, not only in a tooltip.
    m_searchError = new QLabel(this);
    m_searchError->setObjectName(QStringLiteral("searchError"));
    m_searchError->setWordWrap(true);
    m_searchError->setContentsMargins(8, 0, 8, 2);
    m_searchError->hide();
    topLayout->addWidget(m_searchError);
    m_limitBanner->setObjectName(QStringLiteral("logLimitBanner"));
    m_limitBanner->setTextFormat(Qt::RichText);
    m_limitBanner->setWordWrap(true);
    m_limitBanner->setContentsMargins(8, 3, 8, 3);
    m_limitBanner->setAutoFillBackground(true);
    m_limitBanner->setBackgroundRole(QPalette::AlternateBase);
    m_limitBanner->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_limitBanner->hide();
    connect(m_limitBanner, &QLabel::linkActivated, this, &LogView::limitLinkActivated);
    topLayout->addWidget(m_limitBanner);
    topLayout->addWidget(m_view, 1);
    topLayout->addLayout(statusRow);
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(150);
    connect(m_filterDelay, &QTimer::timeout, this, &LogView::applyFilter);
    for (QToolButton *button : std::as_const(m_kinds))
        connect(button, &QToolButton::toggled, this, &LogView::applyFilter);
    connect(m_incoming, &QToolButton::toggled, this, &LogView::applyFilter);
    connect(m_outgoing, &QToolButton::toggled, this, &LogView::applyFilter);
    connect(m_filterMatches, &QToolButton::toggled, this, &LogView::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &LogView::applyFilter);
    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this] { m_search->setPlaceholderText(searchHint(log::SearchMode(m_mode->currentData().toInt()))); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(m_next, &QToolButton::clicked, this, [this] { findNext(); });
    connect(m_previous, &QToolButton::clicked, this, [this] { findNext(true); });
    connect(m_wallClock, &QToolButton::clicked, this, [this](bool on) {
        setTimestampFormat({on ? m_wallClockMode : TimeMode::Relative, m_model->timestampFormat().precision});
        Q_EMIT timestampFormatChosen(m_model->timestampFormat());
    });
    connect(m_clear, &QToolButton::clicked, this, &LogView::clearRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LogView::showCurrent);
    // Double-click (or Enter) on a message shows its frames below it, and hides them again.
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) { toggleFrames(index.row()); });
    auto *toggle = new QAction(tr("Show or hide frames"), m_view);
    toggle->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    toggle->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(toggle);
    connect(toggle, &QAction::triggered, this, [this] { toggleFrames(m_view->currentIndex().row()); });
    // Following the tail gives way to the reader: scrolling away (wheel, scroll bar, keys)
    // or picking a row pauses it, scrolling back to the bottom, End or the button resumes it.
    // actionTriggered is the user's scrolling only, never the view's own scrollTo calls.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        setFollowing(bar->sliderPosition() >= bar->maximum());
    });
    connect(m_view, &QTableView::pressed, this, [this] { setFollowing(false); });
    connect(m_follow, &QToolButton::clicked, this, [this](bool on) { setFollowing(on); });
    m_view->installEventFilter(this);
    m_rowActions = new LogRowActions(m_view, m_model);
    connect(m_rowActions, &LogRowActions::resendRequested, this, &LogView::resendRequested);
    connect(m_rowActions, &LogRowActions::originalRequested, this, &LogView::goToRowNumber);
    connect(m_rowActions, &LogRowActions::replayRequested, this, &LogView::replayRequested);
    updateStatus();
}

void LogView::setTimestampFormat(const TimestampFormat &format)
{
    if (format.isWallClock())
        m_wallClockMode = format.mode;
    m_wallClock->setChecked(format.isWallClock()); // setChecked does not emit clicked
    if (format == m_model->timestampFormat())
        return; // keep a width the user chose
    m_model->setTimestampFormat(format);
    // Wide enough for the longest time of this form.
    const QString widest = LogRowText::timestamp(format, QDateTime::fromString(QStringLiteral("2000-12-28T23:58:58.888"), Qt::ISODateWithMs),
                                                 88888888888888);
    m_view->setColumnWidth(MessageLogModel::Time, m_view->fontMetrics().horizontalAdvance(widest) + 16);
}

QToolButton *LogView::addToggle(const QString &text, const QString &tip)
{
    auto *button = new QToolButton(m_bar);
    button->setText(text);
    button->setToolTip(tip);
    button->setCheckable(true);
    button->setChecked(true);
    button->setStyleSheet(Theme::toggleStyleSheet(palette()));
    m_toggles.push_back(button);
    return button;
}

void LogView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (QToolButton *toggle : std::as_const(m_toggles))
            toggle->setStyleSheet(Theme::toggleStyleSheet(palette()));
    }
}

QToolButton *LogView::kindButton(int kind) const
{
    for (int i = 0; i < m_kinds.size(); ++i) {
        if (kind >= 0 && kind < log::LogEntryKindCount && (KindToggles[i].kinds & log::kindBit(log::LogEntryKind(kind))))
            return m_kinds[i];
    }
    return nullptr;
}

void LogView::applyFilter()
{
    log::LogFilterCriteria criteria;
    criteria.directions = log::directionBit(net::EventDirection::Local);
    if (m_incoming->isChecked())
        criteria.directions |= log::directionBit(net::EventDirection::Incoming);
    if (m_outgoing->isChecked())
        criteria.directions |= log::directionBit(net::EventDirection::Outgoing);
    criteria.kinds = 0;
    for (int i = 0; i < m_kinds.size(); ++i) {
        if (m_kinds[i]->isChecked())
            criteria.kinds |= KindToggles[i].kinds;
    }
    criteria.mode = log::SearchMode(m_mode->currentData().toInt());
    if (m_filterMatches->isChecked())
        criteria.pattern = m_search->text();
    // A new filter rebuilds the rows: keep the row the reader is on, where it can be.
    const int currentRow = m_model->storeRow(m_view->currentIndex());
    const bool filtered = m_model->setFilter(criteria);
    if (const QModelIndex again = currentRow >= 0 ? m_model->indexForStoreRow(currentRow) : QModelIndex(); again.isValid()) {
        m_view->setCurrentIndex(again);
        m_view->scrollTo(again, QAbstractItemView::PositionAtCenter);
    } else if (m_follow->isChecked()) {
        m_view->scrollToBottom();
    }
    if (!filtered) {
        m_search->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid %1; }").arg(Theme::errorColor(palette()).name()));
        m_search->setToolTip(m_model->filterError());
        QPalette errorPalette = m_searchError->palette();
        errorPalette.setColor(QPalette::WindowText, Theme::errorColor(palette()));
        m_searchError->setPalette(errorPalette);
        m_searchError->setText(tr("%1 search: %2").arg(m_mode->currentText(), m_model->filterError()));
        m_searchError->show();
    } else {
        m_search->setStyleSheet(QString());
        m_search->setToolTip(QString());
        m_searchError->hide();
    }
    updateStatus();
}

void LogView::toggleFrames(int row)
{
    if (row < 0 || !m_model->canExpand(row))
        return;
    m_model->setExpanded(row, !m_model->isExpanded(row));
}

void LogView::findNext(bool backwards)
{
    if (m_search->text().isEmpty())
        return;
    log::LogFilterCriteria search;
    search.mode = log::SearchMode(m_mode->currentData().toInt());
    search.pattern = m_search->text();
    const QModelIndex found = m_model->findNext(search, m_view->currentIndex(), backwards);
    if (found.isValid()) {
        setFollowing(false);
        m_view->setCurrentIndex(found);
        m_view->scrollTo(found, QAbstractItemView::PositionAtCenter);
    } else {
        m_status->setText(tr("no match for “%1”").arg(m_search->text()));
    }
}

void LogView::selectStoreRows(const QVector<int> &storeRows)
{
    QItemSelection selection;
    QModelIndex last;
    for (int row : storeRows) {
        const QModelIndex index = m_model->indexForStoreRow(row);
        if (!index.isValid())
            continue;
        selection.select(index, index.siblingAtColumn(m_model->columnCount() - 1));
        last = index;
    }
    if (!last.isValid())
        return;
    setFollowing(false);
    m_view->selectionModel()->setCurrentIndex(last, QItemSelectionModel::NoUpdate);
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(last, QAbstractItemView::PositionAtCenter);
}

void LogView::goToRowNumber(qint64 number)
{
    const log::MessageStore &store = m_model->store();
    const qint64 row = number - store.firstRowNumber() - 1;
    if (row < 0 || row >= store.rowCount()) {
        m_status->setText(tr("row #%1 is no longer in memory (Preferences → log limits)").arg(number));
        return;
    }
    if (!m_model->indexForStoreRow(int(row)).isValid()) {
        m_status->setText(tr("row #%1 is hidden by the filter").arg(number));
        return;
    }
    selectStoreRows({int(row)});
}

void LogView::setResendEnabled(bool enabled)
{
    m_rowActions->setResendEnabled(enabled);
}

void LogView::setFollowing(bool on)
{
    const bool changed = m_follow->isChecked() != on;
    m_follow->setChecked(on);
    if (on)
        m_view->scrollToBottom();
    if (changed)
        updateStatus();
}

bool LogView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_End: // to the newest row, following again
            if (m_model->rowCount() > 0)
                m_view->setCurrentIndex(m_model->index(m_model->rowCount() - 1, m_view->currentIndex().isValid() ? m_view->currentIndex().column() : 0));
            setFollowing(true);
            return true;
        case Qt::Key_Home:
            if (key->modifiers() & Qt::ControlModifier) { // to the oldest row
                setFollowing(false);
                if (m_model->rowCount() > 0)
                    m_view->setCurrentIndex(m_model->index(0, m_view->currentIndex().isValid() ? m_view->currentIndex().column() : 0));
                m_view->scrollToTop();
                return true;
            }
            setFollowing(false);
            break;
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            setFollowing(false); // the reader moves through the log: stay where they go
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LogView::rowsAppended()
{
    if (m_follow->isChecked())
        m_view->scrollToBottom();
    updateStatus();
}

void LogView::oldestRowsLeaving(int count)
{
    const log::MessageStore &store = m_model->store();
    // Where the reader is: the number of the top row in view, found again afterwards.
    const QModelIndex top = m_view->indexAt(QPoint(1, 1));
    m_topNumberBeforeDrop = top.isValid() ? store.rowNumber(m_model->storeRow(top)) : -1;
    m_keepDetails = true;
    if (m_model->storeRow(m_view->currentIndex()) >= 0 && m_model->storeRow(m_view->currentIndex()) < count)
        m_view->selectionModel()->clear();
}

void LogView::oldestRowsLeft()
{
    const log::MessageStore &store = m_model->store();
    const qint64 topNumber = std::exchange(m_topNumberBeforeDrop, -1);
    m_keepDetails = false;
    if (m_follow->isChecked()) {
        m_view->scrollToBottom();
    } else if (topNumber >= 0) {
        const qint64 row = topNumber - store.firstRowNumber() - 1;
        const QModelIndex again = row >= 0 ? m_model->indexForStoreRow(int(row)) : QModelIndex();
        if (again.isValid())
            m_view->scrollTo(again, QAbstractItemView::PositionAtTop);
        else
            m_view->scrollToTop();
    }
    updateStatus();
}

void LogView::setLimitBanner(const QString &richText, bool warning)
{
    m_limitBanner->setText(richText);
    m_limitBanner->setVisible(!richText.isEmpty());
    QPalette palette = this->palette();
    if (warning)
        palette.setColor(QPalette::WindowText, Theme::warningColor(palette));
    m_limitBanner->setPalette(palette);
}

void LogView::logCleared()
{
    m_details->clear();
    updateStatus();
}

void LogView::showCurrent()
{
    if (m_keepDetails)
        return;
    const QModelIndex index = m_view->currentIndex();
    const int row = m_model->storeRow(index);
    if (row < 0) {
        m_details->clear();
        return;
    }
    MessageDetails details = messageDetailsFromStore(m_model->store(), row);
    if (RowDecoder *decoder = m_model->decoder())
        details.decoded = decoder->decodeWithTree(m_model->store(), row);
    m_details->showMessage(details);
}

QString LogView::statusText() const
{
    return m_status->text();
}

void LogView::updateStatus()
{
    const int shown = m_model->messageCount();
    const int total = m_model->store().rowCount();
    // Once older rows left (log limits), the counts are of the rows in memory.
    const bool partial = m_model->store().firstRowNumber() > 0;
    QString text;
    if (shown == total)
        text = partial ? tr("%L1 rows in memory").arg(total) : tr("%L1 rows").arg(total);
    else
        text = partial ? tr("%L1 of %L2 rows in memory").arg(shown).arg(total) : tr("%L1 of %L2 rows").arg(shown).arg(total);
    if (!m_follow->isChecked())
        text += tr(" · following paused: End or “follow” resumes");
    m_status->setText(text);
}

} // namespace wsi::ui
