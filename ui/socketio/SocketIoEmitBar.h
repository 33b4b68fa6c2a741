// SPDX-License-Identifier: MIT
#pragma once
// A Socket.IO tab's Emit row: the namespace (one of the joined ones), the event's name, its
// JSON arguments (checked as they are typed, as the composer's JSON mode does: an array is
// the argument list, any other value the one argument), "ack" to ask for an
// acknowledgement, and Emit (or Enter). The line at its end says what was sent and the
// round trip of the ack that came back. No sockets here: the tab emits. UI thread only.
#include <QJsonArray>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace wsi::ui {

class SocketIoEmitBar : public QWidget
{
    Q_OBJECT
public:
    explicit SocketIoEmitBar(QWidget *parent = nullptr);

    // The namespaces one can emit to (the joined ones); none: Emit is off.
    void setNamespaces(const QStringList &joined);
    void setStatus(const QString &text);
    QString statusText() const;
    // The arguments as typed; nullopt with *error when they are not JSON.
    std::optional<QJsonArray> arguments(QString *error) const;

    QComboBox *namespaceField() const { return m_namespace; }
    QLineEdit *eventField() const { return m_event; }
    QLineEdit *argumentsField() const { return m_arguments; }
    QCheckBox *ackBox() const { return m_ack; }
    QPushButton *emitButton() const { return m_emit; }

public Q_SLOTS:
    void emitEvent();

Q_SIGNALS:
    void emitRequested(const QString &nameSpace, const QString &event, const QJsonArray &args, bool wantAck);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void check();

    QComboBox *m_namespace;
    QLineEdit *m_event;
    QLineEdit *m_arguments;
    QCheckBox *m_ack;
    QPushButton *m_emit;
    QLabel *m_status;
    bool m_valid = false;
};

} // namespace wsi::ui
