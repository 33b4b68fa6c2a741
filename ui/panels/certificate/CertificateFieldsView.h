// SPDX-License-Identifier: MIT
#pragma once
// Every field of one certificate of a TLS report as an aligned form: names, serial,
// validity with days left (warning under 30 days, error once expired or not yet valid),
// SANs, key, signature, usages, constraints, fingerprints in monospace, and the
// verification errors about this certificate in the error colour. Value labels are
// selectable and named after their field (objectName "subject", "sha256", ...).
#include "ui/panels/certificate/CertificateFormatting.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace wsi::ui {

class CertificateFieldsView : public QWidget
{
    Q_OBJECT
public:
    explicit CertificateFieldsView(QWidget *parent = nullptr);

    void showCertificate(const net::CertificateInfo &info, const QString &role,
                         const QDateTime &now = QDateTime::currentDateTimeUtc());
    void clear();

    // Compact: labels above their values and hex in shorter lines, for a narrow dock.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }

    // The shown text of a field by its objectName; empty when unknown.
    QString fieldText(const QString &name) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *addField(const QString &title, const QString &name, bool monospace = false);
    void setFieldVisible(QLabel *value, bool visible);
    void applyColours();
    void fillFields();

    QFormLayout *m_form = nullptr;
    QLabel *m_role = nullptr;
    QLabel *m_subject = nullptr;
    QLabel *m_issuer = nullptr;
    QLabel *m_serial = nullptr;
    QLabel *m_notBefore = nullptr;
    QLabel *m_notAfter = nullptr;
    QLabel *m_daysLeft = nullptr;
    QLabel *m_names = nullptr;
    QLabel *m_publicKey = nullptr;
    QLabel *m_signature = nullptr;
    QLabel *m_keyUsage = nullptr;
    QLabel *m_extendedKeyUsage = nullptr;
    QLabel *m_basicConstraints = nullptr;
    QLabel *m_sha256 = nullptr;
    QLabel *m_sha1 = nullptr;
    QLabel *m_errors = nullptr;
    Tone m_validityTone = Tone::Neutral;
    net::CertificateInfo m_info;
    QString m_roleText;
    QDateTime m_now;
    bool m_shown = false;
    bool m_compact = false;
};

} // namespace wsi::ui
