package bot.volvox.mem0local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for a mem0-compatible memory store ({@code /v1/memories/...}, {@code Authorization: Token <key>},
 * any key accepted), for ai-service's tests, the end-to-end tests and {@code ./volvox run}: it records every request as
 * {@code METHOD uri body}, so a test can see what was (or was not) sent about a user, and knows the same two memories
 * of everyone ({@link #MEMORIES}), so {@code /memory view} has something to show. Adds and deletes answer
 * {@code {"message": "ok"}} and change nothing: what matters to the bot is what it sends.
 */
public final class Mem0Local implements AutoCloseable {
    /** Default port of the standalone server. */
    public static final int DEFAULT_PORT = 58091;
    /** The key the tests hand ai-service; the server takes any. */
    public static final String KEY = "m0-local";
    /** What a list or a search answers, for every user. */
    public static final String MEMORIES = "[{\"id\": \"m1\", \"memory\": \"lives in Oslo\"}, "
            + "{\"id\": \"m2\", \"memory\": \"likes cats\"}]";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Mem0Local(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on 127.0.0.1; port 0 picks a free port. */
    public static Mem0Local start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("The local mem0 store could not listen on 127.0.0.1:" + port, e);
        }
        Mem0Local self = new Mem0Local(server);
        server.createContext("/", self::answer);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mem0-local");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return self;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, oldest first, as {@code METHOD uri body}. */
    public List<String> requests() {
        return requests;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
        String authorization = exchange.getRequestHeaders().getFirst("authorization");
        boolean lists = exchange.getRequestMethod().equals("GET")
                || exchange.getRequestURI().getPath().endsWith("/search/");
        int status = authorization == null || !authorization.startsWith("Token ") ? 401 : 200;
        byte[] bytes = (status == 401 ? "{\"detail\": \"Authorization: Token <key> required\"}"
                : lists ? MEMORIES : "{\"message\": \"ok\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
