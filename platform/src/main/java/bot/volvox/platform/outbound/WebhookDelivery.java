package bot.volvox.platform.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one way the bot POSTs a webhook (level-up {@code webhook} actions, guild notification webhooks, the
 * {@code DASHBOARD_WEBHOOK_URL}/{@code CONFIG_CHANGE_WEBHOOK_URL} notices). Every attempt first passes
 * {@link PublicUrls} again, DNS included, because an admin-configured name may resolve to an internal address by the
 * time it is called; redirects are never followed (a public URL could otherwise bounce the request inward); each
 * attempt is bounded by {@value #TIMEOUT_SECONDS} s; 5xx, 429 and network failures are retried with a growing delay
 * (base, 3×base, 9×base…), other answers are final. Logs name only the URL's scheme and host: paths and queries of
 * webhook URLs often carry tokens, and secrets are never logged.
 */
@ApplicationScoped
public class WebhookDelivery {
    static final int TIMEOUT_SECONDS = 5;
    public static final int MAX_BODY = 2000;
    public static final String USER_AGENT = "VolvoxBot-Webhooks/1.0";
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    /** How a delivery is signed: which header carries the hex HMAC-SHA256 of the body, and with which key. */
    public record Signing(String header, String prefix, String key) {
        /** Unsigned. */
        public static final Signing NONE = new Signing(null, null, null);

        /** A guild endpoint's own secret: {@code X-Signature-256: sha256=<hex>}. */
        public static Signing endpoint(String secret) {
            return secret == null || secret.isEmpty() ? NONE : new Signing("X-Signature-256", "sha256=", secret);
        }
    }

    /** One HTTP attempt: the status (null when none came back), up to {@value #MAX_BODY} chars of body or the error. */
    public record Attempt(int number, Integer status, String body) {
        public boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** The delivery: its id (the {@code X-Delivery-Id} of every attempt), attempts made, or why none was made. */
    public record Outcome(UUID deliveryId, List<Attempt> attempts, String refusal) {
        public boolean delivered() {
            return !attempts.isEmpty() && attempts.get(attempts.size() - 1).succeeded();
        }
    }

    @ConfigProperty(name = "volvox.webhooks.retry-base-delay", defaultValue = "1s")
    Duration retryBaseDelay;

    /** Test-only: lets tests deliver to a plain-HTTP receiver on loopback, which the SSRF check refuses otherwise. */
    @ConfigProperty(name = "volvox.webhooks.test-only.allow-loopback-receiver", defaultValue = "false")
    boolean allowLoopbackReceiver;

    /** Empty (the default) leaves the bot's own notices unsigned. */
    @ConfigProperty(name = "WEBHOOK_SECRET")
    Optional<String> webhookSecret = Optional.empty();

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();

    /** The bot's own signing ({@code WEBHOOK_SECRET}, header {@code X-Webhook-Signature}); unsigned when unset. */
    public Signing botSigning() {
        return webhookSecret.filter(secret -> !secret.isBlank())
                .map(secret -> new Signing("X-Webhook-Signature", "", secret)).orElse(Signing.NONE);
    }

    /** POSTs {@code json} to {@code url}, at most {@code maxAttempts} times; never fails, the outcome says how it went. */
    public Uni<Outcome> post(String url, String json, Signing signing, int maxAttempts) {
        UUID deliveryId = UUID.randomUUID();
        return attempt(url, json, signing, deliveryId, 1, Math.max(1, maxAttempts), new ArrayList<>());
    }

    private Uni<Outcome> attempt(String url, String json, Signing signing, UUID deliveryId, int number, int max,
            List<Attempt> done) {
        return Uni.createFrom().item(() -> refusal(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(refusal -> {
                    if (refusal.isPresent()) {
                        LOG.warnf("Webhook %s to %s refused: URL %s", deliveryId, redacted(url), refusal.get());
                        return Uni.createFrom().item(new Outcome(deliveryId, List.copyOf(done), refusal.get()));
                    }
                    return send(url, json, signing, deliveryId, number).flatMap(result -> {
                        done.add(result);
                        if (result.succeeded() || !retryable(result) || number >= max) {
                            if (!result.succeeded()) {
                                LOG.warnf("Webhook %s to %s failed after %d attempt(s): %s", deliveryId,
                                        redacted(url), number, result.status() == null ? "no answer" : result.status());
                            }
                            return Uni.createFrom().item(new Outcome(deliveryId, List.copyOf(done), null));
                        }
                        Duration delay = retryBaseDelay.multipliedBy((long) Math.pow(3, number - 1));
                        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                                .flatMap(ignored -> attempt(url, json, signing, deliveryId, number + 1, max, done));
                    });
                });
    }

    private Uni<Attempt> send(String url, String json, Signing signing, UUID deliveryId, int number) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Delivery-Id", deliveryId.toString())
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (signing.header() != null) {
            request.header(signing.header(), signing.prefix() + hmacHex(signing.key(), json));
        }
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
                .map(response -> new Attempt(number, response.statusCode(), truncate(response.body())))
                .onFailure().recoverWithItem(failure -> new Attempt(number, null,
                        truncate(failure.getClass().getSimpleName())));
    }

    private static boolean retryable(Attempt attempt) {
        return attempt.status() == null || attempt.status() >= 500 || attempt.status() == 429;
    }

    /**
     * Why {@code url} may not be called now, or empty when it may: {@link PublicUrls#refusal}, which callers also use
     * to refuse a URL when it is registered. The loopback exemption exists only for tests' local receivers.
     */
    public Optional<String> refusal(String url) {
        if (allowLoopbackReceiver) {
            try {
                URI uri = new URI(url);
                if (uri.getHost() != null && uri.getRawUserInfo() == null
                        && InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    return Optional.empty();
                }
            } catch (java.net.URISyntaxException | UnknownHostException e) {
                // falls through to the full check, which says what is wrong
            }
        }
        return PublicUrls.refusal(url);
    }

    /** Hex HMAC-SHA256 of {@code body} keyed by {@code key}, as receivers verify it. */
    public static String hmacHex(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code scheme://host[:port]} only: what may appear in a log line about {@code url}. */
    public static String redacted(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return "<invalid URL>";
        }
    }

    private static String truncate(String body) {
        return body == null || body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY);
    }
}
