// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair.side;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * One side of a pair, defined in that side's own class loader: it builds the benchmark's JMH states (the generated
 * padded subclasses where the jar has them), sets their {@code @Param} fields, runs their trial and iteration
 * set-ups and tear-downs, and runs rounds of the {@code @Benchmark} method. The driver reaches it through JDK types
 * only: {@link LongUnaryOperator} runs one round (invocations per thread in, elapsed nanoseconds out), {@link
 * Consumer} takes the life-cycle commands {@code iterationSetup}, {@code iterationTearDown} and {@code tearDown},
 * {@link Supplier} describes the side. JMH annotations are matched by name: the runner does not care which copy of
 * JMH the side's jar carries.
 *
 * <p>The round loop ({@link Loop}) calls the benchmark through a constant method handle of this side's own class,
 * so C2 compiles each side's loop for its own benchmark method, as JMH's generated stub would.
 */
public final class SideRunner implements LongUnaryOperator, Consumer<String>, Supplier<Map<String, String>>
{
    /** Configuration key of the benchmark class. */
    public static final String CLASS = "class";
    /** Configuration key of the benchmark method. */
    public static final String METHOD = "method";
    /** Configuration key of the extra work in percent. */
    public static final String INJECT = "injectWorkPercent";
    /** Configuration key prefix of a parameter value. */
    public static final String PARAM = "param.";

    private static final String JMH = "org.openjdk.jmh.annotations.";
    private static final int MAX_ARGS = 4;
    private static final String BLACKHOLE = "org.openjdk.jmh.infra.Blackhole";
    private static final String THREAD_PARAMS = "org.openjdk.jmh.infra.ThreadParams";
    private static final String BLACKHOLE_CHALLENGE =
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

    private final Map<String, String> params = new HashMap<>();
    private final Map<Class<?>, Object> shared = new HashMap<>();
    private final List<Map<Class<?>, Object>> perThread = new ArrayList<>();
    private final List<Object> setUpOrder = new ArrayList<>();
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private final Object[][] args;
    private final int threads;
    private final int opsPerInvocation;
    private final double injectFraction;
    private double injectCarry;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int roundInvocations;
    private volatile int generation;
    private volatile boolean stopping;
    private volatile Thread waiter;
    private volatile Throwable failure;

    /**
     * Builds the states and runs their trial set-ups.
     *
     * @param config {@link #CLASS}, {@link #METHOD}, {@link #INJECT} and {@link #PARAM}{@code name} entries.
     */
    public SideRunner(final Map<String, String> config)
    {
        try
        {
            final ClassLoader loader = SideRunner.class.getClassLoader();
            final Class<?> benchmarkClass = Class.forName(config.get(CLASS), false, loader);
            final Method method = benchmarkMethod(benchmarkClass, config.get(METHOD));
            config.forEach((k, v) ->
            {
                if (k.startsWith(PARAM))
                {
                    params.put(k.substring(PARAM.length()), v);
                }
            });
            injectFraction = Double.parseDouble(config.getOrDefault(INJECT, "0")) / 100.0;
            final Annotation threadsAnnotation = annotation(method, "Threads") != null ?
                annotation(method, "Threads") : annotation(benchmarkClass, "Threads");
            threads = threadsAnnotation == null ? 1 : Math.max(1, (Integer) value(threadsAnnotation, "value"));
            final Annotation ops = annotation(method, "OperationsPerInvocation") != null ?
                annotation(method, "OperationsPerInvocation") : annotation(benchmarkClass, "OperationsPerInvocation");
            opsPerInvocation = ops == null ? 1 : (Integer) value(ops, "value");
            Slot.handle = handle(method);
            args = new Object[threads][];
            for (int t = 0; t < threads; t++)
            {
                perThread.add(new HashMap<>());
                final Object[] a = new Object[MAX_ARGS];
                a[0] = state(benchmarkClass, t);
                final Class<?>[] types = method.getParameterTypes();
                for (int i = 0; i < types.length; i++)
                {
                    a[i + 1] = state(types[i], t);
                }
                args[t] = a;
            }
            unused(params);
            workers = new Thread[threads == 1 ? 0 : threads];
            for (int t = 0; t < workers.length; t++)
            {
                final int index = t;
                workers[t] = new Thread(() -> work(index), "pair-" + benchmarkClass.getSimpleName() + "-" + t);
                workers[t].setDaemon(true);
                workers[t].start();
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex.toString(), ex);
        }
    }

    /**
     * Runs one round: every thread of the side calls the benchmark method {@code invocations} times (plus the
     * injected extra work, which the caller does not count).
     *
     * @param invocations invocations per thread.
     * @return the elapsed nanoseconds, from the start of the first thread to the end of the last.
     */
    @Override
    public long applyAsLong(final long invocations)
    {
        injectCarry += invocations * injectFraction;
        final long extra = (long) injectCarry;
        injectCarry -= extra;
        final int n = Math.toIntExact(invocations + extra);
        if (workers.length == 0)
        {
            final Object[] a = args[0];
            final long start = System.nanoTime();
            Loop.run(a[0], a[1], a[2], a[3], n);
            return System.nanoTime() - start;
        }
        waiter = Thread.currentThread();
        roundInvocations = n;
        pending.set(workers.length);
        final long start = System.nanoTime();
        generation++;
        for (final Thread worker : workers)
        {
            LockSupport.unpark(worker);
        }
        while (pending.get() != 0)
        {
            LockSupport.park(this);
        }
        final long elapsed = System.nanoTime() - start;
        if (failure != null)
        {
            throw new IllegalStateException("benchmark thread failed: " + failure, failure);
        }
        return elapsed;
    }

    /**
     * Runs a life-cycle command.
     *
     * @param command {@code iterationSetup}, {@code iterationTearDown} or {@code tearDown} (trial, also stops the
     *     side's threads).
     */
    @Override
    public void accept(final String command)
    {
        switch (command)
        {
            case "iterationSetup":
                setUpOrder.forEach(s -> lifecycle(s, "Setup", "Iteration"));
                break;
            case "iterationTearDown":
                reversed().forEach(s -> lifecycle(s, "TearDown", "Iteration"));
                break;
            case "tearDown":
                stopping = true;
                for (final Thread worker : workers)
                {
                    LockSupport.unpark(worker);
                }
                reversed().forEach(s -> lifecycle(s, "TearDown", "Trial"));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    /**
     * What the side runs.
     *
     * @return {@code threads}, {@code opsPerInvocation}, {@code loader} (the identity of this side's class loader).
     */
    @Override
    public Map<String, String> get()
    {
        return Map.of("threads", String.valueOf(threads), "opsPerInvocation", String.valueOf(opsPerInvocation),
            "loader", Integer.toHexString(System.identityHashCode(SideRunner.class.getClassLoader())));
    }

    private void work(final int index)
    {
        int done = 0;
        while (true)
        {
            while (generation == done && !stopping)
            {
                LockSupport.park(this);
            }
            if (stopping)
            {
                return;
            }
            done = generation;
            try
            {
                final Object[] a = args[index];
                Loop.run(a[0], a[1], a[2], a[3], roundInvocations);
            }
            catch (final RuntimeException | Error ex)
            {
                failure = ex;
            }
            if (pending.decrementAndGet() == 0)
            {
                LockSupport.unpark(waiter);
            }
        }
    }

    private List<Object> reversed()
    {
        final List<Object> list = new ArrayList<>(setUpOrder);
        Collections.reverse(list);
        return list;
    }

    private static Method benchmarkMethod(final Class<?> type, final String name)
    {
        for (final Method m : type.getMethods())
        {
            if (m.getName().equals(name) && annotation(m, "Benchmark") != null)
            {
                if (annotation(m, "Group") != null || annotation(m, "GroupThreads") != null)
                {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is a @Group benchmark: " +
                        "pairing runs @Benchmark methods with @Threads, not groups of methods");
                }
                if (m.getParameterCount() + 1 > MAX_ARGS)
                {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + name + " takes more than " +
                        (MAX_ARGS - 1) + " states");
                }
                return m;
            }
        }
        throw new IllegalArgumentException("no @Benchmark method " + name + " in " + type.getName());
    }

    /** The method as (Object, Object, Object, Object)long: receiver and states, unused ones dropped. */
    private static MethodHandle handle(final Method method) throws ReflectiveOperationException
    {
        method.setAccessible(true);
        MethodHandle mh = MethodHandles.lookup().unreflect(method);
        final int arity = method.getParameterCount() + 1;
        final Class<?> result = method.getReturnType();
        mh = mh.asType(MethodType.genericMethodType(arity).changeReturnType(result));
        final MethodHandles.Lookup lookup = MethodHandles.lookup();
        if (result == void.class)
        {
            final MethodHandle zero = MethodHandles.dropArguments(MethodHandles.constant(long.class, 0L), 0,
                mh.type().parameterList());
            mh = MethodHandles.foldArguments(zero, mh);
        }
        else if (result == boolean.class)
        {
            mh = MethodHandles.filterReturnValue(mh, lookup.findStatic(SideRunner.class, "consume",
                MethodType.methodType(long.class, boolean.class)));
        }
        else if (result == float.class || result == double.class)
        {
            mh = MethodHandles.filterReturnValue(mh.asType(mh.type().changeReturnType(double.class)),
                lookup.findStatic(Double.class, "doubleToRawLongBits", MethodType.methodType(long.class,
                double.class)));
        }
        else if (result.isPrimitive())
        {
            mh = mh.asType(mh.type().changeReturnType(long.class));
        }
        else
        {
            mh = MethodHandles.filterReturnValue(mh, lookup.findStatic(SideRunner.class, "consume",
                MethodType.methodType(long.class, Object.class)));
        }
        final List<Class<?>> rest = Collections.nCopies(MAX_ARGS - arity, Object.class);
        return MethodHandles.dropArguments(mh, arity, rest);
    }

    @SuppressWarnings("unused")
    private static long consume(final boolean value)
    {
        return value ? 1 : 0;
    }

    @SuppressWarnings("unused")
    private static long consume(final Object value)
    {
        return value == null ? 0 : 1;
    }

    private Object state(final Class<?> type, final int thread) throws ReflectiveOperationException
    {
        if (type.getName().equals(BLACKHOLE))
        {
            return cached(perThread.get(thread), type, () ->
                type.getConstructor(String.class).newInstance(BLACKHOLE_CHALLENGE));
        }
        if (type.getName().equals(THREAD_PARAMS))
        {
            // JMH's order: thread, group, subgroup, thread in group, thread in subgroup (index, count each); one
            // group holds every thread of the side, as JMH runs a benchmark without @Group.
            final Class<?>[] ints = new Class<?>[10];
            Arrays.fill(ints, int.class);
            return cached(perThread.get(thread), type, () -> type.getConstructor(ints).newInstance(thread, threads, 0,
                1, 0, 1, thread, threads, thread, threads));
        }
        final Annotation state = annotation(type, "State");
        final String scope = state == null ? "Thread" : ((Enum<?>) value(state, "value")).name();
        if ("Group".equals(scope))
        {
            throw new IllegalArgumentException(type.getSimpleName() + " is a Scope.Group state: pairing has no " +
                "thread groups");
        }
        final Map<Class<?>, Object> cache = "Benchmark".equals(scope) ? shared : perThread.get(thread);
        final Object existing = cache.get(type);
        if (existing != null)
        {
            return existing;
        }
        final Object instance = instantiate(type);
        cache.put(type, instance);
        setParams(type, instance);
        for (final Method m : lifecycleMethods(type, "Setup", "Trial"))
        {
            final Class<?>[] types = m.getParameterTypes();
            final Object[] a = new Object[types.length];
            for (int i = 0; i < types.length; i++)
            {
                a[i] = state(types[i], thread);
            }
            invoke(m, instance, a);
        }
        if (seen.put(instance, Boolean.TRUE) == null)
        {
            setUpOrder.add(instance);
        }
        return instance;
    }

    private interface Maker
    {
        Object make() throws ReflectiveOperationException;
    }

    private static Object cached(final Map<Class<?>, Object> cache, final Class<?> type, final Maker maker)
        throws ReflectiveOperationException
    {
        Object o = cache.get(type);
        if (o == null)
        {
            o = maker.make();
            cache.put(type, o);
        }
        return o;
    }

    /** The padded subclass JMH generated for the state when the jar has it (no false sharing), else the class. */
    private static Object instantiate(final Class<?> type) throws ReflectiveOperationException
    {
        final String pkg = type.getPackageName();
        final String simple = type.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
        Class<?> concrete = type;
        try
        {
            final Class<?> generated = Class.forName((pkg.isEmpty() ? "" : pkg + ".") + "jmh_generated." + simple +
                "_jmhType", false, type.getClassLoader());
            concrete = type.isAssignableFrom(generated) ? generated : type;
        }
        catch (final ClassNotFoundException ex)
        {
            concrete = type; // a build without JMH's generated classes: the plain state
        }
        final java.lang.reflect.Constructor<?> constructor = concrete.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private void setParams(final Class<?> type, final Object instance) throws ReflectiveOperationException
    {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                final Annotation param = annotation(field, "Param");
                if (param == null || Modifier.isStatic(field.getModifiers()))
                {
                    continue;
                }
                String text = params.get(field.getName());
                final String[] declared = (String[]) value(param, "value");
                if (text == null && declared.length > 0)
                {
                    text = declared[0];
                }
                else if (text == null && field.getType().isEnum())
                {
                    text = ((Enum<?>) field.getType().getEnumConstants()[0]).name();
                }
                if (text == null)
                {
                    throw new IllegalArgumentException("@Param " + field.getName() + " has no value");
                }
                field.setAccessible(true);
                field.set(instance, convert(field.getType(), text));
                usedParams.add(field.getName());
            }
        }
    }

    private final java.util.Set<String> usedParams = new java.util.HashSet<>();

    private void unused(final Map<String, String> given)
    {
        for (final String name : given.keySet())
        {
            if (!usedParams.contains(name))
            {
                throw new IllegalArgumentException("no state of this benchmark has a @Param " + name);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(final Class<?> type, final String text)
    {
        if (type == String.class)
        {
            return text;
        }
        if (type.isEnum())
        {
            return Enum.valueOf((Class<Enum>) type, text);
        }
        return switch (type.getName())
        {
            case "int" -> Integer.parseInt(text);
            case "long" -> Long.parseLong(text);
            case "double" -> Double.parseDouble(text);
            case "float" -> Float.parseFloat(text);
            case "boolean" -> Boolean.parseBoolean(text);
            case "short" -> Short.parseShort(text);
            case "byte" -> Byte.parseByte(text);
            case "char" -> text.charAt(0);
            default -> throw new IllegalArgumentException("unsupported @Param type " + type.getName());
        };
    }

    private static void lifecycle(final Object state, final String kind, final String level)
    {
        try
        {
            for (final Method m : lifecycleMethods(state.getClass(), kind, level))
            {
                if (m.getParameterCount() > 0)
                {
                    throw new IllegalArgumentException(m + ": iteration-level fixtures with arguments are not " +
                        "supported by pairing");
                }
                invoke(m, state, new Object[0]);
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex.toString(), ex);
        }
    }

    /** Fixture methods of one kind and level, superclasses first (JMH's order). */
    private static List<Method> lifecycleMethods(final Class<?> type, final String kind, final String level)
    {
        final List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            chain.add(0, c);
        }
        final List<Method> methods = new ArrayList<>();
        for (final Class<?> c : chain)
        {
            for (final Method m : c.getDeclaredMethods())
            {
                final Annotation a = annotation(m, kind);
                if (a == null)
                {
                    continue;
                }
                final String l = ((Enum<?>) value(a, "value")).name();
                if ("Invocation".equals(l))
                {
                    throw new IllegalArgumentException(m + ": Level.Invocation fixtures are not supported by pairing");
                }
                if (l.equals(level))
                {
                    methods.add(m);
                }
            }
        }
        return methods;
    }

    private static void invoke(final Method m, final Object target, final Object[] a)
        throws ReflectiveOperationException
    {
        m.setAccessible(true);
        try
        {
            m.invoke(target, a);
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            throw new IllegalStateException(m.getDeclaringClass().getSimpleName() + "." + m.getName() + ": " +
                cause, cause);
        }
    }

    private static Annotation annotation(final java.lang.reflect.AnnotatedElement element, final String name)
    {
        for (final Annotation a : element.getAnnotations())
        {
            if (a.annotationType().getName().equals(JMH + name))
            {
                return a;
            }
        }
        return null;
    }

    private static Object value(final Annotation annotation, final String element)
    {
        try
        {
            final Method m = annotation.annotationType().getMethod(element);
            m.setAccessible(true);
            return m.invoke(annotation);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot read " + annotation + "." + element, ex);
        }
    }
}
