package org.secureta.transport.pki;

import java.util.Locale;
import java.util.Set;

/**
 * Domains under which anyone can register names, so that a wildcard directly above one
 * ("*.co.uk") would cover unrelated owners (RFC 6125 7.2). No maintained public-suffix library is
 * among the unit's dependencies (the JDK's copy of the list is internal), so this is a small
 * built-in excerpt of the Public Suffix List: every top-level domain (any single label) plus the
 * common second-level registries. A name missing from it is treated as a private domain.
 */
final class PublicSuffixes {

    private static final Set<String> MULTI_LABEL = Set.of(
            "co.uk", "org.uk", "me.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "nhs.uk",
            "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
            "co.nz", "org.nz", "net.nz", "ac.nz", "govt.nz",
            "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ad.jp", "ed.jp", "lg.jp",
            "co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr",
            "com.br", "net.br", "org.br", "gov.br", "edu.br",
            "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
            "com.tw", "net.tw", "org.tw", "com.hk", "net.hk", "org.hk", "com.sg", "net.sg", "org.sg",
            "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in",
            "co.za", "org.za", "net.za", "gov.za", "web.za",
            "com.mx", "org.mx", "net.mx", "gob.mx", "com.ar", "net.ar", "org.ar",
            "com.tr", "net.tr", "org.tr", "com.ru", "net.ru", "org.ru", "com.ua", "net.ua", "org.ua",
            "co.il", "org.il", "net.il", "ac.il", "gov.il", "co.id", "or.id", "web.id", "com.my", "net.my", "org.my",
            "com.pl", "net.pl", "org.pl", "co.at", "or.at", "com.es", "org.es", "nom.es", "com.pt", "com.gr",
            "gv.at", "ac.at", "com.fr", "asso.fr", "nom.fr", "co.it", "com.de",
            "github.io", "gitlab.io", "herokuapp.com", "appspot.com", "cloudfront.net", "azurewebsites.net",
            "blogspot.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "s3.amazonaws.com",
            "dyndns.org", "no-ip.org", "duckdns.org", "ddns.net");

    private PublicSuffixes() {
    }

    /** True for "com", "co.uk", "github.io"...: names that are registries, not someone's domain. */
    static boolean isPublicSuffix(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return d.indexOf('.') < 0 || MULTI_LABEL.contains(d);
    }
}
