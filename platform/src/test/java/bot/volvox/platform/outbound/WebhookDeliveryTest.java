package bot.volvox.platform.outbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivers to a real local HTTP receiver; the loopback exemption is switched on per test, as tests' config does. */
class WebhookDeliveryTest {
    record Received(String path, Headers headers, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private WebhookDelivery delivery;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new Received("/hook", exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/bad", exchange -> {
            received.add(new Received("/bad", exchange.getRequestHeaders(), ""));
            byte[] body = "no such thing".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            received.add(new Received("/moved", exchange.getRequestHeaders(), ""));
            exchange.getResponseHeaders().add("Location", "/hook");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        delivery = new WebhookDelivery();
        delivery.retryBaseDelay = Duration.ofMillis(20);
        delivery.allowLoopbackReceiver = true;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void postsTheBodyWithTheHeadersAndASignatureTheReceiverCanVerify() {
        String json = "{\"event\":\"moderation.action\"}";
        WebhookDelivery.Outcome outcome = delivery.post(url("/hook"), json, WebhookDelivery.Signing.endpoint("s3cret"),
                4).await().atMost(Duration.ofSeconds(10));

        assertThat(outcome.delivered()).isTrue();
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.body()).isEqualTo(json);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("User-Agent")).isEqualTo("VolvoxBot-Webhooks/1.0");
        assertThat(request.headers().getFirst("X-Delivery-Id")).isEqualTo(outcome.deliveryId().toString());
        assertThat(request.headers().getFirst("X-Signature-256"))
                .isEqualTo("sha256=" + WebhookDelivery.hmacHex("s3cret", json));
        // the receiver's own check: HMAC-SHA256 of the exact body, known vector
        assertThat(WebhookDelivery.hmacHex("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void theBotsOwnNoticesAreSignedWithWebhookSecretOnlyWhenItIsSet() {
        assertThat(delivery.botSigning()).isEqualTo(WebhookDelivery.Signing.NONE);
        delivery.webhookSecret = Optional.of("bot-secret");
        delivery.post(url("/hook"), "{}", delivery.botSigning(), 1).await().atMost(Duration.ofSeconds(10));
        assertThat(received.get(0).headers().getFirst("X-Webhook-Signature"))
                .isEqualTo(WebhookDelivery.hmacHex("bot-secret", "{}"));
    }

    @Test
    void retriesServerErrorsWithTheSameDeliveryIdUpToTheLimit() {
        failuresLeft.set(2);
        WebhookDelivery.Outcome outcome = delivery.post(url("/hook"), "{}", WebhookDelivery.Signing.NONE, 4)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.attempts()).extracting(WebhookDelivery.Attempt::status).containsExactly(503, 503, 204);
        assertThat(received).extracting(r -> r.headers().getFirst("X-Delivery-Id")).containsOnly(
                outcome.deliveryId().toString());

        received.clear();
        failuresLeft.set(10);
        WebhookDelivery.Outcome exhausted = delivery.post(url("/hook"), "{}", WebhookDelivery.Signing.NONE, 3)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(exhausted.delivered()).isFalse();
        assertThat(received).hasSize(3);
    }

    @Test
    void aClientErrorIsFinalAndARedirectIsNotFollowed() {
        WebhookDelivery.Outcome notFound = delivery.post(url("/bad"), "{}", WebhookDelivery.Signing.NONE, 4)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(notFound.attempts()).singleElement()
                .satisfies(a -> assertThat(a.body()).isEqualTo("no such thing"));

        received.clear();
        WebhookDelivery.Outcome moved = delivery.post(url("/moved"), "{}", WebhookDelivery.Signing.NONE, 4)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(moved.delivered()).isFalse();
        assertThat(received).extracting(Received::path).containsExactly("/moved");
    }

    @Test
    void withoutTheTestOnlyExemptionTheLoopbackReceiverIsRefusedAndNeverCalled() {
        delivery.allowLoopbackReceiver = false;
        WebhookDelivery.Outcome outcome = delivery.post(url("/hook"), "{}", WebhookDelivery.Signing.NONE, 4)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(outcome.attempts()).isEmpty();
        assertThat(outcome.refusal()).isEqualTo("must start with https://");
        assertThat(delivery.refusal("https://127.0.0.1:" + server.getAddress().getPort() + "/hook"))
                .hasValueSatisfying(why -> assertThat(why).startsWith("must not point to a private"));
        assertThat(received).isEmpty();
    }

    @Test
    void logLinesNameOnlySchemeAndHost() {
        assertThat(WebhookDelivery.redacted("https://user:pw@hooks.example.com:8443/api/webhooks/1/tok?x=y"))
                .isEqualTo("https://hooks.example.com:8443");
    }
}
