// SPDX-License-Identifier: MIT
#pragma once
// Composer ▸ Template…: the application-protocol messages a person otherwise writes byte
// by byte (STOMP frames, MQTT packets, graphql-ws, JSON-RPC, Socket.IO), as forms. The
// preview shows exactly what will be sent (text with its control characters visible, or
// hex); a value that cannot make a message is explained instead. "Use in Composer" puts the
// message in the editor (text in Text or JSON mode, binary as hex), "Send" sends it at once.
// A template's last values are kept for as long as the window runs.
#include "templates/MessageTemplate.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace wsi::ui {

class TemplateForm;

class TemplateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TemplateDialog(QWidget *parent = nullptr);

    // Shows the template with that id (and its last values); false when there is none.
    bool selectTemplate(const QString &id);
    QString currentTemplateId() const { return m_currentId; }
    templates::TemplateOutput output() const { return m_output; }
    TemplateForm *form() const { return m_form; }
    void setSendEnabled(bool connected);

    // Text as the preview shows it: a line feed as ↵ and a line break, NUL as \0, other
    // control characters as \xHH, so a STOMP frame's NUL is visible.
    static QString visibleText(const QByteArray &utf8);

Q_SIGNALS:
    void useRequested(const wsi::templates::TemplateOutput &output);
    void sendRequested(const wsi::templates::TemplateOutput &output);

private:
    void buildList();
    void onTemplateChosen();
    void refresh();

    QTreeWidget *m_list = nullptr;
    QLabel *m_description = nullptr;
    TemplateForm *m_form = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_use = nullptr;
    QPushButton *m_send = nullptr;
    bool m_connected = false;
    QString m_currentId;
    templates::TemplateOutput m_output;
};

} // namespace wsi::ui
