package org.secureta.provisioning.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Writes configuration records into ConfigAdmin. Unchanged configurations are left alone
 * (so their components keep running); factory configurations no longer in the profile (a
 * deleted line or gateway) are deleted.
 */
final class ConfigAdminApplier implements Consumer<List<ConfigurationRecord>> {

    /** Binds configurations to whichever bundle designates the PID (multi-location). */
    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin configAdmin;

    ConfigAdminApplier(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public void accept(List<ConfigurationRecord> records) {
        try {
            for (ConfigurationRecord record : records) {
                Configuration configuration = record.factoryName().isPresent()
                        ? configAdmin.getFactoryConfiguration(record.pid(), record.factoryName().get(), ANY_LOCATION)
                        : configAdmin.getConfiguration(record.pid(), ANY_LOCATION);
                configuration.updateIfDifferent(new Hashtable<>(record.properties()));
            }
            deleteStaleFactoryConfigurations(records);
        } catch (IOException e) {
            throw new UncheckedIOException("ConfigAdmin refused a configuration", e);
        }
    }

    private void deleteStaleFactoryConfigurations(List<ConfigurationRecord> records) throws IOException {
        Set<String> factoryPids = records.stream().filter(r -> r.factoryName().isPresent())
                .map(ConfigurationRecord::pid).collect(Collectors.toSet());
        factoryPids.addAll(ProfileMapping.FACTORY_PIDS);
        Set<String> wanted = records.stream().map(ConfigurationRecord::effectivePid).collect(Collectors.toSet());
        for (String factoryPid : factoryPids) {
            Configuration[] existing;
            try {
                existing = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (existing != null) {
                for (Configuration c : existing) {
                    if (!wanted.contains(c.getPid())) {
                        c.delete();
                    }
                }
            }
        }
    }
}
