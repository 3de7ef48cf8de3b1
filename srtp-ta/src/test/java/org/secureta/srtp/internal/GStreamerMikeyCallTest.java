package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.mikey.GStreamerPeer;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipResponse;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * A real SIP call over TLS through Kamailio whose offer is GStreamer's: a plain SIP user agent
 * carries the SDP GStreamer's MIKEY built (media-level key-mgmt, one crypto session, 32-bit tag,
 * as gst-rtsp-server writes it) to a unit configured for Mikey; GStreamer's srtpenc media reaches
 * the unit, and srtpdec decrypts the unit's tone.
 */
class GStreamerMikeyCallTest {

    private static final int PACKETS = 20;

    @Test
    void aGStreamerMikeyOfferThroughKamailioConnectsAndSrtpFlowsBothWays() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        assumeTrue(GStreamerPeer.available(), GStreamerPeer.NOT_INSTALLED);
        TestCa ca = TestCa.create("SecureTA GStreamer MIKEY call CA");
        Kamailio.Options options = new Kamailio.Options();
        options.user("470", "pw470");
        options.user("471", "pw471");
        UnitEvents uaEvents = new UnitEvents();
        int gstreamerPort = FreePorts.tcpAndUdp();
        try (Kamailio kamailio = Kamailio.start(ca, options);
             Party unit = Party.start(ca, kamailio, "471", Map.of("autoAnswer", true, "rtpMode", "Secure", "keyManagement", "Mikey"));
             SipUnit ua = Units.tls(ca.credentials(null))
                     .with("persistentBasePort", FreePorts.persistentBase())
                     .with("registrationTransportParameter", true)
                     .with("contactTransportParameter", true)
                     .gateway("gw", kamailio.hostPort())
                     .line("1", "470", "pw470", "gw")
                     .start(uaEvents);
             GStreamerPeer gst = GStreamerPeer.start(null, "offer", "--tag", "32", "--level", "media", "--cs", "1",
                     "--send-port", "0", "--recv-port", String.valueOf(gstreamerPort), "--packets", String.valueOf(PACKETS))) {
            uaEvents.await(e -> e.kind().equals(UnitEvent.REGISTRATION) && "Registered".equals(e.get("state")), Party.WAIT);
            String offer = GStreamerPeer.string(gst.nextLine(), "sdp");

            SipResponse response = ua.sendRequest("1", OutgoingRequest.of("INVITE", unit.uriAt(kamailio))
                    .withBody("application/sdp", offer.getBytes(StandardCharsets.UTF_8)))
                    .toCompletableFuture().get(Party.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.toString());
            SipDialog dialog = response.dialog().orElseThrow();
            dialog.sendAck("", new byte[0]);
            SessionDescription answer = SessionDescription.parse(response.body());
            MediaDescription audio = answer.media().get(0);
            assertTrue(audio.isSecureRtp(), answer.write());
            assertTrue(SdpKeyings.of(answer).mediaAttributes().get(0).isEmpty() && SdpKeyings.of(answer).sessionAttributes().isEmpty(),
                    "no verification message for GStreamer, which asked for none: " + answer.write());

            String id = unit.callIn("Connected");
            CallStatus status = unit.agent.status(id).orElseThrow();
            assertEquals("AES_CM_128_HMAC_SHA1_32", status.suite(), "GStreamer's 32-bit tag keys the 32-bit suite");

            gst.writeLine(String.valueOf(audio.port()));
            String result = gst.nextLine();
            assertEquals(String.valueOf(PACKETS), GStreamerPeer.literal(result, "received"),
                    "srtpdec decrypted the unit's tone: " + result + " " + gst.stderrText());

            Instant deadline = Instant.now().plus(Party.WAIT);
            while (unit.agent.status(id).orElseThrow().counters().received() < PACKETS && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            status = unit.agent.status(id).orElseThrow();
            assertEquals(PACKETS, status.counters().received(), "the unit received GStreamer's srtpenc media: " + status.describe());
            assertEquals(0, status.counters().authFailures(), status.describe());
            dialog.sendRequest(OutgoingRequest.of("BYE", "")).toCompletableFuture().get(Party.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
