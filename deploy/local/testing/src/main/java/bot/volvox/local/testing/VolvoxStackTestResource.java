package bot.volvox.local.testing;

import bot.volvox.local.LocalStack;
import bot.volvox.local.Migrations;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test the shared real servers ({@link LocalStack#forTests()}) and a database of its own,
 * migrated to the current schema. Init arg {@code migrate=false} leaves the new database empty.
 *
 * <p>Returns the product's own variables (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, REDIS_URL, DATABASE_SSL),
 * which platform maps onto Quarkus properties exactly as in production.
 */
public class VolvoxStackTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean migrate = true;

    @Override
    public void init(Map<String, String> initArgs) {
        migrate = !"false".equalsIgnoreCase(initArgs.getOrDefault("migrate", "true").trim());
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = LocalStack.forTests();
        String database = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        stack.postgres().createDatabase(database);
        String databaseUrl = stack.postgres().databaseUrl(database);
        if (migrate) {
            Migrations.apply(databaseUrl);
        }
        Map<String, String> config = new HashMap<>();
        config.put("DATABASE_URL", databaseUrl);
        config.put("DATABASE_SSL", "false");
        config.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        stack.redis().ifPresent(redis -> config.put("REDIS_URL", redis.url()));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    /** The servers outlive a test class (one set per JVM); its database is wiped with target/ next run. */
    @Override
    public void stop() {
    }
}
