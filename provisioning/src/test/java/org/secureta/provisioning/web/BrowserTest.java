package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/**
 * The web management in a real browser: Debian's headless Chromium driven by its chromedriver
 * (packages {@code chromium} and {@code chromium-driver}) through Selenium. It walks the guide's
 * set-up as an engineer would and saves a screenshot of each page in target/screenshots.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String PASSWORD = "Lab-Admin-7102";

    @TempDir
    Path dir;

    private WebFixture web;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (Debian packages chromium, chromium-driver): test skipped");
        web = new WebFixture(dir.resolve("home"), "SipEp.UserAgent[Port1].Username=100\nSipEp.UserAgent[Port1].FriendlyName=Lab phone\n", PASSWORD);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--ignore-certificate-errors",
                "--disable-dev-shm-usage", "--window-size=1280,1100", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
        new Select(field("Mipt.DefaultSecurityKeyManagement")).selectByVisibleText("Sdes");
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
        web.unit.post(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "OpenSIPS", "state", "Up", "local", "127.0.0.1:16000", "remote", "127.0.0.1:5061"));
        web.unit.post(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "user", "100", "gateway", "OpenSIPS"));
        web.unit.post(UnitEvent.of(UnitEvent.CALL, "call", "c1", "state", "Connected", "secure", "true", "keyManagement", "Sdes",
                "suite", "AES_CM_128_HMAC_SHA1_80"));
        open("/status");
        assertTrue(browser.findElement(By.id("registrations")).getText().contains("Port1 Registered 100 OpenSIPS"));
        assertTrue(browser.findElement(By.id("tls-links")).getText().contains("OpenSIPS Up 127.0.0.1:16000 127.0.0.1:5061"));
        assertTrue(browser.findElement(By.id("calls")).getText().contains("c1 Connected true Sdes AES_CM_128_HMAC_SHA1_80"));
        assertTrue(browser.findElement(By.id("events")).getText().contains("SipEp info establishing persistent connection"));
        screenshot("09-status");

        open("/management/profile");
        assertTrue(browser.findElement(By.id("profile")).getText().contains("SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable"));
        screenshot("10-management-profile");
        Files.writeString(SCREENSHOTS.resolve("README.txt"), "Screenshots of BrowserTest (headless Chromium), one per page visited.\n",
                StandardCharsets.UTF_8);
    }

    /** The CLOCK kind, as the time component posts it. */
    private static final class ClockEvents {
        static final String KIND = org.secureta.provisioning.time.ClockSynchroniser.KIND;
    }
}
