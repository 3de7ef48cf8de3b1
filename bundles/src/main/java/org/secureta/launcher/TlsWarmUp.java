package org.secureta.launcher;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * Runs the JDK's TLS code once on the second core while the unit's container starts on the
 * first (issue 19): the unit's first TLS handshake is its registration's longest step, a third
 * of a second of class initialisation and first-time code (the ClientHello's key shares, X25519,
 * AES-GCM, HMAC) that does not depend on the unit. Nothing here touches the network or a key
 * of the unit; the context trusts no one and is thrown away.
 */
final class TlsWarmUp {

    private TlsWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    static void start() {
        Thread thread = new Thread(TlsWarmUp::run, "tls-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    static void run() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // No keys and no trust managers (empty, not null: null would load the JDK's cacerts): trusts no one.
            context.init(new KeyManager[0], new TrustManager[0], new SecureRandom());
            SSLEngine client = context.createSSLEngine("warm-up.invalid", 5061);
            client.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
            client.beginHandshake();
            client.wrap(ByteBuffer.allocate(0), hello);
            client.closeOutbound();

            KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
            KeyPair ours = x25519.generateKeyPair();
            KeyPair theirs = x25519.generateKeyPair();
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(ours.getPrivate());
            agreement.doPhase(theirs.getPublic(), true);
            byte[] secret = agreement.generateSecret();

            Mac hmac = Mac.getInstance("HmacSHA384");
            hmac.init(new SecretKeySpec(secret, "HmacSHA384"));
            byte[] derived = hmac.doFinal(secret);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, 0, 32, "AES"), new GCMParameterSpec(128, derived, 32, 12));
            gcm.doFinal(new byte[512]);
        } catch (Exception | LinkageError e) {
            // Only a head start: the unit's own handshake does the same work if this could not.
            System.getLogger(TlsWarmUp.class.getName()).log(System.Logger.Level.DEBUG, "TLS warm-up skipped: " + e);
        }
    }
}
