// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import org.openjdk.jmh.annotations.Group;

/**
 * What the benchmark classes say about themselves through annotations, read by reflection when the class is on
 * the class path (it is not for a results file from another revision that has since renamed a class).
 */
public final class BenchmarkInfo
{
    private BenchmarkInfo()
    {
    }

    /**
     * The {@code @Question} of a benchmark class.
     *
     * @param className the fully qualified class name.
     * @return the question, empty when the class or its annotation is missing.
     */
    public static Optional<String> question(final String className)
    {
        return load(className).map(c -> c.getAnnotation(Question.class)).map(Question::value);
    }

    /**
     * Whether a benchmark method is a steady-state path: the method, or its class, carries {@code @SteadyState}.
     * For {@code @Group} benchmarks the name is the group's and any method of the group counts. A result whose
     * parameters include one of the annotation's {@link SteadyState#except()} values is not steady-state.
     *
     * @param benchmark the full benchmark name, {@code package.Class.method}.
     * @param params    the result's parameters.
     * @return true when marked, false when not, when excepted or when the class is not on the class path.
     */
    public static boolean steadyState(final String benchmark, final Map<String, String> params)
    {
        final int dot = benchmark.lastIndexOf('.');
        if (dot < 0)
        {
            return false;
        }
        final String name = benchmark.substring(dot + 1);
        final Optional<Class<?>> cls = load(benchmark.substring(0, dot));
        if (cls.isEmpty())
        {
            return false;
        }
        if (cls.get().isAnnotationPresent(SteadyState.class))
        {
            return applies(cls.get().getAnnotation(SteadyState.class), params);
        }
        for (final Method method : cls.get().getMethods())
        {
            final Group group = method.getAnnotation(Group.class);
            final boolean named = method.getName().equals(name) || group != null && group.value().equals(name);
            if (named && method.isAnnotationPresent(SteadyState.class))
            {
                return applies(method.getAnnotation(SteadyState.class), params);
            }
        }
        return false;
    }

    private static boolean applies(final SteadyState annotation, final Map<String, String> params)
    {
        for (final String exception : annotation.except())
        {
            final int eq = exception.indexOf('=');
            if (eq > 0 && exception.substring(eq + 1).equals(params.get(exception.substring(0, eq))))
            {
                return false;
            }
        }
        return true;
    }

    private static Optional<Class<?>> load(final String className)
    {
        try
        {
            return Optional.of(Class.forName(className, false, BenchmarkInfo.class.getClassLoader()));
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return Optional.empty();
        }
    }
}
