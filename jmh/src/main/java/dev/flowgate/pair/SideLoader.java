// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one side: the side's benchmarks jar over the platform loader (not the application loader,
 * which holds the driver's own copy of the same classes), so the side shares no project class, static or JIT
 * profile with the other side. The runner classes ({@code dev.flowgate.pair.side}) are defined in it from the
 * driver's jar, so both sides run the same runner whatever revision their benchmarks come from.
 */
public final class SideLoader extends URLClassLoader
{
    /** The package of the classes defined from the driver's jar. */
    public static final String SIDE_PACKAGE = "dev.flowgate.pair.side.";

    static
    {
        registerAsParallelCapable();
    }

    /**
     * A loader over the side's class path.
     *
     * @param name the side's name (A or B), shown in stack traces.
     * @param classpath the side's jar (or, in tests, class folders).
     */
    public SideLoader(final String name, final URL... classpath)
    {
        super(name, classpath, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
    {
        if (!name.startsWith(SIDE_PACKAGE))
        {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name))
        {
            Class<?> c = findLoadedClass(name);
            if (c == null)
            {
                final String resource = name.replace('.', '/') + ".class";
                try (InputStream in = SideLoader.class.getClassLoader().getResourceAsStream(resource))
                {
                    if (in == null)
                    {
                        throw new ClassNotFoundException(name);
                    }
                    final byte[] bytes = in.readAllBytes();
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                catch (final IOException ex)
                {
                    throw new ClassNotFoundException(name, ex);
                }
            }
            if (resolve)
            {
                resolveClass(c);
            }
            return c;
        }
    }
}
