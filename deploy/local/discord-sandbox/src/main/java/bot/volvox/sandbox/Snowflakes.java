package bot.volvox.sandbox;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Discord snowflakes: milliseconds since the Discord epoch in the top 42 bits, a counter below. */
final class Snowflakes {
    static final long DISCORD_EPOCH_MS = 1420070400000L;

    private final AtomicLong increment = new AtomicLong();

    /** A fixed id for demo data, so the demo guild looks the same on every run. */
    static long fixed(Instant at, int index) {
        return ((at.toEpochMilli() - DISCORD_EPOCH_MS) << 22) | index;
    }

    long next(Instant now) {
        return ((now.toEpochMilli() - DISCORD_EPOCH_MS) << 22) | (increment.incrementAndGet() & 0x3FFFFF);
    }

    /** The creation time a snowflake carries. */
    static Instant timeOf(long snowflake) {
        return Instant.ofEpochMilli((snowflake >>> 22) + DISCORD_EPOCH_MS);
    }

    static int shardOf(long guildId, int numShards) {
        return (int) ((guildId >> 22) % numShards);
    }
}
