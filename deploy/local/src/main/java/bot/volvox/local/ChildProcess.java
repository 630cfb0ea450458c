package bot.volvox.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * A server started as a child process: its output goes to a log file, its pid to a pid file, and it is
 * stopped when the JVM shuts down ({@link Shutdown}), so no run and no test leaves a server behind.
 *
 * <p>The pid file also catches what a killed JVM could not clean up: {@link #stopStale} ends a server
 * still running from an earlier run before its port is needed again.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final List<Runnable> afterStop = new CopyOnWriteArrayList<>();
    private volatile Duration stopGrace = STOP_GRACE;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts {@code command}; stdout and stderr are appended to {@code logFile}, the pid written to {@code pidFile}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                                     Path logFile, Path pidFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            ChildProcess child = new ChildProcess(name, process, logFile, pidFile);
            Shutdown.closeOnExit(child);
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, Long.toString(process.pid()));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /**
     * Runs the command in a session of its own (setsid execs in place, the pid stays the same), so a
     * Ctrl-C in the terminal reaches only the run command, which then stops its children in order.
     */
    private static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new java.util.ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** Ends a process recorded in {@code pidFile} by an earlier run whose command line contains {@code marker}. */
    public static void stopStale(Path pidFile, String marker) {
        readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .ifPresent(handle -> {
                    System.err.println("Stopping " + marker + " left running by an earlier run (pid " + handle.pid() + ")");
                    stop(handle, STOP_GRACE);
                });
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text.lines().findFirst().orElseThrow().trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Calls {@code action} with the exit code when the process ends, for whatever reason. */
    public void onExit(IntConsumer action) {
        process.onExit().thenAccept(exited -> action.accept(exited.exitValue()));
    }

    /**
     * Calls {@code action} once with the exit code after the process ends: as soon as it exits by itself, and at the
     * latest before {@link #stop()} returns, so that a JVM stopping its children at exit still sees it done.
     */
    public void afterExit(IntConsumer action) {
        AtomicBoolean ran = new AtomicBoolean();
        // synchronized, not only once: when the exit's own callback is still running the action, stop() waits for it
        IntConsumer once = code -> {
            synchronized (ran) {
                if (ran.compareAndSet(false, true)) {
                    action.accept(code);
                }
            }
        };
        afterStop.add(() -> once.accept(process.exitValue()));
        process.onExit().thenAccept(exited -> once.accept(exited.exitValue()));
    }

    /** How long {@link #stop()} waits after SIGTERM before it kills the process (15 s unless set). */
    public void stopGrace(Duration grace) {
        stopGrace = grace;
    }

    public Path logFile() {
        return logFile;
    }

    /** Throws when the process has exited, with the end of its log, so a wait for readiness fails fast. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "\n" + logTail());
        }
    }

    /** Stops the process gently (SIGTERM), forcibly after a grace period, and waits for it. */
    public void stop() {
        stop(process.toHandle(), stopGrace);
        afterStop.forEach(Runnable::run);
        Shutdown.forget(this);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a left-over pid file is checked against the command line before it is ever acted on
        }
    }

    private static void stop(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notStoppedInTime) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The last lines of the log, for error messages. */
    public String logTail() {
        return logTail(logFile, 40);
    }

    public static String logTail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 16_384);
            raf.seek(start);
            byte[] bytes = new byte[(int) (length - start)];
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last lines of " + file + " ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
