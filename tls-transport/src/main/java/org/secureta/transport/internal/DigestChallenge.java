package org.secureta.transport.internal;

import java.util.Optional;

import javax.sip.InvalidArgumentException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.Utils;

import org.secureta.transport.LineConfiguration;

/**
 * A 401 or 407 digest challenge to one of the unit's requests and the request that answers it
 * (RFC 3261 22.2, 22.3): same request, next CSeq, new branch, and the Authorization or
 * Proxy-Authorization computed by {@link DigestAuthenticator} from the line's credentials.
 */
final class DigestChallenge {

    private DigestChallenge() {
    }

    /** One answer per challenge; a second challenge means our credentials were refused, unless the nonce was only stale. */
    static boolean shouldAnswer(Optional<LineConfiguration> credentials, int answeredChallenges, Response response) {
        int code = response.getStatusCode();
        if (code != Response.UNAUTHORIZED && code != Response.PROXY_AUTHENTICATION_REQUIRED) {
            return false;
        }
        if (credentials.isEmpty() || credentials.get()._authPassword().isEmpty()) {
            return false;
        }
        WWWAuthenticateHeader challenge = challengeOf(response);
        if (challenge == null) {
            return false;
        }
        return answeredChallenges == 0 || (challenge.isStale() && answeredChallenges < 2);
    }

    private static WWWAuthenticateHeader challengeOf(Response response) {
        Header header = response.getStatusCode() == Response.UNAUTHORIZED
                ? response.getHeader(WWWAuthenticateHeader.NAME) : response.getHeader(ProxyAuthenticateHeader.NAME);
        return header instanceof WWWAuthenticateHeader ? (WWWAuthenticateHeader) header : null;
    }

    /** The request answering {@code response}'s challenge with {@code line}'s credentials (the password never leaves this method). */
    static Request answer(Request challenged, LineConfiguration line, Response response, HeaderFactory headers)
            throws java.text.ParseException, InvalidArgumentException {
        WWWAuthenticateHeader challenge = challengeOf(response);
        Request request = (Request) challenged.clone();
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        ((ViaHeader) request.getHeader(ViaHeader.NAME)).setBranch(Utils.getInstance().generateBranchId());
        String username = line.authUsername().isBlank() ? line.username() : line.authUsername();
        if (!line.authRealm().isBlank() && !line.authRealm().equals(challenge.getRealm())) {
            throw new IllegalArgumentException("challenge realm '" + challenge.getRealm() + "' is not the configured authRealm");
        }
        String uri = request.getRequestURI().toString();
        DigestAuthenticator.Answer answer = DigestAuthenticator.answer(new DigestAuthenticator.Challenge(challenge.getRealm(),
                        challenge.getNonce(), challenge.getOpaque(), challenge.getAlgorithm(), challenge.getQop(), challenge.isStale()),
                username, line._authPassword(), request.getMethod(), uri, 1);
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        AuthorizationHeader authorization = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        authorization.setUsername(answer.username());
        authorization.setRealm(answer.realm());
        authorization.setNonce(answer.nonce());
        authorization.setURI(request.getRequestURI());
        authorization.setResponse(answer.response());
        authorization.setAlgorithm(answer.algorithm());
        if (answer.opaque() != null) {
            authorization.setOpaque(answer.opaque());
        }
        if (answer.qop() != null) {
            authorization.setQop(answer.qop());
            authorization.setNonceCount(Integer.parseInt(answer.nonceCount(), 16));
            authorization.setCNonce(answer.cnonce());
        }
        request.removeHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        request.addHeader(authorization);
        return request;
    }
}
