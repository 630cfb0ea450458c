package bot.volvox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) run as a child JVM from
 * {@code deploy/local/kafka-broker/target/lib}, so the Scala broker never lands on a service's classpath.
 * An existing data directory is reused (restart keeps topics and records).
 */
public final class KafkaServer implements AutoCloseable {

    /** Overrides where the broker's jars are; normally found under the checkout. */
    public static final String LIB_PROPERTY = "volvox.kafka.lib";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final String READY_LINE = "Kafka Server started";
    private static final String MAIN_CLASS = "kafka.Kafka";

    private final Path dir;
    private final int port;
    private final Duration archiveStopGrace;
    private ChildProcess process;

    private KafkaServer(Path dir, int port, Duration archiveStopGrace) {
        this.dir = dir;
        this.port = port;
        this.archiveStopGrace = archiveStopGrace;
    }

    /** Starts a broker on {@code port} (0: a free port), one partition per auto-created topic. */
    public static KafkaServer start(Path dataDir, int port) {
        return start(dataDir, port, 1);
    }

    public static KafkaServer start(Path dataDir, int port, int partitions) {
        return start(dataDir, port, partitions, null);
    }

    /**
     * As {@link #start(Path, int, int)}, but when the broker has no up-to-date class-data archive ({@link
     * ClassDataArchive}) this run writes one at its stop, and gets {@code archiveStopGrace} to stop. Without a grace
     * (the tests) a broker only uses an archive, as the services do ({@link ServiceProcesses}).
     */
    public static KafkaServer start(Path dataDir, int port, int partitions, Duration archiveStopGrace) {
        Path dir = dataDir.toAbsolutePath();
        Path pidFile = dir.resolve("kafka.pid");
        Path logFile = dir.resolve("kafka.log");
        try {
            Files.createDirectories(dir);
            ChildProcess.stopStale(pidFile, MAIN_CLASS);
            // Ports.orFree never hands out one port twice in this JVM, so the two differ
            int brokerPort = Ports.orFree(port);
            int controllerPort = port == 0 ? Ports.orFree(0) : port + 1;
            Ports.requireFree(brokerPort, "Kafka");
            Ports.requireFree(controllerPort, "the Kafka controller");
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(dir.resolve("data"), brokerPort, controllerPort, partitions));
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J_CONFIG);
            if (Files.exists(logFile)) {
                Files.move(logFile, dir.resolve("kafka.previous.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format(dir, config, log4j, logFile);
            }
            KafkaServer server = new KafkaServer(dir, brokerPort, archiveStopGrace);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka in " + dir, e);
        }
    }

    /** A handle on a broker another copy of this class started in the same JVM; closing it does nothing. */
    public static KafkaServer attach(int port) {
        return new KafkaServer(null, port, null);
    }

    private synchronized void launch() {
        Path logFile = dir.resolve("kafka.log");
        Path log4j = dir.resolve("log4j2.properties");
        // the log is appended to across restarts: this start is ready at the first ready line after the ones there
        long readyBefore = readyLines(logFile);
        // Both JIT compilers, unlike every other JVM here: at 200 /warn per second the broker is the busiest process
        // after moderation, and C2 took its CPU per /warn from 1.96 to 1.44–1.54 ms (docs/performance.md); it runs for
        // the stack's whole life, so its compilations pay back.
        List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx384m"));
        ClassDataArchive cds = ClassDataArchive.beside(brokerLibDir(), archiveStopGrace != null);
        if (cds != null) {
            options.addAll(cds.options());
        }
        options.addAll(List.of(MAIN_CLASS, dir.resolve("server.properties").toString()));
        ChildProcess child = ChildProcess.start("Kafka", javaCommand(log4j, true, options.toArray(String[]::new)),
                // as for the services (ServiceProcesses): two malloc arenas instead of eight per core
                Map.of("MALLOC_ARENA_MAX", "2"), logFile, dir.resolve("kafka.pid"));
        if (cds != null) {
            cds.writtenBy(child, archiveStopGrace);
        }
        process = child;
        Await.until("Kafka on port " + port, STARTUP_TIMEOUT,
                () -> Ports.isListening(port) && readyLines(logFile) > readyBefore,
                child::requireAlive, child::logTail);
    }

    /**
     * Stops the broker (clients then see it as unreachable) and waits until it has exited; its data stays. Only for a
     * broker this handle started.
     */
    public synchronized void stop() {
        if (dir == null) {
            throw new IllegalStateException("an attached broker belongs to the handle that started it");
        }
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Starts the stopped broker again on the same port and data: topics, records and offsets are kept. */
    public synchronized void restart() {
        stop();
        launch();
    }

    private static void format(Path dir, Path config, Path log4j, Path logFile) throws IOException {
        List<String> command = javaCommand(log4j, false, "-Xmx256m", "kafka.tools.StorageTool", "format",
                "-t", newClusterId(), "-c", config.toString());
        ChildProcess formatter = ChildProcess.start("Kafka storage format", command, Map.of(), logFile, dir.resolve("format.pid"));
        Await.until("Kafka storage format", STARTUP_TIMEOUT, () -> !formatter.isAlive(), () -> { }, formatter::logTail);
        formatter.stop();
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            throw new IllegalStateException("Formatting Kafka storage failed\n" + formatter.logTail());
        }
    }

    /** Kafka cluster ids are 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static List<String> javaCommand(Path log4j, boolean bothCompilers, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        if (!bothCompilers) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        // as for the services (ServiceProcesses): a heap that gives back what a burst took
        command.add("-XX:MinHeapFreeRatio=10");
        command.add("-XX:MaxHeapFreeRatio=30");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-cp");
        command.add(brokerLibDir() + "/*");
        command.addAll(List.of(rest));
        return command;
    }

    /** The broker's classpath directory, filled by this module's build (phase generate-resources). */
    public static Path brokerLibDir() {
        String configured = System.getProperty(LIB_PROPERTY);
        Path lib = configured != null ? Path.of(configured)
                : Checkout.root().resolve("deploy/local/kafka-broker/target/lib");
        try (var jars = Files.list(lib)) {
            if (jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                return lib;
            }
        } catch (IOException missing) {
            // reported below
        }
        throw new IllegalStateException("The Kafka broker classpath " + lib + " is missing; build it with"
                + " ./mvnw -B -ntp -pl deploy/local/kafka-broker package");
    }

    private static long readyLines(Path logFile) {
        try {
            if (!Files.isRegularFile(logFile)) {
                return 0;
            }
            return Files.readString(logFile, StandardCharsets.UTF_8).lines().filter(l -> l.contains(READY_LINE)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String serverProperties(Path dataDir, int port, int controllerPort, int partitions) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=" + partitions,
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + Math.max(partitions, 1),
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Kafka's default, stated: a record batch of up to 1 MiB plus its 12-byte overhead, matching every
                // producer's max.request.size (docs/events.md, "Size limits")
                "message.max.bytes=1048588",
                // the log cleaner (it compacts __consumer_offsets) allocates its dedupe buffer on the heap at start,
                // 128 MiB by default, which was two thirds of this broker's live heap; 8 MiB maps over 300,000 keys (24 bytes each), far
                // more offsets than one machine's consumer groups ever commit between two cleanings
                "log.cleaner.dedupe.buffer.size=8388608",
                "") ;
    }

    private static final String LOG4J_CONFIG = String.join("\n",
            "appender.out.type=Console",
            "appender.out.name=out",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=INFO",
            "rootLogger.appenderRef.out.ref=out",
            "logger.kafka.name=kafka",
            "logger.kafka.level=INFO",
            "logger.apache.name=org.apache.kafka",
            "logger.apache.level=WARN",
            "");

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker JVM's process id, or -1 for an attached handle. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
