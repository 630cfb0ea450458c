package bot.volvox.ai.cooldown;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.redis.SharedCache;
import io.smallrye.mutiny.Uni;

/**
 * When something last happened (the bot's last answer in a channel, the channel's last {@code /tldr}), shared by every
 * replica through {@link SharedCache}. A cooldown stores the time, not a key that expires with it, so it is compared
 * with the setting in force when it is checked: an administrator who lowers or clears a cooldown sees it at once.
 */
@ApplicationScoped
public class LastTimes {
    @Inject
    SharedCache cache;

    /** Records now under {@code key}, kept for {@code kept} (the longest any check will look back). */
    public Uni<Void> record(String key, Duration kept) {
        return cache.put(key, Long.toString(System.currentTimeMillis()), kept);
    }

    /**
     * What is left of {@code window} since {@code key} was recorded; empty when the window has passed, or nothing
     * (readable) was recorded. A zero window costs no lookup.
     */
    public Uni<Optional<Duration>> remaining(String key, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return Uni.createFrom().item(Optional.empty());
        }
        // max(0, …): another replica's clock may be ahead of this one's
        return cache.get(key).map(stored -> stored.flatMap(LastTimes::epochMillis)
                .map(at -> window.minusMillis(Math.max(0, System.currentTimeMillis() - at)))
                .filter(left -> left.compareTo(Duration.ZERO) > 0));
    }

    /** Whether {@code key} was recorded less than {@code window} ago. */
    public Uni<Boolean> within(String key, Duration window) {
        return remaining(key, window).map(Optional::isPresent);
    }

    private static Optional<Long> epochMillis(String stored) {
        try {
            return Optional.of(Long.parseLong(stored));
        } catch (NumberFormatException unreadable) {
            // written by an older replica (a marker or an expiry instant, not a time): treated as never
            return Optional.empty();
        }
    }
}
