package bot.volvox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * {@code ./volvox run}: PostgreSQL 17, Kafka and Redis with their data in {@code .volvox/}, the schema
 * migrated, every {@link StackComponent}, then the five services as child JVMs. Stays in the foreground;
 * Ctrl-C stops the services first, then the components, Redis, Kafka and PostgreSQL ({@link Shutdown}).
 */
public final class RunStack {

    public static final int POSTGRES_PORT = 54317;
    public static final int KAFKA_PORT = 59092;
    public static final int REDIS_PORT = 56379;
    public static final String DATABASE = "volvox";

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofMinutes(4);
    /**
     * The stop grace of a service's first run, which writes its class-data archive after it stopped (measured at load
     * 20: shutdowns of 2-14 s, then a dump of about 5 s, past the usual 15 s: no archive was kept in that run).
     */
    private static final Duration ARCHIVE_STOP_GRACE = Duration.ofSeconds(60);

    private record Row(String name, String url, String health, long pid, String note) {
        Row(String name, String url, String health, long pid) {
            this(name, url, health, pid, "");
        }
    }

    /**
     * A thread per step: the steps mostly wait (for a server to listen, a service to report ready), and the common
     * pool would run only cores − 1 of them at once (on four cores, three of the five services, the others after).
     */
    private static final Executor SIDE_BY_SIDE = step -> {
        Thread thread = new Thread(step, "volvox-run-step");
        thread.setDaemon(true);
        thread.start();
    };

    private RunStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path checkout = Checkout.root();
        Path state = checkout.resolve(".volvox");
        try {
            run(checkout, state);
        } catch (RuntimeException e) {
            System.err.println("\n./volvox run failed: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever did start
        }
        new CountDownLatch(1).await(); // until Ctrl-C (SIGINT) or SIGTERM runs the shutdown hook
    }

    private static void run(Path checkout, Path state) {
        long begin = System.nanoTime();
        List<Row> rows = new ArrayList<>();

        // Kafka's JVM takes longest to start, so it starts alongside PostgreSQL, Redis and the migrations
        int partitions = Integer.parseInt(System.getenv().getOrDefault("VOLVOX_KAFKA_PARTITIONS", "1"));
        CompletableFuture<KafkaServer> kafkaStarting = CompletableFuture.supplyAsync(
                () -> KafkaServer.start(state.resolve("kafka"), KAFKA_PORT, partitions, ARCHIVE_STOP_GRACE), SIDE_BY_SIDE);
        CompletableFuture<Optional<RedisServer>> redisStarting = CompletableFuture.supplyAsync(
                () -> RedisServer.isInstalled()
                        ? Optional.of(RedisServer.start(state.resolve("redis"), REDIS_PORT, RedisServer.Settings.persistentData()))
                        : Optional.empty(), SIDE_BY_SIDE);

        PostgresServer postgres = timed("Starting PostgreSQL 17 on port " + POSTGRES_PORT + ", data .volvox/postgres",
                () -> PostgresServer.start(state.resolve("postgres"), POSTGRES_PORT, Map.of()));
        rows.add(new Row("postgresql", postgres.databaseUrl(DATABASE).replace(":" + PostgresServer.PASSWORD + "@", ":***@"), "UP", postgres.pid()));

        postgres.createDatabase(DATABASE);
        String databaseUrl = postgres.databaseUrl(DATABASE);
        timed("Applying schema migrations to database " + DATABASE, () -> {
            Migrations.apply(databaseUrl);
            return null;
        });

        KafkaServer kafka = timed("Starting Kafka on port " + KAFKA_PORT + ", data .volvox/kafka (begun alongside PostgreSQL)",
                () -> joined(kafkaStarting));
        rows.add(new Row("kafka", kafka.bootstrapServers(), "UP", kafka.pid()));

        Optional<RedisServer> redis = joined(redisStarting);
        if (redis.isPresent()) {
            System.out.println("Started Redis on port " + REDIS_PORT + ", data .volvox/redis (alongside PostgreSQL)");
            rows.add(new Row("redis", redis.get().url(), "UP", redis.get().pid()));
        } else {
            System.out.println("redis-server is not installed: running without Redis (services keep their state in memory)."
                    + " Install it with: sudo apt-get install -y redis-server");
        }

        Map<String, String> serviceEnvironment = new HashMap<>();
        serviceEnvironment.put("DATABASE_URL", databaseUrl);
        serviceEnvironment.put("DATABASE_SSL", "false");
        serviceEnvironment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        redis.ifPresent(r -> serviceEnvironment.put("REDIS_URL", r.url()));

        List<StackComponent> components = new ArrayList<>();
        for (StackComponent component : ServiceLoader.load(StackComponent.class)) {
            Optional<StackComponent.Started> started = timed("Starting " + component.name(),
                    () -> component.start(state.resolve(component.name()), System.getenv()));
            started.ifPresent(s -> {
                components.add(component);
                Shutdown.closeOnExit(component);
                serviceEnvironment.putAll(s.serviceEnvironment());
                rows.add(new Row(component.name(), s.url(), "UP", ProcessHandle.current().pid()));
            });
        }

        List<ChildProcess> running = java.util.Collections.synchronizedList(new ArrayList<>());
        Shutdown.closeOnExit(new AutoCloseable() {
            @Override
            public void close() {
                // side by side: one slow service must not hold up the others
                List.copyOf(running).parallelStream().forEach(ChildProcess::stop);
            }

            @Override
            public String toString() {
                return "the services";
            }
        });
        List<CompletableFuture<Row>> services = ServiceProcesses.ALL.stream()
                .map(service -> CompletableFuture.supplyAsync(() -> startService(checkout, state, service, serviceEnvironment, running), SIDE_BY_SIDE))
                .toList();
        services.forEach(s -> rows.add(s.join()));
        if (Shutdown.isClosing()) {
            return; // stopped (Ctrl-C) while the services were starting
        }

        long ready = rows.stream().filter(row -> row.name().endsWith("-service") && "UP".equals(row.health())).count();
        // measured before the demo guild's setup: that is commands through the running system, not its start
        System.out.printf("%n%d of %d services ready, %.1f s after start.%n%n", ready, ServiceProcesses.ALL.size(),
                (System.nanoTime() - begin) / 1e9);
        if (ready == ServiceProcesses.ALL.size()) {
            for (StackComponent component : components) {
                try {
                    timed("Preparing " + component.name() + " for the running services", () -> {
                        component.servicesReady();
                        return null;
                    });
                } catch (RuntimeException e) {
                    System.out.println("\n" + component.name() + " could not be prepared: " + e.getMessage());
                }
            }
            System.out.printf("%nUp and prepared %.1f s after start.%n%n", (System.nanoTime() - begin) / 1e9);
        }
        printTable(rows);
        System.out.println("\nLogs: .volvox/logs/<service>.log. Ctrl-C stops everything; data stays in .volvox/ (delete it to start afresh).");
    }

    private static Row startService(Path checkout, Path state, ServiceProcesses.Service service,
                                    Map<String, String> environment, List<ChildProcess> running) {
        String url = "http://127.0.0.1:" + service.defaultPort();
        Path jar = service.jar(checkout);
        if (!Files.isRegularFile(jar)) {
            return new Row(service.name(), url, "NOT BUILT", -1, checkout.relativize(jar) + " is missing");
        }
        Ports.requireFree(service.defaultPort(), service.name());
        long begin = System.nanoTime();
        ChildProcess process = ServiceProcesses.launch(checkout, service, service.defaultPort(), environment,
                state.resolve("logs"), state.resolve("run"), ARCHIVE_STOP_GRACE);
        Shutdown.forget(process); // stopped with the other services, see run()
        running.add(process);
        if (Shutdown.isClosing()) {
            process.stop(); // Ctrl-C came while it was being started
        }
        try {
            ServiceProcesses.awaitReady(service.name(), process, url, SERVICE_READY_TIMEOUT);
        } catch (IllegalStateException e) {
            boolean alive = process.isAlive();
            return new Row(service.name(), url, alive ? "NOT READY" : "EXITED", alive ? process.pid() : -1,
                    "see .volvox/logs/" + service.name() + ".log");
        }
        System.out.printf("  %-20s ready in %.1f s%n", service.name(), (System.nanoTime() - begin) / 1e9);
        process.onExit(code -> {
            if (!Shutdown.isClosing()) {
                System.out.println(service.name() + " exited with code " + code + "; see .volvox/logs/" + service.name() + ".log");
            }
        });
        return new Row(service.name(), url, "UP", process.pid());
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T joined(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static <T> T timed(String what, Step<T> step) {
        System.out.print(what + " ... ");
        System.out.flush();
        long begin = System.nanoTime();
        T result = step.run();
        System.out.printf("done in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return result;
    }

    private static void printTable(List<Row> rows) {
        String format = "%-20s %-48s %-10s %-8s %s%n";
        System.out.printf(format, "SERVICE", "URL", "HEALTH", "PID", "");
        for (Row row : rows) {
            System.out.printf(format, row.name(), row.url(), row.health(), row.pid() < 0 ? "-" : Long.toString(row.pid()), row.note());
        }
    }
}
