package org.secureta.provisioning.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration variable of the unit (a scalar, or a column of a table).
 *
 * @param name full name, {@code Service.Variable}, or {@code Service.Table.Column} for a column
 * @param restartService the service that must be restarted for a change to take effect
 *        ({@code SipEp}, {@code Mipt}), or empty when a change applies at once
 * @param secret a password or key: masked whenever the profile is shown
 * @param extension a SecureTA variable the real unit does not have
 */
public record VariableSpec(
        String name,
        ValueType type,
        String defaultValue,
        Optional<String> restartService,
        boolean secret,
        boolean extension,
        String description) {

    public VariableSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(restartService);
        Objects.requireNonNull(description);
        if (type.check(defaultValue).isPresent()) {
            throw new IllegalArgumentException("default of " + name + " is not valid: " + defaultValue);
        }
    }

    public String service() {
        return name.substring(0, name.indexOf('.'));
    }
}
