// SPDX-License-Identifier: MIT
// JSON-RPC 2.0 (jsonrpc.org/specification): requests, notifications, results, errors and
// batches of them. Ids pair a request with its response.
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class JsonRpcDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("jsonrpc"); }
    QString displayName() const override { return QStringLiteral("JSON-RPC 2.0"); }
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;
};

} // namespace wsi::decode
