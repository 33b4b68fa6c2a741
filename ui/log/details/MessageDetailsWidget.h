// SPDX-License-Identifier: MIT
#pragma once
// The details of the selected log row: its payload as text, as pretty JSON (coloured, and
// as a tree), as a hex dump, and its frames; copy and save buttons. Tabs are filled only
// when shown, and large payloads are capped until asked, so clicking through a log of big
// messages stays quick. UI thread only.
#include "ui/log/details/MessageDetails.h"

#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace wsi::ui {

class FrameTableModel;
class HexDumpModel;
class JsonHighlighter;

class MessageDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    using Details = MessageDetails;
    enum Tab { TextTab, JsonTab, DecodedTab, HexTab, FramesTab };

    // Payloads above these are shown in part (text) or on request (JSON) until "Show all".
    static constexpr qsizetype TextLimit = 1024 * 1024;
    static constexpr qsizetype JsonLimit = 2 * 1024 * 1024;

    explicit MessageDetailsWidget(QWidget *parent = nullptr);

    void showMessage(const MessageDetails &details);
    void clear();
    bool hasMessage() const { return m_hasMessage; }
    const MessageDetails &details() const { return m_details; }

    // Writes the payload to a file; false (and a message box) when it cannot.
    bool savePayload(const QString &path);

Q_SIGNALS:
    // After a copy or save, for the status bar: "Copied 1.2 KiB as hex".
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *makeTextTab();
    QWidget *makeJsonTab();
    QWidget *makeDecodedTab();
    QWidget *makeHexTab();
    QWidget *makeFramesTab();
    QWidget *makeButtons();
    void renderCurrentTab();
    void renderText();
    void renderJson();
    void renderDecoded();
    void copyAs(int format);
    void saveWithDialog();
    void updateEnabled();

    MessageDetails m_details;
    bool m_hasMessage = false;
    bool m_textDirty = true;
    bool m_jsonDirty = true;
    bool m_decodedDirty = true;
    bool m_showAllText = false;
    bool m_forceJson = false;

    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_textNote = nullptr;
    QPushButton *m_showAllTextButton = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_jsonNote = nullptr;
    QPushButton *m_formatJsonButton = nullptr;
    QPlainTextEdit *m_jsonText = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    QTreeWidget *m_jsonTree = nullptr;
    QWidget *m_jsonViews = nullptr;
    QLabel *m_decodedSummary = nullptr;
    QTreeWidget *m_decodedTree = nullptr;
    QListView *m_hexView = nullptr;
    HexDumpModel *m_hexModel = nullptr;
    QTableView *m_frameView = nullptr;
    FrameTableModel *m_frameModel = nullptr;
    QList<QPushButton *> m_payloadButtons;
};

} // namespace wsi::ui
