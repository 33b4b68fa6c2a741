// SPDX-License-Identifier: MIT
#pragma once
// The strip under a Socket.IO tab's URL bar: which Engine.IO version to speak (4 for
// Socket.IO v3/v4 servers, 3 for v2), the namespaces to join and the auth payload sent
// with each CONNECT (a JSON object, checked as it is typed), and once open what the
// session said (sid, ping interval, joined namespaces). UI thread only.
#include <QJsonValue>
#include <QStringList>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace wsi::ui {

class SocketIoJoinBar : public QWidget
{
    Q_OBJECT
public:
    explicit SocketIoJoinBar(QWidget *parent = nullptr);

    int engineIoVersion() const;
    void setEngineIoVersion(int version);
    // "/" and "/admin" from "/, admin": each with a leading slash, "/" when empty.
    QStringList namespaces() const;
    // The auth payload; nullopt when the field is empty. *error says why a text is not one.
    std::optional<QJsonValue> auth(QString *error) const;
    // The session's words (sid, ping interval, joined), or a reason it stopped.
    void setSummary(const QString &text);
    QString summary() const;

    QComboBox *versionField() const { return m_version; }
    QLineEdit *namespacesField() const { return m_namespaces; }
    QLineEdit *authField() const { return m_auth; }

private:
    void checkAuth();

    QComboBox *m_version;
    QLineEdit *m_namespaces;
    QLineEdit *m_auth;
    QLabel *m_summary;
};

} // namespace wsi::ui
