package bot.volvox.ai.memory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mem0 client against a small stand-in of the store's HTTP API (what it sends, how it reads answers). */
class Mem0ClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("authorization") + (body.isEmpty() ? "" : " " + body));
        String answer = exchange.getRequestURI().getPath().endsWith("/search/")
                ? "{\"results\": [{\"id\": \"m2\", \"memory\": \"likes cats\"}]}"
                : exchange.getRequestMethod().equals("GET")
                        ? "[{\"id\": \"m1\", \"memory\": \"lives in Oslo\"}, {\"id\": \"m2\", \"memory\": \"likes cats\"}]"
                        : "{\"message\": \"ok\"}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Mem0Client client() {
        return new Mem0Client("http://127.0.0.1:" + server.getAddress().getPort() + "/", "m0-key");
    }

    @Test
    void listsSearchesAndDeletesByUserWithTheTokenHeader() throws Exception {
        Mem0Client client = client();
        assertThat(client.list("42").get(5, TimeUnit.SECONDS)).extracting(Mem0Client.Memory::text)
                .containsExactly("lives in Oslo", "likes cats");
        assertThat(client.search("42", "pets").get(5, TimeUnit.SECONDS)).extracting(Mem0Client.Memory::id)
                .containsExactly("m2");
        client.delete("m2").get(5, TimeUnit.SECONDS);
        client.deleteAll("42").get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(
                "GET /v1/memories/?user_id=42&app_id=volvox-bot Token m0-key",
                "POST /v1/memories/search/ Token m0-key {\"query\":\"pets\",\"user_id\":\"42\",\"app_id\":\"volvox-bot\"}",
                "DELETE /v1/memories/m2/ Token m0-key",
                "DELETE /v1/memories/?user_id=42&app_id=volvox-bot Token m0-key");
        assertThat(MemoryCommands.render("you", client.list("42").get(5, TimeUnit.SECONDS)))
                .isEqualTo("🧠 What I remember about you:\n• lives in Oslo\n• likes cats");
    }

    @Test
    void aFailingStoreIsReportedWithoutTheKey() {
        status = 503;
        assertThatThrownBy(() -> client().list("42").join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("HTTP 503").hasMessageNotContaining("m0-key");
    }
}
