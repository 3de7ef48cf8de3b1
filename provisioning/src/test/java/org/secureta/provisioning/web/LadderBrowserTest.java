package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.secureta.provisioning.ladder.Ladders;
import org.secureta.provisioning.ladder.SipExchanges;
import org.secureta.provisioning.ladder.internal.MessageTraceComponent;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

/**
 * The Status page's ladders in a real browser (Debian's headless Chromium, as {@link BrowserTest}):
 * the inline SVG is drawn under the page's Content-Security-Policy, with its colours. Screenshot:
 * target/screenshots/ladder-status.png.
 */
class LadderBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String PASSWORD = "Lab-Admin-7102";

    @TempDir
    Path dir;

    private WebFixture web;
    private WebDriver browser;
    private final MessageTraceComponent trace = new MessageTraceComponent(2000);

    @BeforeEach
    void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        web = new WebFixture(dir.resolve("home"), "SipEp.UserAgent[Port1].Username=100\n", PASSWORD);
        web.servlet.showLadders(() -> Ladders.recentCalls(trace.ladders(), 3));
        browser = HeadlessChromium.start(dir.resolve("chromium"), "1280,1600");
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

    @Test
    void theStatusPageDrawsTheLadderOfTheLastCallsWithTheirColours() throws Exception {
        // A secure SDES call between the units, then a call refused with 415 over plain UDP.
        List<org.secureta.transport.SipMessageRecord> both = new java.util.ArrayList<>(SipExchanges.sdesCall("sdes@ta", true, 0));
        both.addAll(SipExchanges.sdesCall("sdes@ta", false, 0));
        both.forEach(trace::messageSeen);
        trace.messageSeen(SipExchanges.record(SipExchanges.T0.plusSeconds(5), Direction.SENT, "127.0.0.1:5060", "127.0.0.1:5070",
                Transport.UDP, "none", SipExchanges.message("INVITE sip:200@lab SIP/2.0", "udp@ta", "1 INVITE", SipExchanges.mikeyOffer())));
        trace.messageSeen(SipExchanges.record(SipExchanges.T0.plusSeconds(5).plusMillis(4), Direction.RECEIVED, "127.0.0.1:5060",
                "127.0.0.1:5070", Transport.UDP, "none", SipExchanges.message("SIP/2.0 415 Unsupported Media Type", "udp@ta", "1 INVITE", "")));

        browser.get(web.url("/login"));
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-button")).click();
        // The login posts and redirects to the Status page: wait for it rather than racing it.
        WebElement ladders = new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(b -> b.findElements(By.id("ladders")).stream().findFirst().orElse(null));
        List<WebElement> svgs = ladders.findElements(By.cssSelector("svg.sip-ladder"));
        assertEquals(2, svgs.size());
        for (WebElement svg : svgs) {
            assertTrue(svg.getSize().getWidth() > 400 && svg.getSize().getHeight() > 150, "drawn: " + svg.getSize());
        }
        // newest first: the refused UDP call, red; then the SDES call, green
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object refused = js.executeScript("return Array.from(arguments[0].querySelectorAll('g.message line'))"
                + ".map(l => getComputedStyle(l).stroke)", svgs.get(0));
        assertEquals(List.of("rgb(192, 38, 45)", "rgb(192, 38, 45)"), refused);
        Object secure = js.executeScript("return Array.from(arguments[0].querySelectorAll('g.message line'))"
                + ".map(l => getComputedStyle(l).stroke)", svgs.get(1));
        assertEquals(java.util.Collections.nCopies(7, "rgb(29, 122, 44)"), secure);
        assertTrue(svgs.get(0).getText().contains("415 Unsupported Media Type"), svgs.get(0).getText());
        assertTrue(svgs.get(0).getText().contains("offer RTP/SAVP MIKEY"), svgs.get(0).getText());
        assertTrue(svgs.get(1).getText().contains("INVITE"));
        js.executeScript("arguments[0].scrollIntoView()", ladders);
        Files.write(SCREENSHOTS.resolve("ladder-status.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
