package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.secureta.opensips.Cli;

/**
 * The walk-through's case in a browser: a unit with the Host certificate {@code ta certs --unit
 * ta1} made, its pages opened at {@code https://127.0.0.1:PORT/} in the real Felix/Jetty server
 * (which refuses a Host its certificate does not name with "400 Invalid SNI" and a stack trace).
 */
class WebByAddressIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void aBrowserOpensTheUnitsPagesAtItsAddressWithTheKitsHostCertificate() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (Debian packages chromium, chromium-driver): test skipped");
        Path kit = dir.resolve("kit");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(Cli.OK, Cli.certs(new String[] {"--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "ta1"}, out, out),
                printed.toString(StandardCharsets.UTF_8));
        Path home = dir.resolve("home");
        Path hostFolder = Files.createDirectories(home.resolve("certs/host"));
        Files.copy(kit.resolve("units/ta1/certs/host/ta1.crt"), hostFolder.resolve("ta1.crt"));
        Files.copy(kit.resolve("units/ta1/certs/host/ta1.key"), hostFolder.resolve("ta1.key"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path profile = Files.writeString(dir.resolve("ta1.profile"), "SecureTA.WebHttpsPort=" + port + "\nSecureTA.WebAdminPassword=it-password\n");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The lab CA is not in Chromium's store: the certificate's trust is not what is tested here, its names are.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--ignore-certificate-errors",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        try (Container c = Container.start(new LaunchOptions(ContainerIT.DIST, home, Optional.of(profile), false, false))) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)), () -> "not ready: " + c.bundlesNotUp());
            String url = "https://127.0.0.1:" + port + "/";
            assertTrue(c.command("status").contains("WEB web=https state=Configured url=" + url), c.command("status"));
            ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build(), options);
            try {
                browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                // Until the servlet is on the whiteboard the server answers 404.
                do {
                    browser.get(url);
                } while (browser.findElements(By.id("login")).isEmpty() && System.nanoTime() < deadline && pause());
                String page = browser.getPageSource();
                assertFalse(page.contains("Invalid SNI"), page);
                assertFalse(page.contains("at org.eclipse.jetty"), "no stack trace: " + page);
                browser.findElement(By.id("password")).sendKeys("it-password");
                browser.findElement(By.id("login-button")).click();
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20))
                        .until(b -> b.getCurrentUrl().endsWith("/status"));
                assertEquals(url + "status", browser.getCurrentUrl());
                assertEquals("Status", browser.findElement(By.id("title")).getText());
            } finally {
                browser.quit();
            }
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}
