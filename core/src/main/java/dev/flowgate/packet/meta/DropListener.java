// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.meta;

/**
 * Told by a stage of each reason it records, as it records it, so that a pipeline counts drops where they happen
 * instead of scanning the burst again after the stage. Called once per recorded reason, never for a packet that was
 * already done; implementations must not allocate.
 */
@FunctionalInterface
public interface DropListener
{
    /** Counts nothing: the listener of a stage that runs outside a pipeline. */
    DropListener NONE = (index, reason) ->
    {
    };

    /**
     * A packet's first reason was recorded.
     *
     * @param index  the packet's index in its burst.
     * @param reason the reason ({@link DropReason#isDrop()} may be false).
     */
    void recorded(int index, DropReason reason);
}
