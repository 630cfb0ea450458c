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
    private static final String DEFAULT_JAVA_OPTS = "-Xmx256m";

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
        Path jar = service.jar(checkout);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(checkout.relativize(jar) + " is missing; build it with"
                    + " ./mvnw -B -ntp -DskipTests package -pl " + service.name() + " -am");
        }
        Path pidFile = pidDir.resolve(service.name() + ".pid");
        ChildProcess.stopStale(pidFile, jar.toString());
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = environment.getOrDefault(JAVA_OPTS_VARIABLE,
                System.getenv().getOrDefault(JAVA_OPTS_VARIABLE, DEFAULT_JAVA_OPTS));
        command.addAll(List.of(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        return ChildProcess.start(service.name(), command, env, logDir.resolve(service.name() + ".log"), pidFile);
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
