package bot.volvox.ai.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.platform.testing.discord.KafkaGateway;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the ai-service tests share: the fake gateway and the local model, both reset around every test so that one
 * test's scripted answers or recorded actions never leak into the next, and the database.
 */
public abstract class AiTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    protected Pool pool;

    protected KafkaGateway gateway;
    protected AnthropicLocal model;

    @BeforeEach
    void resetGatewayAndModel() {
        gateway = KafkaGateway.get();
        gateway.reset();
        model = AnthropicLocalResource.server();
        model.reset();
    }

    @AfterEach
    void leaveGatewayAndModelClean() {
        gateway.reset();
        model.reset();
    }

    protected List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    /** Stores a section of {@code guild}'s config, as the config API would. */
    protected void config(String guild, String section, String json) {
        // a JsonObject: the client would store a String as a JSON string value
        rows("INSERT INTO config (guild_id, key, value) VALUES ($1, $2, $3)", guild, section, new JsonObject(json));
    }
}
