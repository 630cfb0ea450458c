package bot.volvox.gateway.actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * Every REST call of an action goes through {@link #complete}: one slot of the global budget, then JDA (which waits
 * for its per-route bucket and retries 429s itself). A transient failure is retried here with exponential backoff
 * (MicroProfile Fault Tolerance; tune with {@code bot.volvox.gateway.actions.DiscordCalls/complete/Retry/maxRetries}
 * etc.); each REST call is retried on its own, so a message split into chunks never repeats a chunk that was sent.
 * {@code attempts} counts the tries of the current call; the caller resets it before each call.
 */
@ApplicationScoped
public class DiscordCalls {
    @Inject
    GlobalRequestBudget budget;

    @Retry(maxRetries = 3, delay = 200, jitter = 50, retryOn = DiscordFailure.Transient.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5000)
    public <T> T complete(Supplier<? extends RestAction<T>> request, AtomicInteger attempts) {
        attempts.incrementAndGet();
        budget.acquire();
        try {
            // A fresh RestAction per attempt: JDA managers forget their changes once a request was sent.
            return request.get().complete();
        } catch (ErrorResponseException e) {
            int status = e.getResponse() != null ? e.getResponse().code : 0;
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
