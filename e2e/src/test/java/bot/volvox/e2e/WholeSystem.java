package bot.volvox.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.local.Checkout;
import bot.volvox.local.DemoGuildSetup;
import bot.volvox.local.ChildProcess;
import bot.volvox.local.LocalStack;
import bot.volvox.local.Migrations;
import bot.volvox.local.Ports;
import bot.volvox.local.ServiceProcesses;
import bot.volvox.local.Shutdown;
import bot.volvox.mem0local.Mem0Local;
import bot.volvox.sandbox.DiscordSandbox;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as {@code ./volvox run} starts it, on free ports: PostgreSQL 17, Kafka and Redis (shared by
 * the tests of this JVM), a database of its own migrated by the db-migrations tool, the Discord sandbox, and
 * the five services as their packaged jars in child JVMs. Started once per test JVM; the servers and services
 * stop when the JVM exits.
 */
final class WholeSystem {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofMinutes(4);

    /** BOT_API_SECRET of the services' REST APIs: random, so that a test can look for it where it must not be. */
    static final String API_SECRET = "e2e-api-" + UUID.randomUUID();
    /** The services' database password (their own role, not the superuser's): random for the same reason. */
    static final String DATABASE_PASSWORD = "e2e-db-" + UUID.randomUUID();

    private static WholeSystem instance;

    private final DiscordSandbox sandbox;
    private final String database;
    private final Map<String, String> serviceUrls;
    private final Map<String, ChildProcess> processes;
    private final Map<String, String> serviceEnvironment;

    private WholeSystem(DiscordSandbox sandbox, String database, Map<String, String> serviceUrls,
                        Map<String, ChildProcess> processes, Map<String, String> serviceEnvironment) {
        this.sandbox = sandbox;
        this.database = database;
        this.serviceUrls = serviceUrls;
        this.processes = processes;
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    static synchronized WholeSystem get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static WholeSystem start() {
        LocalStack stack = LocalStack.forTests();
        String database = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        stack.postgres().createDatabase(database);
        String databaseUrl = stack.postgres().databaseUrl(database);
        Migrations.apply(databaseUrl);
        String serviceDatabaseUrl = withOwnRole(stack, database);

        DiscordSandbox sandbox = DiscordSandbox.start(0);
        Shutdown.closeOnExit(sandbox);

        Map<String, String> environment = new HashMap<>(sandbox.serviceEnvironment());
        environment.put("DATABASE_URL", serviceDatabaseUrl);
        environment.put("DATABASE_SSL", "false");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        stack.redis().ifPresent(redis -> environment.put("REDIS_URL", redis.url()));
        environment.put("BOT_API_SECRET", API_SECRET);
        // scripted demo users run commands back to back, faster than the per-user limit (5 per 10 s) lets a person
        environment.put("VOLVOX_GATEWAY_COMMANDS_PER_USER_LIMIT", "1000");
        // the demo owner is the bot's owner, who alone may /reload
        environment.put("BOT_OWNER_IDS", sandbox.demo().ownerId());

        Path checkout = Checkout.root();
        Path target = Path.of(System.getProperty("user.dir"), "target", "e2e");
        Map<String, ChildProcess> processes = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceProcesses.Service service : ServiceProcesses.ALL) {
            int port = Ports.orFree(0);
            urls.put(service.name(), "http://127.0.0.1:" + port);
            processes.put(service.name(), ServiceProcesses.launch(checkout, service, port, environment,
                    target.resolve("logs"), target.resolve("run")));
        }
        // side by side, as they start in production: each waits only for its own dependencies
        List<CompletableFuture<Void>> ready = processes.entrySet().stream()
                .map(e -> CompletableFuture.runAsync(() -> ServiceProcesses.awaitReady(e.getKey(), e.getValue(),
                        urls.get(e.getKey()), SERVICE_READY_TIMEOUT)))
                .toList();
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();

        await("the gateway to register the bot's slash commands in the sandbox").atMost(Duration.ofMinutes(1))
                .until(() -> sandbox.registeredCommandNames().contains("ban"));
        WholeSystem system = new WholeSystem(sandbox, database, urls, processes, environment);
        // as ./volvox run does: the demo guild configured for every example the demo prints
        DemoGuildSetup.configure(sandbox);
        return system;
    }

    /** A login role of the services with {@link #DATABASE_PASSWORD}, allowed what they need; its database URL. */
    static String withOwnRole(LocalStack stack, String database) {
        String role = database + "_services";
        try (Connection connection = stack.postgres().connect(database);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + DATABASE_PASSWORD + "'");
            statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + role);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
            statement.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the services' database role", e);
        }
        return "postgresql://" + role + ":" + DATABASE_PASSWORD + "@127.0.0.1:" + stack.postgres().port() + "/"
                + database;
    }

    DiscordSandbox sandbox() {
        return sandbox;
    }

    /** A connection to the system's database, for reading what the services stored. */
    Connection database() throws SQLException {
        return LocalStack.forTests().postgres().connect(database);
    }

    String serviceUrl(String service) {
        return serviceUrls.get(service);
    }

    /** The variables every service of this system runs with (database, Kafka, Redis, the sandbox). */
    Map<String, String> serviceEnvironment() {
        return serviceEnvironment;
    }

    /** Another process of {@code service} beside the system's own, on {@code port}; the caller stops it. */
    ChildProcess launchExtra(String service, String name, int port, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new java.util.HashMap<>(serviceEnvironment);
        environment.putAll(extraEnvironment);
        Path target = Path.of(System.getProperty("user.dir"), "target", "e2e-" + name);
        return ServiceProcesses.launch(Checkout.root(), ServiceProcesses.named(service), port, environment,
                target.resolve("logs"), target.resolve("run"));
    }

    /** A service put in place of the system's own; closing it brings the system's own back and waits until ready. */
    interface Replacement extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Replaces the system's ai-service, which runs without a provider key, by one pointed at {@code model} (the
     * local Anthropic server), and waits until it is ready.
     */
    Replacement aiServiceOn(AnthropicLocal model) {
        return aiServiceOn(model, Map.of());
    }

    /** As {@link #aiServiceOn(AnthropicLocal)}, with the local mem0-compatible store as its memory store. */
    Replacement aiServiceOn(AnthropicLocal model, Mem0Local memory) {
        return aiServiceOn(model, Map.of("MEM0_BASE_URL", memory.baseUrl(), "MEM0_API_KEY", Mem0Local.KEY));
    }

    private Replacement aiServiceOn(AnthropicLocal model, Map<String, String> extraEnvironment) {
        int port = Ports.orFree(0);
        // stopped as a rollout stops it: its consumers leave their groups, so the replacement gets the partitions at
        // once instead of after the killed members' session timeout (45 s)
        processes.get("ai-service").stop();
        Map<String, String> environment = new java.util.HashMap<>(extraEnvironment);
        environment.putAll(Map.of("ANTHROPIC_BASE_URL", model.baseUrl(), "ANTHROPIC_API_KEY", "sk-e2e-local",
                "AI_DEFAULT_MODEL", "anthropic:" + AnthropicLocal.MODEL));
        ChildProcess ai = launchExtra("ai-service", "ai-local-model-" + UUID.randomUUID().toString().substring(0, 8),
                port, environment);
        Replacement replacement = () -> {
            ai.close();
            restart("ai-service");
            await("the system's ai-service back").atMost(SERVICE_READY_TIMEOUT).until(() -> notReady().isEmpty());
        };
        try {
            ServiceProcesses.awaitReady("ai-service (local model)", ai, "http://127.0.0.1:" + port,
                    SERVICE_READY_TIMEOUT);
        } catch (RuntimeException e) {
            replacement.close();
            throw e;
        }
        return replacement;
    }

    /** Kills the system's {@code service} with SIGKILL (no shutdown hook runs) and waits until it is gone. */
    void kill(String service) {
        ChildProcess process = processes.get(service);
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await(service + " to die").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** Starts the killed {@code service} again on its port, as an orchestrator would; does not wait for it. */
    void restart(String service) {
        Path target = Path.of(System.getProperty("user.dir"), "target", "e2e");
        int port = Integer.parseInt(serviceUrls.get(service).substring(serviceUrls.get(service).lastIndexOf(':') + 1));
        processes.put(service, ServiceProcesses.launch(Checkout.root(), ServiceProcesses.named(service), port,
                serviceEnvironment, target.resolve("logs"), target.resolve("run")));
    }

    /** CPU time {@code service}'s process used so far (user + system, from /proc through ProcessHandle). */
    Duration cpuTime(String service) {
        return cpuTime(processes.get(service).pid(), false);
    }

    /** A process's CPU time so far, with that of its live child processes (PostgreSQL's backends) if asked. */
    static Duration cpuTime(long pid, boolean withChildren) {
        return ProcessHandle.of(pid).map(process -> {
            Duration total = process.info().totalCpuDuration().orElse(Duration.ZERO);
            if (withChildren) {
                total = process.descendants().map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                        .reduce(total, Duration::plus);
            }
            return total;
        }).orElse(Duration.ZERO);
    }

    /** The services of this system, by name. */
    java.util.Set<String> services() {
        return processes.keySet();
    }

    /** Names of the services not ready now. */
    List<String> notReady() {
        return serviceUrls.entrySet().stream().filter(e -> !ServiceProcesses.isReady(e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** Every log line the system's services wrote so far. */
    List<String> allLogLines() {
        List<String> lines = new java.util.ArrayList<>();
        for (ChildProcess process : processes.values()) {
            try {
                lines.addAll(java.nio.file.Files.readAllLines(process.logFile()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return lines;
    }

    boolean allAlive() {
        return processes.values().stream().allMatch(ChildProcess::isAlive);
    }

    /** The end of a service's log, for failure messages. */
    String logTail(String service) {
        return processes.get(service).logTail();
    }
}
