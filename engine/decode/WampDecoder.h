// SPDX-License-Identifier: MIT
// WAMP v2 (wamp-proto.org, the basic and advanced profiles' message codes) in its JSON
// serialization (wamp.2.json, text) and its MessagePack one (wamp.2.msgpack, binary, read
// with msgpack-cxx): [code, ...] arrays whose positions the code names. Request ids pair
// CALL/RESULT, SUBSCRIBE/SUBSCRIBED, PUBLISH/PUBLISHED, REGISTER/REGISTERED, ...
#pragma once

#include "decode/Decoder.h"

namespace wsi::decode {

class WampDecoder : public Decoder
{
public:
    enum class Serialization : quint8 { Json, MessagePack };
    explicit WampDecoder(Serialization serialization) : m_serialization(serialization) {}

    QString id() const override;
    QString displayName() const override;
    bool recognises(const DecodeInput &input) const override;
    DecodeResult decode(const DecodeInput &input, DecodeContext &context) const override;

private:
    Serialization m_serialization;
};

} // namespace wsi::decode
