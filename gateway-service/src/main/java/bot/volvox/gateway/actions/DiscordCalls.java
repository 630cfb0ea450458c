package bot.volvox.gateway.actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * Every REST call of an action goes through {@link #complete}: JDA waits for its per-route bucket and retries 429s
 * itself, and each request it sends takes a slot of the global budget as it leaves ({@link GlobalRequestBudget}, an
 * interceptor of JDA's HTTP client; interaction endpoints take none). There is one retry layer per kind of failure,
 * so one call is at most 5 HTTP requests:
 * <ul>
 * <li>the statuses JDA's requester retries itself ({@link #RETRIED_BY_JDA}: 4 requests) are not retried again;</li>
 * <li>other 5xx, timeouts and connection failures are retried here, 4 times over about 7.5 s (0.5, 1, 2 and 4 s
 * apart, so that a Discord hiccup of a few seconds is ridden out) with MicroProfile Fault Tolerance (tune with
 * {@code bot.volvox.gateway.actions.DiscordCalls/complete/Retry/maxRetries} etc.); JDA's own timeout retry is
 * switched off for that reason;</li>
 * <li>4xx are never retried.</li>
 * </ul>
 * Each REST call is retried on its own, so a message split into chunks never repeats a chunk that was sent.
 * {@code attempts} counts the tries of the current call; the caller resets it before each call.
 */
@ApplicationScoped
public class DiscordCalls {
    /** JDA 6's {@code Requester.RETRY_ERROR_CODES}: statuses it retries up to 4 times before failing the call. */
    static final Set<Integer> RETRIED_BY_JDA = Set.of(502, 503, 504, 520, 521, 522, 523, 524, 529);

    @Retry(maxRetries = 4, delay = 500, jitter = 100, retryOn = DiscordFailure.Transient.class,
            abortOn = DiscordFailure.RetriedByJda.class)
    @ExponentialBackoff(factor = 2, maxDelay = 4000)
    public <T> T complete(Supplier<? extends RestAction<T>> request, AtomicInteger attempts) {
        attempts.incrementAndGet();
        try {
            // A fresh RestAction per attempt: JDA managers forget their changes once a request was sent.
            return request.get().complete();
        } catch (ErrorResponseException e) {
            int status = e.getResponse() != null ? e.getResponse().code : 0;
            if (RETRIED_BY_JDA.contains(status)) {
                throw new DiscordFailure.RetriedByJda(status, e.getMeaning(), e);
            }
            if (e.isServerError() || status >= 500) {
                throw new DiscordFailure.Transient(status, e.getMeaning(), e);
            }
            int code = e.getErrorCode() > 0 ? e.getErrorCode() : status;
            throw new DiscordFailure.Permanent(code, e.getMeaning());
        } catch (PermissionException e) {
            // JDA refuses locally what Discord would refuse with 50013 (missing permission, role hierarchy).
            throw new DiscordFailure.Permanent(50013, "Missing Permissions: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new DiscordFailure.Transient(null, e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new DiscordFailure.Transient(null, io.getMessage(), e);
            }
            throw e;
        }
    }
}
