// SPDX-License-Identifier: MIT
#pragma once
// The certificate panel: a connection's TLS report as a person checks it. The verdict line
// on top (verified / not verified / errors, in the ok, warning or error colour, with the
// report's sentence), protocol, cipher and SNI, the chain leaf to root as a tree (each
// issuer the child of what it signed), every field of the selected certificate with its
// verification errors, PEM export and fingerprint copy. An empty state when there is no
// report. UI thread only; the tab (TrafficTab) feeds it.
#include "net/tls/TlsReport.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace wsi::ui {

class CertificateFieldsView;

class CertificatePanel : public QWidget
{
    Q_OBJECT
public:
    explicit CertificatePanel(QWidget *parent = nullptr);

    // Shows `report` and selects its leaf. A report whose verdict is NotTls shows the
    // "Not a TLS connection" state.
    void setReport(const wsi::net::TlsReport &report);
    // The built-in server's certificate (its SHA-256), which this tab trusts because the
    // app made it: a chain that verifies only thanks to it is shown as such, not as a
    // green "Verified", so nobody learns that a self-signed certificate passes. Empty: none.
    void setOwnTestCertificate(const QByteArray &sha256);
    // A certificate the user trusted in this tab by its fingerprint (the one-click trust):
    // shown as that, in the warning colour, not as a plain "Verified".
    void setUserTrustedCertificate(const QByteArray &sha256);
    // The verdict's title as shown ("✔ Verified", "Trusted as wsinspect's test certificate", ...).
    QString verdictTitleText() const;
    // Back to "No certificate yet".
    void clear();

    bool hasReport() const { return m_hasReport; }
    const net::TlsReport &report() const { return m_report; }
    // Index in report().chain of the selected certificate; -1 when none.
    int selectedIndex() const;
    void selectCertificate(int index);

    // What "Export PEM…" does once its dialog has a file name: the selected certificate,
    // or the whole chain leaf first. False (and `error` set) when nothing was written.
    bool exportPem(const QString &fileName, bool wholeChain, QString *error = nullptr) const;
    // What "Copy fingerprint" puts on the clipboard: the selected certificate's SHA-256.
    QString selectedFingerprint() const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *createVerdict();
    QWidget *createSession();
    QWidget *createChain();
    QWidget *createActions();
    void showEmpty(const QString &text);
    void fillChain();
    void fitChainHeight();
    void showSelected();
    void applyColours();
    void askExport(bool wholeChain);
    void copyFingerprint();
    void copyReport();

    net::TlsReport m_report;
    bool m_hasReport = false;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_verdictTitle = nullptr;
    QLabel *m_verdictMessage = nullptr;
    QLabel *m_generalErrors = nullptr;
    QLabel *m_protocol = nullptr;
    QLabel *m_cipher = nullptr;
    QLabel *m_sni = nullptr;
    QLabel *m_verification = nullptr;
    QTreeWidget *m_chain = nullptr;
    CertificateFieldsView *m_details = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_copyFingerprint = nullptr;
    QByteArray m_ownTestCertificate;
    QByteArray m_userTrustedCertificate;
    bool isOwnTestCertificate() const;
    bool isUserTrustedCertificate() const;
    QPushButton *m_copyReport = nullptr;
};

} // namespace wsi::ui
