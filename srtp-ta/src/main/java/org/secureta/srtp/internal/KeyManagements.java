package org.secureta.srtp.internal;

import java.util.Collection;
import java.util.Optional;

import org.secureta.srtp.keymgmt.KeyManagement;

/** The key-management services registered now; the agent finds them by name only. */
public interface KeyManagements {

    Optional<KeyManagement> named(String name);

    Collection<KeyManagement> all();
}
