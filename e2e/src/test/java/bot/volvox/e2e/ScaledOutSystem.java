package bot.volvox.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import bot.volvox.local.Checkout;
import bot.volvox.local.ChildProcess;
import bot.volvox.local.DemoGuildSetup;
import bot.volvox.local.KafkaServer;
import bot.volvox.local.LocalStack;
import bot.volvox.local.Migrations;
import bot.volvox.local.Ports;
import bot.volvox.local.RedisServer;
import bot.volvox.local.ServiceProcesses;
import bot.volvox.local.Shutdown;
import bot.volvox.sandbox.DiscordSandbox;

import static org.awaitility.Awaitility.await;

/**
 * The whole system with several processes per service, on one machine: each replica a child JVM of its own with its
 * own port, log and pid file. Its Kafka (every topic with {@link Shape#partitions} partitions) and Redis are its own,
 * so that its consumer groups never meet those of {@link WholeSystem} in the same test JVM; PostgreSQL is the tests'
 * shared server with a database of its own. The sandbox serves one guild per shard; gateway replica i holds shards
 * {@code i * shardsPerGateway ..}. The JVMs are kept small (serial GC, a small heap, C1 only): eleven of them share
 * two cores here.
 */
final class ScaledOutSystem implements AutoCloseable {
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofMinutes(6);
    /** Small JVMs: on 2 cores the C2 compiler and parallel GC threads of 11 JVMs would starve the work itself. */
    static final String SMALL_JVM = "-XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -Xss512k"
            + " -XX:ReservedCodeCacheSize=64m";

    /** How many processes of each service, the shards per gateway replica and the partitions of every topic. */
    record Shape(int gateways, int shardsPerGateway, int moderation, int ai, int analytics, int scheduler,
                 int partitions) {
        int shardTotal() {
            return gateways * shardsPerGateway;
        }

        Map<String, Integer> replicas() {
            Map<String, Integer> replicas = new LinkedHashMap<>();
            replicas.put("gateway-service", gateways);
            replicas.put("moderation-service", moderation);
            replicas.put("ai-service", ai);
            replicas.put("analytics-service", analytics);
            replicas.put("scheduler-service", scheduler);
            return replicas;
        }
    }

    /** One process of a service: its index among the service's replicas, its URL and its process. */
    static final class Replica {
        final String service;
        final int index;
        final int port;
        ChildProcess process;

        Replica(String service, int index, int port) {
            this.service = service;
            this.index = index;
            this.port = port;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String name() {
            return service + "-" + index;
        }
    }

    private final Shape shape;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaServer kafka;
    private final Optional<RedisServer> redis;
    private final DiscordSandbox sandbox;
    private final String database;
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, List<Replica>> replicas = new LinkedHashMap<>();
    private final Path target;

    private ScaledOutSystem(Shape shape) {
        this.shape = shape;
        this.target = Path.of(System.getProperty("user.dir"), "target", "e2e-scaleout-" + run).toAbsolutePath();
        LocalStack stack = LocalStack.forTests();
        database = "scaleout_" + run;
        stack.postgres().createDatabase(database);
        Migrations.apply(stack.postgres().databaseUrl(database));
        String serviceDatabaseUrl = WholeSystem.withOwnRole(stack, database);
        CompletableFuture<Optional<RedisServer>> redisStart = CompletableFuture.supplyAsync(() ->
                RedisServer.isInstalled() ? Optional.of(RedisServer.start(target.resolve("redis"), 0)) : Optional.empty());
        kafka = KafkaServer.start(target.resolve("kafka"), 0, shape.partitions());
        redis = redisStart.join();
        sandbox = DiscordSandbox.start(0, shape.shardTotal());

        environment.putAll(sandbox.serviceEnvironment());
        environment.put("DATABASE_URL", serviceDatabaseUrl);
        environment.put("DATABASE_SSL", "false");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        redis.ifPresent(server -> environment.put("REDIS_URL", server.url()));
        environment.put("BOT_API_SECRET", WholeSystem.API_SECRET);
        environment.put("VOLVOX_GATEWAY_COMMANDS_PER_USER_LIMIT", "1000");
        environment.put("BOT_OWNER_IDS", sandbox.demo().ownerId());
        environment.put("DISCORD_SHARD_TOTAL", Integer.toString(shape.shardTotal()));
        environment.put(ServiceProcesses.JAVA_OPTS_VARIABLE, SMALL_JVM);
    }

    /** Starts every replica of {@code shape} side by side, waits until all are ready and the guilds configured. */
    static ScaledOutSystem start(Shape shape) {
        ScaledOutSystem system = new ScaledOutSystem(shape);
        Shutdown.closeOnExit(system);
        shape.replicas().forEach((service, count) -> {
            List<Replica> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(new Replica(service, i, Ports.orFree(0)));
            }
            system.replicas.put(service, list);
        });
        // the gateways last: with nine JVMs starting beside them on two cores, JDA's login call timed out (10 s)
        system.startAndAwait(system.all().stream().filter(replica -> !replica.service.equals("gateway-service"))
                .toList());
        system.startAndAwait(system.replicas("gateway-service"));
        await("the gateway to register the bot's slash commands").atMost(Duration.ofMinutes(1))
                .until(() -> system.sandbox.registeredCommandNames().contains("warn"));
        for (int guild = 0; guild < shape.shardTotal(); guild++) {
            DemoGuildSetup.configure(system.sandbox.inGuild(guild));
        }
        return system;
    }

    private void startAndAwait(List<Replica> toStart) {
        toStart.forEach(this::launch);
        CompletableFuture.allOf(toStart.stream().map(replica -> CompletableFuture.runAsync(() ->
                        ServiceProcesses.awaitReady(replica.name(), replica.process, replica.url(), SERVICE_READY_TIMEOUT)))
                .toArray(CompletableFuture[]::new)).join();
    }

    private void launch(Replica replica) {
        Map<String, String> env = new HashMap<>(environment);
        if (replica.service.equals("gateway-service")) {
            int first = replica.index * shape.shardsPerGateway();
            env.put("DISCORD_SHARD_IDS", first + "-" + (first + shape.shardsPerGateway() - 1));
        }
        if (replica.service.equals("scheduler-service")) {
            env.put("VOLVOX_SCHEDULER_REPLICA_ID", "scaleout-" + run + "-" + replica.index);
        }
        Path dir = target.resolve(replica.name());
        replica.process = ServiceProcesses.launch(Checkout.root(), ServiceProcesses.named(replica.service),
                replica.port, env, dir.resolve("logs"), dir.resolve("run"));
    }

    Shape shape() {
        return shape;
    }

    DiscordSandbox sandbox() {
        return sandbox;
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    java.sql.Connection database() throws java.sql.SQLException {
        return LocalStack.forTests().postgres().connect(database);
    }

    List<Replica> replicas(String service) {
        return replicas.get(service);
    }

    List<Replica> all() {
        return replicas.values().stream().flatMap(List::stream).toList();
    }

    /** Kills one replica with SIGKILL (no shutdown hook, no commit, no lease release) and waits until it is gone. */
    void kill(Replica replica) {
        ProcessHandle.of(replica.process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await(replica.name() + " to die").atMost(Duration.ofSeconds(30)).until(() -> !replica.process.isAlive());
    }

    /** Starts a killed replica again on its port, as an orchestrator would, and waits until it is ready. */
    void restart(Replica replica) {
        launch(replica);
        ServiceProcesses.awaitReady(replica.name(), replica.process, replica.url(), SERVICE_READY_TIMEOUT);
    }

    /** The gateway replica that holds {@code guildIndex}'s shard. */
    Replica gatewayOf(String guildId) {
        int shard = (int) ((Long.parseLong(guildId) >> 22) % shape.shardTotal());
        return replicas("gateway-service").get(shard / shape.shardsPerGateway());
    }

    /** Every log line of every replica so far. */
    List<String> allLogLines() {
        List<String> lines = new ArrayList<>();
        for (Replica replica : all()) {
            try {
                lines.addAll(java.nio.file.Files.readAllLines(replica.process.logFile()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        // side by side: each gets its shutdown grace period, and eleven of them one after another take minutes
        CompletableFuture.allOf(all().stream().filter(replica -> replica.process != null)
                .map(replica -> CompletableFuture.runAsync(replica.process::close))
                .toArray(CompletableFuture[]::new)).join();
        sandbox.close();
        redis.ifPresent(RedisServer::close);
        kafka.close();
        Shutdown.forget(this);
    }
}
