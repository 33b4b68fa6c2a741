// SPDX-License-Identifier: MIT
#pragma once
// A bare-bones WebSocket client for the proxy's tests, on the test's thread: it writes an
// upgrade request byte for byte (so a test decides every header), masked frames built by
// hand, and reads back the answer head and unmasked frames. No protocol engine of ours
// sits between the test and the proxy.
#include <QByteArray>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <cstdint>

namespace wsi::test {

// RFC 6455 section 1.3's sample key and its accept value.
inline const QByteArray SampleKey = QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ==");
inline const QByteArray SampleAccept = QByteArrayLiteral("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

inline QByteArray upgradeRequest(const QByteArray &target, quint16 proxyPort, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(proxyPort)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + SampleKey
        + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
}

// One client frame, masked with a fixed key (the proxy must pass it unchanged).
inline QByteArray maskedFrame(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size < 65536) {
        frame.append(char(0x80 | 126));
        frame.append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(key, 4);
    for (qsizetype i = 0; i < size; ++i)
        frame.append(char(payload.at(i) ^ key[i % 4]));
    return frame;
}

inline QByteArray closePayload(quint16 code, const QByteArray &reason)
{
    QByteArray payload;
    payload.append(char(code >> 8)).append(char(code & 0xff));
    return payload + reason;
}

struct ServerFrame {
    quint8 opcode = 0;
    bool fin = false;
    QByteArray payload;
};

class ProxyTestClient
{
public:
    bool connectTo(quint16 port, int timeoutMs = 5000)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(timeoutMs);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    // Reads until the head's blank line; what follows stays in `pending`.
    QByteArray readHead(int timeoutMs = 10000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            pending += socket.readAll();
            const qsizetype end = pending.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = pending.left(end + 4);
                pending.remove(0, end + 4);
                return head;
            }
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                return {};
            QTest::qWait(5);
        }
        return {};
    }
    // Everything until the proxy closes the connection (or the time runs out).
    QByteArray readUntilClosed(int timeoutMs = 10000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            pending += socket.readAll();
            if (socket.state() == QAbstractSocket::UnconnectedState)
                break;
            QTest::qWait(5);
        }
        pending += socket.readAll();
        return std::exchange(pending, QByteArray());
    }
    bool readFrame(ServerFrame &frame, int timeoutMs = 10000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            pending += socket.readAll();
            if (takeFrame(frame))
                return true;
            if (socket.state() == QAbstractSocket::UnconnectedState)
                return false;
            QTest::qWait(2);
        }
        return false;
    }

    QTcpSocket socket;
    QByteArray pending;

private:
    bool takeFrame(ServerFrame &frame)
    {
        if (pending.size() < 2)
            return false;
        const auto *bytes = reinterpret_cast<const quint8 *>(pending.constData());
        quint64 length = bytes[1] & 0x7f;
        qsizetype offset = 2;
        if (length == 126) {
            if (pending.size() < 4)
                return false;
            length = quint64(bytes[2]) << 8 | bytes[3];
            offset = 4;
        } else if (length == 127) {
            if (pending.size() < 10)
                return false;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = length << 8 | bytes[2 + i];
            offset = 10;
        }
        if (quint64(pending.size() - offset) < length)
            return false;
        frame.fin = (bytes[0] & 0x80) != 0;
        frame.opcode = bytes[0] & 0x0f;
        frame.payload = pending.mid(offset, qsizetype(length));
        pending.remove(0, offset + qsizetype(length));
        return true;
    }
};

} // namespace wsi::test
