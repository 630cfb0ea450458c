package bot.volvox.e2e;

import bot.volvox.sandbox.browser.HeadlessChrome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a newcomer first meets the bot: the sandbox's web page in a real headless Chromium, against the whole system.
 * A member says hello, a moderator runs {@code /warn} from the page's form, and the bot's answer shows on the page.
 */
class SandboxWebPageEndToEndTest extends WholeSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    private static HeadlessChrome chrome;

    @BeforeAll
    static void openTheBrowser() {
        chrome = HeadlessChrome.start();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (chrome != null) {
            chrome.close();
        }
    }

    @Test
    void sendAMessageRunWarnAndSeeTheAnswer() {
        WebDriver page = chrome.driver();
        WebDriverWait wait = new WebDriverWait(page, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        page.get("http://127.0.0.1:" + sandbox.port() + "/sandbox/ui/?as=carol");
        wait.until(ExpectedConditions.titleIs("Volvox Sandbox"));

        page.findElement(By.id("message-input")).sendKeys("hi everyone, first time here");
        page.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "hi everyone, first time here"));

        new Select(page.findElement(By.id("as-user"))).selectByValue("moderator");
        wait.until(driver -> new Select(driver.findElement(By.id("command-select"))).getOptions().stream()
                .anyMatch(option -> "warn".equals(option.getAttribute("value"))));
        new Select(page.findElement(By.id("command-select"))).selectByValue("warn");
        new Select(page.findElement(By.cssSelector("[data-option='user']"))).selectByValue("carol");
        page.findElement(By.cssSelector("[data-option='reason']")).sendKeys("testing the web page");
        page.findElement(By.id("run-command")).click();

        String interactionId = wait.until(driver -> driver.findElement(By.cssSelector("#answers .answer"))
                .getAttribute("id")).substring("answer-".length());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer-" + interactionId),
                "has been warned"));
        assertThat(page.findElement(By.id("answer-" + interactionId)).getText()).contains("carol")
                .containsPattern("Case #\\d+");
        assertThat(users.awaitReply(interactionId)).as("what the sandbox recorded as the bot's answer")
                .contains("has been warned");
    }
}
