// SPDX-License-Identifier: MIT
#pragma once
// Marks a stretch in which the peer calls into its Driver (which may call back into the
// peer): output queued meanwhile is flushed, and a close is acted on, once the outermost
// call returns (EchoPeer::leaveDriverCall). Internal to EchoPeer*.cpp.
#include "net/echo/EchoPeer.h"

namespace wsi::net {

class EchoPeer::DriverCall
{
public:
    explicit DriverCall(EchoPeer &peer) : m_peer(peer) { ++m_peer.m_callDepth; }
    ~DriverCall()
    {
        if (--m_peer.m_callDepth == 0)
            m_peer.leaveDriverCall();
    }
    DriverCall(const DriverCall &) = delete;
    DriverCall &operator=(const DriverCall &) = delete;

private:
    EchoPeer &m_peer;
};

} // namespace wsi::net
