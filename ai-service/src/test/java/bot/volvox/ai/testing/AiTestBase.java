package bot.volvox.ai.testing;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.platform.testing.discord.DomainServiceTestBase;
import io.vertx.core.json.JsonObject;

/**
 * What the ai-service tests share: the fake gateway and the local model, both reset around every test so that one
 * test's scripted answers or recorded actions never leak into the next, and the database.
 */
public abstract class AiTestBase extends DomainServiceTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected AnthropicLocal model;

    @BeforeEach
    void resetModel() {
        model = AnthropicLocalResource.server();
        model.reset();
    }

    @AfterEach
    void leaveModelClean() {
        model.reset();
    }

    /** Stores a section of {@code guild}'s config, as the config API would. */
    protected void config(String guild, String section, String json) {
        // a JsonObject: the client would store a String as a JSON string value
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, $2, $3)", guild, section, new JsonObject(json));
    }
}
