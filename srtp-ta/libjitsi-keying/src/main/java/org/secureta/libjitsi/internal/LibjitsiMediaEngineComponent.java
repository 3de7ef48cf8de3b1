package org.secureta.libjitsi.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.MediaService;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceScope;
import org.secureta.libjitsi.KeyingSrtpControl;
import org.secureta.libjitsi.LibJitsiHeadless;
import org.secureta.libjitsi.LibjitsiMediaEngine;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.MediaSessionSpec;

/**
 * The Libjitsi media engine as an OSGi service ({@code mediaengine.name=Libjitsi}), which the call
 * agent of srtp-ta finds by name without importing libjitsi. Each call gets a fresh control from
 * this bundle's prototype SrtpControl service of its key management (Mikey or Sdes; MIKEY's is
 * there once its pre-shared key or TLS-only use configured it), given back at hang-up.
 */
@Component(service = MediaEngine.class, property = MediaEngine.NAME_PROPERTY + "=" + LibjitsiMediaEngine.NAME)
public final class LibjitsiMediaEngineComponent implements MediaEngine, LibjitsiMediaEngine.Controls {

    private final Map<String, ComponentServiceObjects<KeyingSrtpControl>> controls = new ConcurrentHashMap<>();
    private final Map<KeyingSrtpControl, ComponentServiceObjects<KeyingSrtpControl>> lent = new ConcurrentHashMap<>();
    /** Created at the first call on libjitsi: a unit on the Native engine never starts libjitsi's media service. */
    private LibjitsiMediaEngine engine;

    @Activate
    public LibjitsiMediaEngineComponent() {
        LibJitsiHeadless.configure();
    }

    private synchronized LibjitsiMediaEngine engine() throws IOException {
        if (engine == null) {
            MediaService media = LibJitsi.getMediaService();
            if (media == null) {
                // Outside a container whose libjitsi bundle started it: start it here.
                LibJitsi.start();
                media = LibJitsi.getMediaService();
            }
            if (media == null) {
                throw new IOException("libjitsi's MediaService is not available");
            }
            engine = new LibjitsiMediaEngine(media, this);
        }
        return engine;
    }

    @Reference(service = KeyingSrtpControl.class, scope = ReferenceScope.PROTOTYPE_REQUIRED,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addControls(ComponentServiceObjects<KeyingSrtpControl> objects, Map<String, Object> properties) {
        controls.put(String.valueOf(properties.get(KeyManagement.NAME_PROPERTY)), objects);
    }

    void removeControls(ComponentServiceObjects<KeyingSrtpControl> objects, Map<String, Object> properties) {
        controls.remove(String.valueOf(properties.get(KeyManagement.NAME_PROPERTY)), objects);
    }

    @Override
    public String name() {
        return LibjitsiMediaEngine.NAME;
    }

    @Override
    public MediaSession open(MediaSessionSpec spec) throws IOException {
        return engine().open(spec);
    }

    /** Starts libjitsi's media service and jitsi-srtp's ciphers now, so that the first call's audio is not late. */
    @Override
    public void prepare() {
        try {
            engine().prepare();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public KeyingSrtpControl get(String keyManagement) throws IOException {
        ComponentServiceObjects<KeyingSrtpControl> objects = controls.get(keyManagement);
        if (objects == null) {
            throw new IOException("the Libjitsi media engine has no SrtpControl for key management " + keyManagement
                    + "; it has " + controls.keySet().stream().sorted().toList());
        }
        KeyingSrtpControl control = objects.getService();
        lent.put(control, objects);
        return control;
    }

    @Override
    public void release(KeyingSrtpControl control) {
        ComponentServiceObjects<KeyingSrtpControl> objects = lent.remove(control);
        if (objects != null) {
            try {
                objects.ungetService(control);
            } catch (IllegalStateException | IllegalArgumentException gone) {
                // the control's service went away (its key management was reconfigured): nothing to give back
            }
        }
    }
}
