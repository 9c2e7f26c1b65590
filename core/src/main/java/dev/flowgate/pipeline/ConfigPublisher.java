// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.config.Overlay;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.nat.PortForwardMappings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Publishes configurations: a single writer builds a new {@link PipelineConfig} off the data path and publishes it
 * with a release store, its genid one more than the previous one; readers ({@link Pipeline} workers) take the
 * current configuration once per burst with an acquire load, so a burst sees exactly one configuration. Publishing
 * is serialised (synchronized), reading is lock-free.
 *
 * <p>It owns what must outlive configurations because sessions do: the masquerade allocator and the port-forwarding
 * mapping ids (docs/spec/flow-table.md section 11.13, P6), one of each for every configuration it builds, so a
 * connection's mapping id names the same mapping in each of them. The idle-timeout indexes are process-wide
 * ({@link dev.flowgate.flow.IdleTimeouts}).
 */
public final class ConfigPublisher
{
    private static final VarHandle CURRENT_VH;

    static
    {
        try
        {
            CURRENT_VH = MethodHandles.lookup().findVarHandle(ConfigPublisher.class, "current", PipelineConfig.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final LookupKind lookup;
    private final MasqueradeAllocator allocator;
    private final PortForwardMappings mappings = new PortForwardMappings();
    @SuppressWarnings("unused") // accessed through CURRENT_VH
    private PipelineConfig current;

    /**
     * A publisher with a first configuration.
     *
     * @param overlay the first configuration.
     * @param genid   its generation id (0 is the reference's initial value).
     * @param lookup  the flow-filter lookup implementation of every configuration.
     *                A deterministic single-worker masquerade allocator is used.
     */
    public ConfigPublisher(final Overlay overlay, final long genid, final LookupKind lookup)
    {
        this(overlay, genid, lookup, MasqueradeAllocator.deterministic());
    }

    /**
     * A publisher for several workers: a deterministic masquerade allocator with one current port block per worker
     * per address (docs/spec/nat.md section 2.2), so that each of the {@code workers} pipelines sharing this publisher
     * allocates from its own blocks.
     *
     * @param overlay the first configuration.
     * @param genid   its generation id.
     * @param lookup  the flow-filter lookup implementation of every configuration.
     * @param workers the number of pipelines (worker ids 0..workers-1), at least 1.
     */
    public ConfigPublisher(final Overlay overlay, final long genid, final LookupKind lookup, final int workers)
    {
        this(overlay, genid, lookup, new MasqueradeAllocator(workers, false, 0));
    }

    /**
     * A publisher with a first configuration and the masquerade allocator of every configuration.
     *
     * @param overlay   the first configuration.
     * @param genid     its generation id.
     * @param lookup    the flow-filter lookup implementation of every configuration.
     * @param allocator the allocator (its worker count bounds the workers' ids).
     */
    public ConfigPublisher(
        final Overlay overlay, final long genid, final LookupKind lookup, final MasqueradeAllocator allocator)
    {
        this.lookup = lookup;
        this.allocator = allocator;
        soCurrent(PipelineConfig.build(overlay, genid, lookup, allocator, mappings));
    }

    /**
     * The masquerade allocator shared by every configuration and every worker.
     *
     * @return the allocator.
     */
    public MasqueradeAllocator allocator()
    {
        return allocator;
    }

    /**
     * The number of workers the allocator serves: a {@link Pipeline}'s worker id must be below it.
     *
     * @return the count.
     */
    public int workers()
    {
        return allocator.workers();
    }

    /**
     * The current configuration: an acquire load (take it once per burst), pairing with {@link #publish}'s release
     * store so that a reader sees the whole configuration the writer built.
     *
     * @return the configuration.
     */
    public PipelineConfig laCurrent()
    {
        return (PipelineConfig) CURRENT_VH.getAcquire(this);
    }

    /**
     * Builds and publishes a new configuration with the next generation id.
     *
     * @param overlay the new configuration.
     * @return the published configuration.
     * @throws dev.flowgate.filter.TableConflictException when its tables cannot be built (nothing is published).
     * @throws IllegalArgumentException                   when the next generation id would exceed
     *                                                    {@code LockFreeFlowTable.MAX_GENID} (nothing is published).
     * @throws dev.flowgate.nat.NatConfigException        when its NAT tables cannot be built (nothing is published).
     * @throws IllegalStateException                      when the idle-timeout registry is full (nothing is
     *                                                    published).
     */
    public synchronized PipelineConfig publish(final Overlay overlay)
    {
        final PipelineConfig next = PipelineConfig.build(overlay, laCurrent().genid() + 1, lookup, allocator,
            mappings);
        soCurrent(next);
        return next;
    }

    /** Release store: the configuration's fields, written by its construction, are visible before it is. */
    private void soCurrent(final PipelineConfig config)
    {
        CURRENT_VH.setRelease(this, config);
    }
}
