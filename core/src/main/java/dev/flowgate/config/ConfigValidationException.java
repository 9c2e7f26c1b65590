// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An overlay that breaks validation rules; carries every error found. The message is one error per line.
 */
public final class ConfigValidationException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** The errors; not serialized (the message carries them). */
    private final transient List<ConfigError> errors;

    /**
     * @param errors at least one error.
     */
    public ConfigValidationException(final List<ConfigError> errors)
    {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /**
     * @return the errors.
     */
    public List<ConfigError> errors()
    {
        return errors;
    }
}
