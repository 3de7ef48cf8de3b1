package org.secureta.libjitsi;

/**
 * The system properties that make {@code LibJitsi.start()} safe on a host without audio hardware
 * (a terminal adapter, a CI machine): libjitsi's own {@code <DeviceSystem class>.disabled} switch for
 * its native audio systems, whose PortAudio library can kill the JVM when loaded headless, and its
 * switch for video. The silence and "none" audio systems and every codec stay, so streams still
 * encode and decode. Set before libjitsi starts.
 */
public final class LibJitsiHeadless {

    /** The properties and values {@link #configure()} sets. */
    public static final java.util.Map<String, String> PROPERTIES = java.util.Map.of(
            "org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.PulseAudioSystem.disabled", "true",
            "net.java.sip.communicator.service.media.DISABLE_VIDEO_SUPPORT", "true");

    private LibJitsiHeadless() {
    }

    /** Sets {@link #PROPERTIES} as system properties, unless the application set them already. */
    public static void configure() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
