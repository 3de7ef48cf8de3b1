package org.secureta.provisioning.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile, or a change to one, was refused; nothing of it was applied. */
public class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ProfileError> errors;

    public ProfileException(List<ProfileError> errors) {
        super(errors.stream().map(ProfileError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a profile exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ProfileException(ProfileError error) {
        this(List.of(error));
    }

    public List<ProfileError> errors() {
        return errors;
    }
}
