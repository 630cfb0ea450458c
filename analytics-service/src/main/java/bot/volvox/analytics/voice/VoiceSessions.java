package bot.volvox.analytics.voice;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.ProcessedEvents;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code voice_sessions} from {@code discord.voice} (spec §4.2): a leave closes the user's open session, even while
 * {@code voice.enabled} is off; a move closes it and, when enabled, opens one in the new channel; a join opens one
 * when enabled.
 *
 * <p>Unlike the original, nothing is kept in memory: the open session is the row with {@code left_at IS NULL}, so a
 * restart or a {@code kill -9} between a join and a leave loses nothing, and the leave closes the row with the right
 * duration. Opening first closes any open row of the user (a leave that never arrived), in the same transaction, so
 * the partial unique index {@code (guild_id, user_id) WHERE left_at IS NULL} can never block a user again. Each event
 * is applied once ({@link ProcessedEvents#runOnce}, in the transaction of its effect); times are the events' own.
 * Closing a session adds its whole minutes to {@code reputation.voice_minutes}, which the original never wrote.
 *
 * <p>A session whose leave was lost (the gateway was away) and whose user never joins again would stay open: at
 * start-up and hourly, sessions open longer than {@code analytics.voice.max-session} (default 12 h) are closed at
 * {@code joined_at} + that limit.
 */
@ApplicationScoped
public class VoiceSessions {
    private static final Logger LOG = Logger.getLogger(VoiceSessions.class);
    static final String CONSUMER = "analytics-service:voice";

    @Inject
    Pool pool;
    @Inject
    ProcessedEvents processed;
    @Inject
    GuildConfigs configs;

    @ConfigProperty(name = "analytics.voice.max-session", defaultValue = "PT12H")
    Duration maxSession;

    @Incoming("voice")
    public Uni<Void> onVoice(DiscordEvent event) {
        String problem = problem(event);
        if (problem != null) {
            return Uni.createFrom().failure(new IllegalArgumentException(problem)); // dead-lettered by the channel
        }
        if (event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        return TransientFailures.retried(Uni.createFrom().deferred(() -> configs.settings(event.guildId())
                .flatMap(config -> processed.runOnce(CONSUMER, event.id(),
                        connection -> apply(connection, event, config.voice().enabled())))))
                .replaceWithVoid();
    }

    static String problem(DiscordEvent event) {
        if (event == null || event.payload() == null) {
            return "unreadable record (no payload)";
        }
        if (event.occurredAt() == null) {
            return "occurredAt is null";
        }
        if (event.payload() instanceof EventPayload.VoiceJoined joined
                && (joined.userId() == null || joined.channelId() == null)) {
            return "voice.joined without user or channel id";
        }
        if (event.payload() instanceof EventPayload.VoiceLeft left && left.userId() == null) {
            return "voice.left without user id";
        }
        if (event.payload() instanceof EventPayload.VoiceMoved moved
                && (moved.userId() == null || moved.toChannelId() == null)) {
            return "voice.moved without user or channel id";
        }
        return null;
    }

    private static Uni<Void> apply(SqlConnection connection, DiscordEvent event, boolean enabled) {
        Instant at = event.occurredAt();
        String guild = event.guildId();
        if (event.payload() instanceof EventPayload.VoiceJoined joined) {
            return enabled ? open(connection, guild, joined.userId(), joined.channelId(), at)
                    : Uni.createFrom().voidItem();
        }
        if (event.payload() instanceof EventPayload.VoiceLeft left) {
            return close(connection, guild, left.userId(), at);
        }
        if (event.payload() instanceof EventPayload.VoiceMoved moved) {
            return enabled ? open(connection, guild, moved.userId(), moved.toChannelId(), at)
                    : close(connection, guild, moved.userId(), at);
        }
        return Uni.createFrom().voidItem();
    }

    /** Closes whatever the user has open, then opens a session in {@code channelId}. */
    private static Uni<Void> open(SqlConnection connection, String guild, String user, String channelId, Instant at) {
        return close(connection, guild, user, at).flatMap(ignored -> connection.preparedQuery("""
                INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, $2, $3, $4)""")
                .execute(Tuple.of(guild, user, channelId, at.atOffset(ZoneOffset.UTC))).replaceWithVoid());
    }

    /** Closes the user's open session at {@code at} (none open: nothing) and credits its minutes. */
    private static Uni<Void> close(SqlConnection connection, String guild, String user, Instant at) {
        return connection.preparedQuery("""
                WITH closed AS (
                  UPDATE voice_sessions SET left_at = GREATEST($3, joined_at),
                         duration_seconds = GREATEST(0, floor(extract(epoch FROM ($3 - joined_at))))::int
                   WHERE guild_id = $1 AND user_id = $2 AND left_at IS NULL
                  RETURNING duration_seconds)
                INSERT INTO reputation AS r (guild_id, user_id, voice_minutes)
                SELECT $1, $2, sum(duration_seconds) / 60 FROM closed HAVING sum(duration_seconds) >= 60
                ON CONFLICT (guild_id, user_id) DO UPDATE SET voice_minutes = r.voice_minutes + EXCLUDED.voice_minutes""")
                .execute(Tuple.of(guild, user, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    void onStart(@Observes StartupEvent start) {
        closeStale().subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not close stale voice sessions at start-up: %s", failure.getMessage()));
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeStaleHourly() {
        return closeStale().replaceWithVoid();
    }

    /** Closes sessions open longer than the limit at {@code joined_at} + the limit; returns how many. */
    Uni<Integer> closeStale() {
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                UPDATE voice_sessions SET left_at = joined_at + make_interval(secs => $1), duration_seconds = $1::int
                 WHERE left_at IS NULL AND joined_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of((double) maxSession.toSeconds()))))
                .map(rows -> rows.rowCount())
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Closed %d voice sessions open longer than %s (their leave never arrived)", count,
                                maxSession);
                    }
                });
    }
}
