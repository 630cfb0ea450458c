package bot.volvox.ai.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for a mem0-compatible store, for the tests that run the service with {@code MEM0_API_KEY}: it records
 * every request ({@code METHOD uri body}) and knows two memories of everyone.
 */
public class FakeMem0Resource implements QuarkusTestResourceLifecycleManager {
    public static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", FakeMem0Resource::answer);
        server.start();
        return Map.of("MEM0_API_KEY", "m0-test", "MEM0_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        REQUESTS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
        boolean lists = exchange.getRequestMethod().equals("GET")
                || exchange.getRequestURI().getPath().endsWith("/search/");
        byte[] bytes = (lists ? "[{\"id\": \"m1\", \"memory\": \"lives in Oslo\"}, {\"id\": \"m2\", \"memory\": "
                + "\"likes cats\"}]" : "{\"message\": \"ok\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
