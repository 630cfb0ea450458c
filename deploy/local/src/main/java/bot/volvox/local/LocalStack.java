package bot.volvox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * One PostgreSQL, one Kafka broker and (when installed) one Redis for a whole test JVM, started on first
 * use and stopped when the JVM exits. Data lives in {@code <module>/target/volvox-test/}, wiped at start.
 *
 * <p>Quarkus loads test classes and test resources in different class loaders, so this class can exist
 * twice in one JVM. The copy that starts the servers publishes their ports as system properties (visible
 * to every class loader); a later copy attaches to them instead of starting a second set.
 */
public final class LocalStack {

    private static final String PROPERTY_PREFIX = "volvox.test-stack.";
    private static final String POSTGRES_PORT = PROPERTY_PREFIX + "postgres.port";
    private static final String KAFKA_PORT = PROPERTY_PREFIX + "kafka.port";
    private static final String REDIS_PORT = PROPERTY_PREFIX + "redis.port";
    private static final String ROOT = PROPERTY_PREFIX + "root";

    /**
     * A lock shared by every copy of this class: string literals are interned once per JVM, whatever the
     * class loader. (Not System.getProperties(): the JDK itself locks that while servers start, e.g. to
     * set the default time zone, and would deadlock against a thread waiting for them.)
     */
    private static final String JVM_WIDE_LOCK = "bot.volvox.local.LocalStack.forTests";

    private static LocalStack forTests;

    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final Optional<RedisServer> redis;

    private LocalStack(PostgresServer postgres, KafkaServer kafka, Optional<RedisServer> redis) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.redis = redis;
    }

    /** The servers shared by every test of this JVM. */
    public static LocalStack forTests() {
        synchronized (JVM_WIDE_LOCK) {
            if (forTests == null) {
                forTests = System.getProperty(POSTGRES_PORT) != null ? attach() : startForTests();
            }
            return forTests;
        }
    }

    private static LocalStack attach() {
        Path root = Path.of(System.getProperty(ROOT));
        return new LocalStack(
                PostgresServer.attach(Integer.parseInt(System.getProperty(POSTGRES_PORT))),
                KafkaServer.attach(Integer.parseInt(System.getProperty(KAFKA_PORT))),
                Optional.ofNullable(System.getProperty(REDIS_PORT)).map(port ->
                        RedisServer.attach(root.resolve("redis"), Integer.parseInt(port), RedisServer.Settings.ephemeral())));
    }

    private static LocalStack startForTests() {
        Path root = Path.of(System.getProperty("user.dir"), "target", "volvox-test").toAbsolutePath();
        stopLeftovers(root);
        wipe(root);
        // started side by side: Kafka's JVM takes longest, PostgreSQL and Redis are ready meanwhile
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(() ->
                PostgresServer.start(root.resolve("postgres"), 0, Map.of("fsync", "off", "full_page_writes", "off")));
        CompletableFuture<KafkaServer> kafka = CompletableFuture.supplyAsync(() -> KafkaServer.start(root.resolve("kafka"), 0));
        CompletableFuture<Optional<RedisServer>> redis = CompletableFuture.supplyAsync(() -> RedisServer.isInstalled()
                ? Optional.of(RedisServer.start(root.resolve("redis"), 0))
                : Optional.empty());
        LocalStack stack;
        try {
            stack = new LocalStack(postgres.join(), kafka.join(), redis.join());
        } catch (CompletionException e) {
            closeQuietly(postgres);
            closeQuietly(kafka);
            redis.thenAccept(r -> r.ifPresent(RedisServer::close)).exceptionally(t -> null);
            throw new IllegalStateException("The test servers did not start: " + e.getCause().getMessage(), e.getCause());
        }
        System.setProperty(ROOT, root.toString());
        System.setProperty(POSTGRES_PORT, Integer.toString(stack.postgres.port()));
        System.setProperty(KAFKA_PORT, Integer.toString(stack.kafka.port()));
        stack.redis.ifPresent(r -> System.setProperty(REDIS_PORT, Integer.toString(r.port())));
        return stack;
    }

    private static void closeQuietly(CompletableFuture<? extends AutoCloseable> server) {
        server.thenAccept(s -> {
            try {
                s.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }).exceptionally(t -> null);
    }

    /** Servers a killed test JVM left running in {@code root} would keep memory and the data directory. */
    private static void stopLeftovers(Path root) {
        ChildProcess.stopStale(root.resolve("postgres/postmaster.pid"), "postgres");
        ChildProcess.stopStale(root.resolve("kafka/kafka.pid"), "kafka.Kafka");
        ChildProcess.stopStale(root.resolve("redis/redis.pid"), "redis-server");
    }

    private static void wipe(Path root) {
        try {
            if (Files.exists(root)) {
                try (Stream<Path> paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + root, e);
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaServer kafka() {
        return kafka;
    }

    /** Redis, unless redis-server is not installed (then the services use their in-memory fallback). */
    public Optional<RedisServer> redis() {
        return redis;
    }
}
