// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import dev.flowgate.config.Overlay;

import java.util.List;

/**
 * A loaded, checked scenario file (docs/spec/scenario-format.md): its overlay, generation id, stage and packets.
 * Immutable; obtained from {@link ScenarioLoader}, run by {@link ScenarioRunner}.
 */
public final class Scenario
{
    private final String source;
    private final String name;
    private final ScenarioStage stage;
    private final long genid;
    private final Overlay overlay;
    private final List<PacketSpec> packets;

    Scenario(
        final String source, final String name, final ScenarioStage stage, final long genid, final Overlay overlay,
        final List<PacketSpec> packets)
    {
        this.source = source;
        this.name = name;
        this.stage = stage;
        this.genid = genid;
        this.overlay = overlay;
        this.packets = List.copyOf(packets);
    }

    /**
     * The file name as given.
     *
     * @return the source.
     */
    public String source()
    {
        return source;
    }

    /**
     * The scenario's name (the file name when not given).
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The stage the scenario runs (the file's, or the override given to the loader).
     *
     * @return the stage.
     */
    public ScenarioStage stage()
    {
        return stage;
    }

    /**
     * The pipeline generation id.
     *
     * @return the genid.
     */
    public long genid()
    {
        return genid;
    }

    /**
     * The configuration.
     *
     * @return the overlay.
     */
    public Overlay overlay()
    {
        return overlay;
    }

    List<PacketSpec> packets()
    {
        return packets;
    }
}
