package bot.volvox.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The five services as child JVMs running their packaged {@code target/quarkus-app/quarkus-run.jar}: how
 * {@code ./volvox run} starts them, and how the end-to-end tests start the whole system.
 */
public final class ServiceProcesses {

    /** A service module and the HTTP port {@code ./volvox run} gives it. */
    public record Service(String name, int defaultPort) {
        public Path jar(Path checkout) {
            return checkout.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    public static final List<Service> ALL = List.of(
            new Service("gateway-service", 8081),
            new Service("moderation-service", 8082),
            new Service("ai-service", 8083),
            new Service("analytics-service", 8084),
            new Service("scheduler-service", 8085));

    /** Variable with the JVM options of every service (heap size, for instance). */
    public static final String JAVA_OPTS_VARIABLE = "VOLVOX_SERVICE_JAVA_OPTS";
    /**
     * Five service JVMs share a small machine with PostgreSQL, Kafka and the sandbox, and each mostly waits on I/O:
     * the serial collector (no GC threads, the smallest footprint), a heap that starts small, half-size thread
     * stacks, a smaller code cache, and the C1 compiler only (C2's compiler threads and their memory arenas are the
     * largest part of a service's native memory, and its peak-speed code matters little to I/O-bound services).
     * The free-ratio bounds let the serial collector give back heap after a burst instead of keeping it committed.
     */
    public static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k"
            + " -XX:ReservedCodeCacheSize=64m -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";
    /** Variable that turns the class-data archive off ({@code off}); see {@link ClassDataArchive}. */
    public static final String CDS_VARIABLE = "VOLVOX_SERVICE_CDS";
    /** glibc keeps up to 8 malloc arenas per core, mostly empty for these JVMs; two keep native memory down. */
    private static final String MALLOC_ARENA_MAX = "2";
    /**
     * Connections per service pool on this one machine (the product's default is 5). Two cores run every statement,
     * so five services × 5 connections only added PostgreSQL backends (each about 20 MiB resident, of which 3 MiB its
     * own): with 3 the whole system took 190 MiB less RSS under load, and {@code /warn} at 100/s answered with p99 38 ms
     * (66.7 ms with 5) and at 200/s for 60 s with p99 1.20 s (1.25 s).
     */
    private static final String POOL_SIZE_VARIABLE = "PG_POOL_SIZE";
    private static final String LOCAL_POOL_SIZE = "3";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceProcesses() {
    }

    public static Service named(String name) {
        return ALL.stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service named " + name));
    }

    /**
     * Starts {@code service} listening on {@code port} with the product's variables in {@code environment}; its
     * output goes to {@code logDir/<name>.log}, its pid to {@code pidDir/<name>.pid}. Does not wait for it.
     */
    public static ChildProcess launch(Path checkout, Service service, int port, Map<String, String> environment,
                                      Path logDir, Path pidDir) {
        return launch(checkout, service, port, environment, logDir, pidDir, null);
    }

    /**
     * As {@link #launch(Path, Service, int, Map, Path, Path)}, but when the service has no up-to-date class-data
     * archive this run writes one at its stop, and gets {@code archiveStopGrace} to stop: on a loaded machine the
     * service's own shutdown and the dump after it take longer than the usual grace, and a killed dump leaves no
     * archive. Without a grace (the tests) a run only uses an archive: a test JVM that stopped five dumping services
     * overran Surefire's 30 s after its exit, was killed, and left the services running.
     */
    public static ChildProcess launch(Path checkout, Service service, int port, Map<String, String> environment,
                                      Path logDir, Path pidDir, Duration archiveStopGrace) {
        Path jar = service.jar(checkout);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(checkout.relativize(jar) + " is missing; build it with"
                    + " ./mvnw -B -ntp -DskipTests package -pl " + service.name() + " -am");
        }
        Path pidFile = pidDir.resolve(service.name() + ".pid");
        ChildProcess.stopStale(pidFile, jar.toString());
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX));
        env.putIfAbsent(POOL_SIZE_VARIABLE, System.getenv().getOrDefault(POOL_SIZE_VARIABLE, LOCAL_POOL_SIZE));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = setting(environment, JAVA_OPTS_VARIABLE, DEFAULT_JAVA_OPTS);
        command.addAll(List.of(javaOpts.trim().split("\\s+")));
        ClassDataArchive cds = "off".equals(setting(environment, CDS_VARIABLE, "on")) ? null
                : ClassDataArchive.beside(jar, archiveStopGrace != null);
        if (cds != null) {
            command.addAll(cds.options());
        }
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess child = ChildProcess.start(service.name(), command, env, logDir.resolve(service.name() + ".log"),
                pidFile);
        if (cds != null) {
            cds.writtenBy(child, archiveStopGrace);
        }
        return child;
    }

    private static String setting(Map<String, String> environment, String variable, String fallback) {
        return environment.getOrDefault(variable, System.getenv().getOrDefault(variable, fallback));
    }

    /** Waits until the service's readiness check reports UP; fails at once, with its log's end, if it exits. */
    public static void awaitReady(String serviceName, ChildProcess process, String baseUrl, Duration timeout) {
        Await.until(serviceName + " to report ready at " + baseUrl + "/q/health/ready", timeout,
                () -> isReady(baseUrl), process::requireAlive, process::logTail);
    }

    public static boolean isReady(String baseUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
