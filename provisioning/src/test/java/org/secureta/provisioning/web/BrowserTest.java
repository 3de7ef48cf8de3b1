package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.CertificateSpec;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/**
 * The web management in a real browser: Debian's headless Chromium driven by its chromedriver
 * (packages {@code chromium} and {@code chromium-driver}) through Selenium. It walks the guide's
 * set-up as an engineer would and saves a screenshot of each page in target/screenshots.
 */
class BrowserTest {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String PASSWORD = "Lab-Admin-7102";

    @TempDir
    Path dir;

    private WebFixture web;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        web = new WebFixture(dir.resolve("home"), "SipEp.UserAgent[Port1].Username=100\nSipEp.UserAgent[Port1].FriendlyName=Lab phone\n", PASSWORD);
        browser = HeadlessChromium.start(dir.resolve("chromium"), "1280,1100");
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
    }

    private void open(String path) {
        browser.get(web.url(path));
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Clicks a submit button and waits until the browser has left the page (the answer is loaded). */
    private void submit(By button) {
        WebElement element = browser.findElement(button);
        element.click();
        // chromedriver reports a node of a page that is gone either as stale or as "does not belong to the document"
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
    }

    private String message() {
        return browser.findElement(By.id("message")).getText();
    }

    private WebElement field(String name) {
        return browser.findElement(By.name(name));
    }

    @Test
    void anEngineerSetsUpTlsAndSrtpThroughTheWebPages() throws Exception {
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        IssuedCertificate ca = kit.certificateAuthority("Lab Root CA");
        IssuedCertificate host = kit.host("ta7102", ca, "ta7102.lab");
        Path caFile = Files.writeString(dir.resolve("lab-root.pem"), PemFiles.certificatesPem(List.of(ca.certificate())));
        Path hostFile = dir.resolve("ta7102.pem");
        Files.writeString(hostFile, PemFiles.certificatesPem(host.chain()));
        Files.write(hostFile, PemFiles.privateKeyPem(host.privateKey(), KeyEncoding.PKCS8), java.nio.file.StandardOpenOption.APPEND);

        // Log in: a wrong password first.
        open("/status");
        assertTrue(browser.getCurrentUrl().endsWith("/login"), browser.getCurrentUrl());
        field("password").sendKeys("admin");
        submit(By.id("login-button"));
        assertEquals("Wrong password.", message());
        screenshot("01-login-refused");
        field("password").sendKeys(PASSWORD);
        submit(By.id("login-button"));
        assertEquals("Status", browser.findElement(By.id("title")).getText());

        // Management > Certificates: the lab CA as Other.
        browser.findElement(By.linkText("Certificates")).click();
        browser.findElement(By.id("category-other")).click();
        field("file").sendKeys(caFile.toAbsolutePath().toString());
        submit(By.id("upload-button"));
        assertEquals("Uploaded 1 Other certificate(s): Lab Root CA. Restart required services to use it.", message());
        assertTrue(browser.findElement(By.id("certificates")).getText().contains("Other Lab Root CA Lab Root CA"));
        screenshot("02-certificates-other-uploaded");

        // A Host certificate without "Activate unsecured certificate transfer": refused, with the guide's reason.
        browser.findElement(By.id("category-host")).click();
        field("file").sendKeys(hostFile.toAbsolutePath().toString());
        submit(By.id("upload-button"));
        assertTrue(message().startsWith("ta7102.pem: a Host certificate upload carries its private key, which would travel in clear text"
                + " and could be intercepted. Activate unsecured certificate transfer to allow it"), message());
        screenshot("03-certificates-host-refused");

        // ... and with the box ticked: accepted, and the page offers to restart the services.
        assertTrue(browser.findElement(By.id("category-host")).isSelected(), "the refused form stays on Host");
        field("file").sendKeys(hostFile.toAbsolutePath().toString());
        browser.findElement(By.id("unsecured")).click();
        submit(By.id("upload-button"));
        assertEquals("Uploaded 1 Host certificate(s): ta7102. Restart required services to use it.", message());
        assertTrue(browser.findElement(By.id("restart")).isDisplayed());
        assertTrue(browser.findElement(By.id("certificates")).getText().contains("Host ta7102 Lab Root CA"));
        screenshot("04-certificates-host-uploaded");

        // SIP > Transport: TLS on the gateway's row, TLS 1.2 minimum.
        browser.findElement(By.linkText("Transport")).click();
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the Transport page's table fits a 1280 px window: no sideways scrolling");
        field("new:SipEp.TransportConfig").sendKeys("OpenSIPS");
        new Select(field("new:SipEp.TransportConfig.TlsEnable")).selectByVisibleText("Enable");
        new Select(field("new:SipEp.TransportConfig.UdpEnable")).selectByVisibleText("Disable");
        new Select(field("new:SipEp.TransportConfig.RegistrationEnable")).selectByVisibleText("Enable");
        new Select(field("new:SipEp.TransportConfig.ContactEnable")).selectByVisibleText("Enable");
        new Select(field("SipEp.TransportTlsVersion")).selectByVisibleText("TLSv1_2");
        submit(By.id("save"));
        assertEquals("Saved 5 change(s); restart required for SipEp.", message());
        assertEquals("Enable", new Select(field("SipEp.TransportConfig[OpenSIPS].TlsEnable")).getFirstSelectedOption().getText());
        screenshot("05-sip-transport-tls");

        // A bad value is refused with the profile parser's own words.
        field("SipEp.TransportFailbackInterval").clear();
        field("SipEp.TransportFailbackInterval").sendKeys("2");
        submit(By.id("save"));
        assertTrue(browser.findElement(By.id("errors")).getText().contains("web: SipEp.TransportFailbackInterval: 2 is out of range (allowed: 5..3600)"),
                browser.findElement(By.id("errors")).getText());
        screenshot("06-sip-transport-refused");

        // Telephony > CODECs: secure RTP with SDES; applies at once.
        browser.findElement(By.linkText("CODECs")).click();
        new Select(field("Mipt.DefaultSecurityRtpMode")).selectByVisibleText("Secure");
        // Any registered method's name: a text field, not a list of the DGW's two.
        field("Mipt.DefaultSecurityKeyManagement").clear();
        field("Mipt.DefaultSecurityKeyManagement").sendKeys("Sdes");
        new Select(field("Mipt.AllowUnsecureT38WithSrtp")).selectByVisibleText("Disable");
        submit(By.id("save"));
        assertEquals("Saved 2 change(s); restart required for SipEp.", message(), "the transport change still waits");
        assertEquals("Secure", web.unit.running().get("Mipt.DefaultSecurityRtpMode"), "media settings apply at once");
        screenshot("07-telephony-codecs-secure");

        // Network > Host: an SNTP server.
        browser.findElement(By.linkText("Host")).click();
        field("new:Hoc.StaticSntpServers").sendKeys("1");
        field("new:Hoc.StaticSntpServers.HostName").sendKeys("127.0.0.1:12300");
        submit(By.id("save"));
        assertEquals("127.0.0.1:12300", web.unit.configured().cell("Hoc.StaticSntpServers", "1", "HostName"));
        screenshot("08-network-host-ntp");

        // Restart required services: the transport now runs TLS.
        assertEquals("Disable", web.unit.running().get(org.secureta.provisioning.profile.VariableAddress.cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable")));
        submit(By.id("restart"));
        assertEquals("Restarted SipEp.", message());
        assertEquals("Enable", web.unit.running().cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable"));
        assertEquals(Set.of(), web.unit.pendingServices());

        // What the signalling and media bundles report, as the status page shows it.
        web.unit.post(UnitEvent.of(ClockEvents.KIND, "clock", "unit", "state", "Synchronised", "offset", "+0.004", "server", "127.0.0.1:12300"));
        web.unit.post(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "OpenSIPS", "state", "Up", "localPort", "16000",
                "remoteHost", "proxy.lab:5061", "remoteAddress", "127.0.0.1:5061", "tlsVersion", "TLSv1.3", "suite", "TLS_AES_128_GCM_SHA256"));
        web.unit.post(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "user", "100", "gateway", "OpenSIPS"));
        web.unit.post(UnitEvent.of(UnitEvent.CALL, "call", "c1", "state", "Connected", "secure", "true", "keyManagement", "Sdes",
                "suite", "AES_CM_128_HMAC_SHA1_80", "sent", "250", "received", "248", "peer", "sip:200@127.0.0.1", "reason", ""));
        open("/status");
        assertTrue(browser.findElement(By.id("registrations")).getText().contains("Port1 Registered 100 OpenSIPS"));
        assertTrue(browser.findElement(By.id("tls-links")).getText().contains("OpenSIPS Up 16000 127.0.0.1:5061 TLSv1.3 TLS_AES_128_GCM_SHA256"));
        assertTrue(browser.findElement(By.id("calls")).getText().contains("c1 sip:200@127.0.0.1 Connected true Sdes AES_CM_128_HMAC_SHA1_80 250 248"));
        assertTrue(browser.findElement(By.id("events")).getText().contains("SipEp info establishing persistent connection"));
        screenshot("09-status");

        open("/management/profile");
        assertTrue(browser.findElement(By.id("profile")).getText().contains("SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable"));
        screenshot("10-management-profile");
        Files.writeString(SCREENSHOTS.resolve("README.txt"), "Screenshots of BrowserTest (headless Chromium), one per page visited.\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void anEngineerManagesCertificatesThroughTheCertificatesPage() throws Exception {
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        IssuedCertificate root = kit.certificateAuthority("Lab Root CA");
        IssuedCertificate issuing = kit.issue(CertificateSpec.certificateAuthority("Lab Issuing CA"), root);
        Path chainFile = Files.writeString(dir.resolve("lab-chain.pem"), PemFiles.certificatesPem(List.of(root.certificate(), issuing.certificate())));
        Path leafFile = Files.writeString(dir.resolve("proxy.pem"), PemFiles.certificatesPem(List.of(kit.server("proxy.lab", issuing).certificate())));
        IssuedCertificate p12Host = kit.host("ta7102-p12", issuing, "ta7102.lab");
        Path p12File = dir.resolve("ta7102.p12");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("unit", p12Host.privateKey(), "p12-secret".toCharArray(), p12Host.chain().toArray(new Certificate[0]));
        try (var out = Files.newOutputStream(p12File)) {
            p12.store(out, "p12-secret".toCharArray());
        }
        IssuedCertificate pemHost = kit.host("ta7102-pem", issuing, "ta7102.lab");
        Path crtFile = Files.writeString(dir.resolve("ta7102.crt"), PemFiles.certificatesPem(pemHost.chain()));
        Path keyFile = Files.write(dir.resolve("ta7102.key"), PemFiles.privateKeyPem(pemHost.privateKey(), KeyEncoding.PKCS8));

        open("/login");
        field("password").sendKeys(PASSWORD);
        submit(By.id("login-button"));
        browser.findElement(By.linkText("Certificates")).click();

        // A server certificate is no CA: refused as Other, nothing installed.
        browser.findElement(By.id("category-other")).click();
        field("file").sendKeys(leafFile.toAbsolutePath().toString());
        submit(By.id("upload-button"));
        assertTrue(message().startsWith("proxy.pem: CN=proxy.lab is not a CA certificate (CA flag missing"), message());
        assertEquals(List.of(), web.unit.certificates().list());
        screenshot("cert-01-other-not-a-ca");

        // A chain file, root first: both CAs installed.
        browser.findElement(By.id("category-other")).click();
        field("file").sendKeys(chainFile.toAbsolutePath().toString());
        submit(By.id("upload-button"));
        assertEquals("Uploaded 2 Other certificate(s): Lab Root CA, Lab Issuing CA. Restart required services to use it.", message());
        screenshot("cert-02-other-chain-uploaded");

        // PKCS#12 with a wrong password: refused, and the password is not shown back.
        browser.findElement(By.id("category-host")).click();
        field("file").sendKeys(p12File.toAbsolutePath().toString());
        field("p12password").sendKeys("not-the-secret");
        browser.findElement(By.id("unsecured")).click();
        submit(By.id("upload-button"));
        assertTrue(message().startsWith("ta7102.p12: ") && message().toLowerCase().contains("password"), message());
        assertFalse(browser.getPageSource().contains("not-the-secret"), "a password field is never filled in again");
        screenshot("cert-03-host-p12-wrong-password");

        // ... with the right one, for TlsServer only.
        field("file").sendKeys(p12File.toAbsolutePath().toString());
        field("p12password").sendKeys("p12-secret");
        browser.findElement(By.cssSelector("input[name=usage][value=TlsClient]")).click();
        browser.findElement(By.id("unsecured")).click();
        submit(By.id("upload-button"));
        assertEquals("Uploaded 1 Host certificate(s): ta7102-p12. Restart required services to use it.", message());
        assertTrue(browser.findElement(By.id("certificates")).getText().contains("Host ta7102-p12 Lab Issuing CA"));
        assertEquals(Set.of(org.secureta.provisioning.certs.HostUsage.TlsServer), web.unit.certificates().list().get(0).usage());
        screenshot("cert-04-host-p12-uploaded");

        // A certificate and a separate key file.
        browser.findElement(By.id("category-host")).click();
        field("file").sendKeys(crtFile.toAbsolutePath().toString());
        field("key").sendKeys(keyFile.toAbsolutePath().toString());
        browser.findElement(By.id("unsecured")).click();
        submit(By.id("upload-button"));
        assertEquals("Uploaded 1 Host certificate(s): ta7102-pem. Restart required services to use it.", message());
        assertFalse(browser.getPageSource().contains("PRIVATE KEY"), "a key never goes back to the browser");
        screenshot("cert-05-host-pem-and-key-uploaded");

        // Delete the PKCS#12 one from its row; the page offers the restart.
        WebElement row = browser.findElements(By.cssSelector("#certificates tr")).stream()
                .filter(r -> r.getText().contains("ta7102-p12")).findFirst().orElseThrow();
        String id = web.unit.certificates().list().stream().filter(e -> e.issuedTo().equals("ta7102-p12")).findFirst().orElseThrow().id();
        submit(By.cssSelector("#certificates tr:nth-child(" + (browser.findElements(By.cssSelector("#certificates tr")).indexOf(row) + 1)
                + ") button"));
        assertEquals("Deleted Host certificate ta7102-p12 (" + id + "). Restart required services to stop using it.", message());
        assertFalse(browser.findElement(By.id("certificates")).getText().contains("ta7102-p12"));
        assertTrue(browser.findElement(By.id("restart")).isDisplayed());
        screenshot("cert-06-host-deleted");

        submit(By.id("restart"));
        assertEquals("Status", browser.findElement(By.id("title")).getText());
        assertTrue(web.unit.events().stream().anyMatch(e -> "RestartRequiredServices".equals(e.get("action"))));
        assertTrue(browser.findElement(By.id("events")).getText().contains("Cert info cert " + id + ": Deleted"),
                "the deletion is in the recent events: " + browser.findElement(By.id("events")).getText());
        screenshot("cert-07-restarted");
    }

    /** The CLOCK kind, as the time component posts it. */
    private static final class ClockEvents {
        static final String KIND = org.secureta.provisioning.time.ClockSynchroniser.KIND;
    }
}
