package bot.volvox.platform.testing.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.vertx.core.json.JsonObject;

/**
 * A webhook receiver on loopback for the tests of outbound notifications: it records every request (path, body,
 * headers) and answers 204, or what {@link Answers} says for the n-th call to a path (to make a delivery fail once
 * and be retried). Loopback over plain HTTP only gets through the webhook SSRF check with the test-only setting
 * {@code volvox.webhooks.test-only.allow-loopback-receiver=true}.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received; header names are case-insensitive. */
    public record Received(String path, String body, Map<String, String> headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        /** The notification's {@code event} field, as every Volvox webhook body carries it. */
        public String event() {
            return json().getString("event");
        }
    }

    /** The status answered to the {@code call}-th request (0-based) to {@code path}. */
    @FunctionalInterface
    public interface Answers {
        int status(String path, int call);
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsPerPath = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0: any free one) and answers every request 204. */
    public static WebhookReceiver start(int port) {
        return start(port, (path, call) -> 204);
    }

    public static WebhookReceiver start(int port, Answers answers) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                receiver.received.add(new Received(path, body, headers));
                int call = receiver.callsPerPath.computeIfAbsent(path, any -> new AtomicInteger()).getAndIncrement();
                exchange.sendResponseHeaders(answers.status(path, call), -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on loopback port " + port, e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests to {@code path} whose body's {@code event} is {@code event}, in the order received. */
    public List<Received> at(String path, String event) {
        return received.stream().filter(request -> request.path().equals(path) && event.equals(request.event()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
