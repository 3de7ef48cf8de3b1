package org.secureta.srtp.internal;

import java.io.IOException;
import java.util.List;

import org.jitsi.service.libjitsi.LibJitsi;
import org.secureta.libjitsi.KeyingSrtpControl;
import org.secureta.libjitsi.LibJitsiHeadless;
import org.secureta.libjitsi.LibjitsiMediaEngine;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.media.RtpSession;

/** The media engines of a test unit: Native and Libjitsi (libjitsi started headless), as the container has them. */
final class LibjitsiEngines {

    private LibjitsiEngines() {
    }

    /** Starts libjitsi headless (once per test class). */
    static void startLibJitsi() {
        LibJitsiHeadless.configure();
        LibJitsi.start();
    }

    /** Native and Libjitsi, the latter's controls keyed by {@code methods} (a fresh control per call, as the prototype services give). */
    static MediaEngines both(KeyManagements methods) {
        List<KeyManagement> all = List.copyOf(methods.all());
        LibjitsiMediaEngine libjitsi = new LibjitsiMediaEngine(LibJitsi.getMediaService(), new LibjitsiMediaEngine.Controls() {
            @Override
            public KeyingSrtpControl get(String keyManagement) throws IOException {
                KeyManagement method = methods.named(keyManagement).orElseThrow(() -> new IOException("no key management " + keyManagement));
                return KeyingSrtpControl.of(method, all);
            }

            @Override
            public void release(KeyingSrtpControl control) {
                // nothing to give back outside OSGi
            }
        });
        return MediaEngines.of(RtpSession.NATIVE, libjitsi);
    }
}
