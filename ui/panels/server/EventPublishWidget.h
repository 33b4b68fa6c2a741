// SPDX-License-Identifier: MIT
#pragma once
// The echo server panel's "Publish event" form: an event's type, id and data (several
// lines), published to every open stream of the server's EventSource endpoint. An empty
// id is numbered by the server (1, 2, 3, ... shared with POSTs and the bridge); an id the
// user typed that ends in digits counts up after each event ("p7" then "p8"). It shows
// what the server did with the last one. UI thread only.
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace wsi::ui {

class EventPublishWidget : public QWidget
{
    Q_OBJECT
public:
    explicit EventPublishWidget(QWidget *parent = nullptr);

    // On while the running server has an endpoint; `why` says what to do when off.
    void setAvailable(bool available, const QString &why = QString());
    // The server's account of an event (from this form or not).
    void showPublished(const QString &id, const QString &type, int delivered);
    void clearResult();

    QLineEdit *typeField() const { return m_type; }
    QLineEdit *idField() const { return m_id; }
    QPlainTextEdit *dataField() const { return m_data; }
    QPushButton *publishButton() const { return m_publish; }
    QString resultText() const;

    // "p7" -> "p8", "0099" -> "0100"; empty when `id` does not end in digits.
    static QString nextId(const QString &id);

Q_SIGNALS:
    void publishRequested(const QString &type, const QByteArray &data, const QString &id);

private:
    void publish();

    QLineEdit *m_type;
    QLineEdit *m_id;
    QPlainTextEdit *m_data;
    QPushButton *m_publish;
    QLabel *m_result;
};

} // namespace wsi::ui
