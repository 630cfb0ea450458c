package bot.volvox.platform.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import bot.volvox.platform.redis.RateLimitDecision;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Guards {@code /api/v1} of every service that serves one (moderation's, scheduler's, analytics'), the same way: a
 * sliding-window rate limit per client address (shared by all replicas through the
 * platform limiter; {@code X-RateLimit-Limit/Remaining/Reset} on every answer, {@code 429} with {@code Retry-After}),
 * then the {@code x-api-secret} header compared in constant time with {@code BOT_API_SECRET}. Errors are JSON
 * {@code {"error": "..."}}: 401 no or wrong secret, 403 the API is disabled (no secret configured), 429 too many.
 * The paths of {@code volvox.api.public-paths} skip the secret, not the rate limit.
 */
public class ApiGuard {
    public static final String PREFIX = "/api/v1";
    private static final String DECISION = "volvox.rate-limit";

    @Inject
    SlidingWindowRateLimiter limiter;

    @ConfigProperty(name = "BOT_API_SECRET")
    Optional<String> secret;

    @ConfigProperty(name = "volvox.api.rate-limit.requests", defaultValue = "120")
    int limit;

    @ConfigProperty(name = "volvox.api.rate-limit.window", defaultValue = "PT1M")
    Duration window;

    /** Exact paths answered without the secret (still rate-limited), e.g. analytics' public {@code /api/v1/stats}. */
    @ConfigProperty(name = "volvox.api.public-paths")
    Optional<java.util.List<String>> publicPaths;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        String client = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return limiter.tryAcquire(clientKey(client), limit, window).map(decision -> {
            request.setProperty(DECISION, decision);
            if (!decision.allowed()) {
                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                return error(429, "Too many requests: at most " + limit + " per " + window.toSeconds()
                        + " s; retry after " + seconds + " s", decision);
            }
            if (publicPaths.isPresent() && publicPaths.get().contains(request.getUriInfo().getPath())) {
                return null;
            }
            return authenticate(request.getHeaderString("x-api-secret"), decision);
        });
    }

    /** The rate limiter's key of one client address (shared by all replicas through Redis). */
    public static String clientKey(String clientAddress) {
        return "api:client:" + clientAddress;
    }

    private Response authenticate(String given, RateLimitDecision decision) {
        if (secret.isEmpty() || secret.get().isBlank()) {
            return error(403, "The API is disabled: BOT_API_SECRET is not set on the server", decision);
        }
        if (given == null || given.isEmpty()) {
            return error(401, "Unauthorized: send the API secret in the x-api-secret header", decision);
        }
        if (!MessageDigest.isEqual(sha256(given), sha256(secret.get()))) {
            return error(401, "Invalid API secret", decision);
        }
        return null;
    }

    private Response error(int status, String message, RateLimitDecision decision) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message));
        if (status == 429) {
            builder.header("Retry-After", Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000));
        }
        return builder.build();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimitDecision decision) {
            response.getHeaders().putSingle("X-RateLimit-Limit", limit);
            response.getHeaders().putSingle("X-RateLimit-Remaining", decision.remaining());
            long reset = decision.allowed() ? window.toSeconds()
                    : Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            response.getHeaders().putSingle("X-RateLimit-Reset", reset);
        }
    }

    /** Both sides hashed first, so the comparison takes the same time whatever the length or content of a guess. */
    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
