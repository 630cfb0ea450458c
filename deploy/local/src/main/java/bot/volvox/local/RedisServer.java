package bot.volvox.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code redis-server} (the Debian package) as a child process on a fixed port. {@link #stop()} and
 * {@link #restart()} let a test take Redis away and bring it back on the same port.
 *
 * <p>The pid file in the server's directory is the truth about which process is the server, so any handle
 * on it (also one from another class loader, see {@link #attach}) can stop and restart it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final String BINARY = "redis-server";

    /** How the server keeps data and whether it asks for a password. */
    public record Settings(boolean persistent, Optional<String> password) {
        /** No snapshots, no password: the test default. */
        public static Settings ephemeral() {
            return new Settings(false, Optional.empty());
        }

        /** RDB snapshots in the server's directory, so a restart of the run command keeps the data. */
        public static Settings persistentData() {
            return new Settings(true, Optional.empty());
        }

        public Settings withPassword(String password) {
            return new Settings(persistent, Optional.of(password));
        }
    }

    private final Path dir;
    private final int port;
    private final Settings settings;
    private ChildProcess process;

    private RedisServer(Path dir, int port, Settings settings) {
        this.dir = dir;
        this.port = port;
        this.settings = settings;
    }

    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /** Starts an ephemeral server (no snapshots, no password) on {@code port} (0: a free port). */
    public static RedisServer start(Path dir, int port) {
        return start(dir, port, Settings.ephemeral());
    }

    public static RedisServer start(Path dir, int port, Settings settings) {
        RedisServer server = new RedisServer(dir.toAbsolutePath(), Ports.orFree(port), settings);
        ChildProcess.stopStale(server.pidFile(), BINARY);
        server.launch();
        return server;
    }

    /** A handle on a server already running with this directory and port (started by another class loader). */
    public static RedisServer attach(Path dir, int port, Settings settings) {
        return new RedisServer(dir.toAbsolutePath(), port, settings);
    }

    private static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        dirs.add("/usr/bin");
        return dirs.stream().map(d -> Path.of(d, BINARY)).filter(Files::isExecutable).findFirst();
    }

    private Path pidFile() {
        return dir.resolve("redis.pid");
    }

    private synchronized void launch() {
        Path redis = binary().orElseThrow(() -> new IllegalStateException(
                "redis-server is not installed (Debian: apt-get install -y redis-server)"));
        Ports.requireFree(port, "Redis");
        List<String> command = new ArrayList<>(List.of(redis.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--daemonize", "no",
                "--dir", dir.toString(),
                "--appendonly", "no"));
        if (settings.persistent()) {
            command.addAll(List.of("--save", "60 1", "--dbfilename", "dump.rdb"));
        } else {
            command.addAll(List.of("--save", ""));
        }
        try {
            Files.createDirectories(dir);
            if (settings.password().isPresent()) {
                // in a config file, not on the command line, where every user could read it with ps
                Path config = dir.resolve("redis-auth.conf");
                Files.writeString(config, "requirepass \"" + settings.password().get() + "\"\n");
                command.add(1, config.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare " + dir + " for Redis", e);
        }
        ChildProcess child = ChildProcess.start("Redis", command, Map.of(), dir.resolve("redis.log"), pidFile());
        process = child;
        Await.until("Redis on port " + port, STARTUP_TIMEOUT, this::ping, child::requireAlive, child::logTail);
    }

    /** True when the server answers PING (authenticating first when it has a password). */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (settings.password().isPresent()) {
                out.write(command("AUTH", settings.password().get()));
                out.flush();
                if (!"+OK".equals(in.readLine())) {
                    return false;
                }
            }
            out.write(command("PING"));
            out.flush();
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /** A RESP array of bulk strings: safe for any argument, unlike an inline command. */
    private static byte[] command(String... args) {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            resp.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:P}, or {@code redis://:password@127.0.0.1:P} when the server has a password. */
    public String url() {
        return settings.password().map(pw -> "redis://:" + pw + "@127.0.0.1:" + port).orElse("redis://127.0.0.1:" + port);
    }

    /** The server's process id, or -1 while it is stopped. */
    public long pid() {
        return ChildProcess.readPid(pidFile()).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).orElse(-1L);
    }

    /** Stops the server (connections are then refused) and waits until it has exited. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.stop();
        } else {
            ChildProcess.stopStale(pidFile(), BINARY);
        }
        process = null;
    }

    /** Starts the server again on the same port (stopping it first if it still runs). */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the server if this handle started it; an attached handle leaves it to its owner. */
    @Override
    public synchronized void close() {
        if (process != null) {
            stop();
        }
    }
}
