package dev.casguard.operator;

import static dev.casguard.testing.Api.ADMIN_TOKEN;
import static dev.casguard.testing.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casguard.testing.Api;
import dev.casguard.testing.CasguardInstance;
import dev.casguard.testing.Database;
import dev.casguard.testing.Eventually;
import dev.casguard.testing.RegistryServer;
import dev.casguard.testing.Teardown;
import dev.casguard.testing.TestPorts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator page in Debian's headless Chromium against a real instance whose checker runs
 * every 10 s on a real registry: sign-in refusals, real organizations, backends and ticks,
 * auto-refresh without reload, a screenshot that is a real rendering, and logout.
 */
class OperatorPageIT {

    private static final int REGISTRY_PORT = TestPorts.port("operator.registry");
    private static final int INSTANCE_PORT = TestPorts.port("operator.instance");
    private static final String ORG = Api.unique("ops");

    private static RegistryServer registry;
    private static CasguardInstance instance;
    private static Api api;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Database.retireEveryOrganization();
        registry = RegistryServer.basic(REGISTRY_PORT, "ops", "pw-ops");
        instance = CasguardInstance.launch("operator-a", INSTANCE_PORT, CasguardInstance.settings(
                "CASGUARD_CHECKER_INITIAL_DELAY", "PT0S",
                "CASGUARD_CHECKER_DEFAULTS_INTERVAL", "PT10S",
                "CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:" + REGISTRY_PORT))
                .awaitReady(Duration.ofMinutes(3));
        api = instance.api();
        api.createOrg(ORG);
        api.createOci(ORG, "registry", "127.0.0.1:" + REGISTRY_PORT + "/ops/main", "ops", "pw-ops", true, false);
        assertEquals(201, api.post("api/v1/orgs/" + ORG + "/cas-backends", ADMIN_TOKEN,
                obj("name", "inline", "provider", "INLINE", "fallback", true)).status());
        Eventually.waitFor(Duration.ofSeconds(40), () -> api.get("api/v1/checker/ticks?scope=defaults", ADMIN_TOKEN)
                .body().contains("\"operator-a\""));

        profile = Files.createTempDirectory("casguard-chromium");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        Teardown.close(instance, registry);
    }

    @Test
    void theOperatorPageShowsLiveStateAfterAdminSignIn() throws Exception {
        Api.Reply page = api.get("/", null);
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));

        browser.get(instance.base());
        shows(() -> browser.findElement(By.id("login-form")).isDisplayed());

        signIn("not-a-token");
        shows(() -> browser.findElement(By.id("login-error")).isDisplayed());
        assertEquals("Unknown or revoked token.", text("login-error"));
        signIn(api.mintToken(ORG, "browser"));
        shows(() -> text("login-error").startsWith("This is not the admin token"));
        assertFalse(browser.findElement(By.id("dashboard")).isDisplayed(), "no data without the admin token");

        signIn(ADMIN_TOKEN);
        shows(() -> text("orgs").contains(ORG) && text("backends").contains("registry")
                && text("ticks").contains("operator-a"));
        String backends = text("backends");
        assertTrue(backends.contains("127.0.0.1:" + REGISTRY_PORT + "/ops/main"), backends);
        assertTrue(row("backends", "registry").contains("OK"), "validated by the real registry: " + backends);
        assertTrue(row("backends", "registry").contains("default"), backends);
        assertTrue(row("backends", "inline").contains("fallback"), backends);
        assertTrue(row("orgs", ORG).contains("default registry"), "where uploads go: " + text("orgs"));
        assertTrue(row("ticks", "operator-a").contains("completed"), text("ticks"));
        assertFalse(text("dashboard").contains("pw-ops"), "no credentials on the page");

        // A change made elsewhere appears by the page's own refresh, without a reload.
        js("window.casguardNoReload = true;");
        api.createOci(ORG, "registry-two", "127.0.0.1:" + REGISTRY_PORT + "/ops/two", "ops", "pw-ops", false, false);
        shows(() -> text("backends").contains("registry-two"));
        assertEquals(Boolean.TRUE, js("return window.casguardNoReload === true;"), "refreshed in place");
        assertTrue(text("refreshed").startsWith("refreshed "), text("refreshed"));

        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "operator-page.png"), png);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(shot.getWidth() >= 1000 && shot.getHeight() >= 600, shot.getWidth() + "x" + shot.getHeight());
        assertTrue(distinctColours(shot) > 50, "a rendered page, not a blank one");

        browser.findElement(By.id("logout")).click();
        shows(() -> browser.findElement(By.id("login-form")).isDisplayed());
        assertEquals(0L, js("return sessionStorage.length;"), "the token is gone");
        assertFalse(browser.findElement(By.id("dashboard")).isDisplayed());
        assertFalse(text("orgs").contains(ORG), "and so is the data");
    }

    /** Waits for the page to show something: its refresh runs every 10 s. */
    private static void shows(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Eventually.waitFor(Duration.ofSeconds(25), condition);
    }

    private static void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    private static String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent;", id);
    }

    /** The text of the first row of a table that mentions {@code needle}. */
    private static String row(String table, String needle) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(r -> (String) js("return arguments[0].textContent;", r))
                .filter(t -> t.contains(needle)).findFirst().orElse("");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
