// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark method (or every benchmark method of a class) as a steady-state data path: it must not
 * allocate per packet. {@code flowgate run} checks {@code gc.alloc.rate.norm} of such benchmarks and the smoke
 * profile fails when one allocates. {@link #except()} names the parameter values for which the method is not
 * steady-state (a mix whose packets create sessions, say).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface SteadyState
{
    /**
     * Parameter values, as {@code name=value}, that make the method allocate on purpose; results with any of them
     * are not checked.
     *
     * @return the exceptions, none by default.
     */
    String[] except() default {};
}
