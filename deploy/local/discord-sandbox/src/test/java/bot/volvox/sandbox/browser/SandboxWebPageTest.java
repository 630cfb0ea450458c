package bot.volvox.sandbox.browser;

import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's web page in a real headless Chromium, with the test playing the bot over the REST API: a message
 * sent on the page reaches the guild, a slash command run from the page's form reaches the bot as an interaction
 * with the chosen options, and the bot's answer shows on the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxWebPageTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private DiscordSandbox sandbox;
    private HeadlessChrome chrome;

    @BeforeAll
    void start() throws Exception {
        sandbox = DiscordSandbox.start(0);
        // what the bot registers at start: /warn user:<user> reason:<text>
        HttpResponse<String> registered = rest("PUT", "applications/" + sandbox.demo().applicationId() + "/commands",
                "[{\"name\":\"warn\",\"description\":\"Warn a member\",\"options\":["
                        + "{\"type\":6,\"name\":\"user\",\"description\":\"who\",\"required\":true},"
                        + "{\"type\":3,\"name\":\"reason\",\"description\":\"why\",\"required\":false}]}]");
        assertThat(registered.statusCode()).isEqualTo(200);
        chrome = HeadlessChrome.start();
    }

    @AfterAll
    void stop() {
        if (chrome != null) {
            chrome.close();
        }
        sandbox.close();
    }

    private HttpResponse<String> rest(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.restBaseUrl() + path))
                .header("Authorization", "Bot " + sandbox.botToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sendAMessageRunWarnAndSeeTheAnswer() throws Exception {
        WebDriver page = chrome.driver();
        WebDriverWait wait = new WebDriverWait(page, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        page.get("http://127.0.0.1:" + sandbox.port() + "/");
        wait.until(ExpectedConditions.titleIs("Volvox Sandbox"));

        new Select(page.findElement(By.id("as-user"))).selectByValue("alice");
        page.findElement(By.id("message-input")).sendKeys("hello from the browser");
        page.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "hello from the browser"));
        assertThat(sandbox.messages("general")).anySatisfy(message -> {
            assertThat(message.content()).isEqualTo("hello from the browser");
            assertThat(message.authorId()).isEqualTo(sandbox.demo().aliceId());
        });

        new Select(page.findElement(By.id("as-user"))).selectByValue("moderator");
        wait.until(driver -> !new Select(driver.findElement(By.id("command-select"))).getOptions().stream()
                .filter(option -> option.getAttribute("value").equals("warn")).toList().isEmpty());
        new Select(page.findElement(By.id("command-select"))).selectByValue("warn");
        new Select(page.findElement(By.cssSelector("[data-option='user']"))).selectByValue("bob");
        page.findElement(By.cssSelector("[data-option='reason']")).sendKeys("spam");
        page.findElement(By.id("run-command")).click();

        String interactionId = wait.until(driver -> driver.findElement(By.cssSelector("#answers .answer"))
                .getAttribute("id")).substring("answer-".length());
        InteractionState interaction = sandbox.interaction(interactionId);
        assertThat(interaction.name()).isEqualTo("warn");
        assertThat(interaction.userId()).isEqualTo(sandbox.demo().moderatorId());

        // the bot answers, ephemeral as moderation commands do
        HttpResponse<String> callback = rest("POST", "interactions/" + interactionId + "/" + interaction.token()
                + "/callback", "{\"type\":4,\"data\":{\"content\":\"Warned <@" + sandbox.demo().bobId()
                + ">: spam\",\"flags\":64}}");
        assertThat(callback.statusCode()).isEqualTo(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer-" + interactionId),
                "Warned <@" + sandbox.demo().bobId() + ">: spam"));
        assertThat(page.findElement(By.id("answer-" + interactionId)).getText()).contains("Only you can see this");
        // the call shows among the bot's calls
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("calls"),
                "POST interactions/" + interactionId));
    }
}
