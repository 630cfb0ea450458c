package bot.volvox.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a Quarkus test the product's own environment variables (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS,
 * REDIS_URL) — never Quarkus properties — so the tests also prove platform-config's mapping.
 * Init arg {@code redis}: {@code plain} (default), {@code password} or {@code none};
 * {@code database}: {@code up} (default) or {@code down} (a port nobody listens on).
 */
public class PlatformStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "platform_test";

    private String redis = "plain";
    private String database = "up";

    @Override
    public void init(Map<String, String> initArgs) {
        redis = initArgs.getOrDefault("redis", redis);
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> env = new HashMap<>();
        if (database.equals("down")) {
            env.put("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:" + bot.volvox.local.Ports.orFree(0) + "/nowhere");
        } else {
            env.put("DATABASE_URL", PlatformStack.postgres().databaseUrl(PlatformStack.migratedDatabase(DATABASE)));
        }
        env.put("DATABASE_SSL", "false");
        env.put("KAFKA_BOOTSTRAP_SERVERS", PlatformStack.kafka().bootstrapServers());
        switch (redis) {
            case "plain" -> env.put("REDIS_URL", PlatformStack.redis().url());
            case "password" -> env.put("REDIS_URL", PlatformStack.redisWithPassword().url());
            default -> { }
        }
        return env;
    }

    @Override
    public void stop() {
        // the servers are shared by every test class of this JVM; the reaper stops them at exit
    }
}
