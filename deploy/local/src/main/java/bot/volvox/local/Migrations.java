package bot.volvox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the db-migrations command-line tool ({@code db-migrations/target/quarkus-app/quarkus-run.jar}) as a
 * child JVM against a database URL. Its verbs: {@code migrate}, {@code migrate down [N]},
 * {@code migrate status}, {@code migrate create <name>}.
 */
public final class Migrations {

    /** Overrides the tool's location; normally found under the checkout. */
    public static final String JAR_PROPERTY = "volvox.migrations.jar";

    private static final long TIMEOUT_MINUTES = 5;

    /** What the tool printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Migrations() {
    }

    /** Brings the database's schema up to date; throws with the tool's output when it fails. */
    public static void apply(String databaseUrl) {
        Result result = run(databaseUrl, "migrate");
        if (!result.succeeded()) {
            throw new IllegalStateException("Schema migration failed (exit code " + result.exitCode() + "):\n"
                    + tail(result.output()));
        }
    }

    /** Runs the tool with {@code args}, capturing its output. */
    public static Result run(String databaseUrl, String... args) {
        ProcessBuilder builder = processBuilder(databaseUrl, args).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("The migrations tool did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run the migrations tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while migrating", e);
        }
    }

    /** Runs the tool with {@code args}, its output going to this process's terminal; returns its exit code. */
    public static int runInTerminal(String databaseUrl, String... args) {
        try {
            Process process = processBuilder(databaseUrl, args).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run the migrations tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while migrating", e);
        }
    }

    private static ProcessBuilder processBuilder(String databaseUrl, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        // the checkout as working directory: "migrate create" writes its new changelog into the sources
        ProcessBuilder builder = new ProcessBuilder(command).directory(Checkout.root().toFile());
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.environment().put("DATABASE_SSL", "false");
        return builder;
    }

    /** The packaged tool; a clear error naming the build command when it has not been built. */
    public static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured)
                : Checkout.root().resolve("db-migrations/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The migrations tool " + jar + " is missing; build it with"
                    + " ./mvnw -B -ntp -pl db-migrations -am package -DskipTests"
                    + " (./mvnw -pl db-migrations package)");
        }
        return jar;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
