package org.secureta.srtp.media;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the call agent asks of a media session.
 *
 * @param name          for logs and threads, for example the call number
 * @param address       where RTP and RTCP are bound (the SDP c= address)
 * @param basePort      Mipt.IpTransportSrtpBasePort: the first even port tried, 0 for any free pair ({@link MediaPorts})
 * @param scheduler     the agent's media scheduler: senders run there, one 20 ms frame at a time
 * @param source        the audio sent (a tone or a WAV file), 8 kHz linear
 * @param expectedTone  the frequency the peer is expected to send, which the {@link ToneDetector} counts
 * @param keyManagement the name of the key management keying the call (Mikey, Sdes, ...), even when it ends up plain
 */
public record MediaSessionSpec(String name, InetAddress address, int basePort, ScheduledExecutorService scheduler,
                               AudioSource source, double expectedTone, String keyManagement) {

    public MediaSessionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keyManagement, "keyManagement");
    }
}
