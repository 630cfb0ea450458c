package bot.volvox.analytics.voice;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.kafka.ProcessedEvents;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
    @Inject
    VoiceLeaderboards caches;

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
                        connection -> apply(connection, event, config)))))
                .call(() -> caches.changed(event.guildId()))
                .replaceWithVoid();
    }

    /** Applies a retained event again (a replay); the records the live consumer dead-lettered are skipped. */
    public Uni<Void> replay(DiscordEvent event) {
        return problem(event) != null ? Uni.createFrom().voidItem() : onVoice(event);
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
        if (event.payload() instanceof EventPayload.VoiceSnapshot snapshot && (snapshot.members() == null
                || snapshot.members().stream().anyMatch(m -> m == null || m.userId() == null
                        || m.channelId() == null))) {
            return "voice.snapshot without its members, or a member without user or channel id";
        }
        return null;
    }

    private static Uni<Void> apply(SqlConnection connection, DiscordEvent event, GuildConfig config) {
        Instant at = event.occurredAt();
        String guild = event.guildId();
        boolean enabled = config.voice().enabled();
        if (event.payload() instanceof EventPayload.VoiceJoined joined) {
            return enabled ? open(connection, guild, joined.userId(), joined.channelId(), at, config)
                    : Uni.createFrom().voidItem();
        }
        if (event.payload() instanceof EventPayload.VoiceLeft left) {
            return close(connection, guild, left.userId(), at, config);
        }
        if (event.payload() instanceof EventPayload.VoiceMoved moved) {
            return enabled ? open(connection, guild, moved.userId(), moved.toChannelId(), at, config)
                    : close(connection, guild, moved.userId(), at, config);
        }
        if (event.payload() instanceof EventPayload.VoiceSnapshot snapshot) {
            return reconcile(connection, guild, snapshot.members(), at, config);
        }
        return Uni.createFrom().voidItem();
    }

    /** Closes whatever the user has open, then opens a session in {@code channelId}. */
    private static Uni<Void> open(SqlConnection connection, String guild, String user, String channelId, Instant at,
            GuildConfig config) {
        return close(connection, guild, user, at, config).flatMap(ignored -> connection.preparedQuery("""
                INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at) VALUES ($1, $2, $3, $4)""")
                .execute(Tuple.of(guild, user, channelId, at.atOffset(ZoneOffset.UTC))).replaceWithVoid());
    }

    /**
     * Closes the user's open session at {@code at} (none open: nothing), credits its whole minutes to
     * {@code reputation.voice_minutes} and, with {@code voice.enabled} and {@code reputation.enabled}, its voice XP.
     */
    private static Uni<Void> close(SqlConnection connection, String guild, String user, Instant at,
            GuildConfig config) {
        return connection.preparedQuery("""
                UPDATE voice_sessions SET left_at = GREATEST($3, joined_at),
                       duration_seconds = GREATEST(0, floor(extract(epoch FROM ($3 - joined_at))))::int
                 WHERE guild_id = $1 AND user_id = $2 AND left_at IS NULL
                RETURNING duration_seconds, left_at""")
                .execute(Tuple.of(guild, user, at.atOffset(ZoneOffset.UTC)))
                .flatMap(closed -> {
                    long minutes = 0;
                    Instant leftAt = null;
                    for (Row row : closed) {
                        minutes += row.getInteger("duration_seconds") / 60;
                        leftAt = row.getOffsetDateTime("left_at").toInstant();
                    }
                    if (minutes == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return credit(connection, guild, user, minutes, leftAt, config);
                });
    }

    /**
     * Adds {@code minutes} to the user's voice minutes and earns their XP: {@code xpPerMinute} a whole minute, at most
     * {@code dailyXpCap} per UTC day of the sessions' ends. The XP already earned that day is computed from the day's
     * closed sessions (the one just closed included), not stored: min(cap, rate × minutes today) − min(cap, rate ×
     * minutes before this session); so a replay in the same order earns exactly the same.
     */
    private static Uni<Void> credit(SqlConnection connection, String guild, String user, long minutes, Instant leftAt,
            GuildConfig config) {
        GuildConfig.Voice voice = config.voice();
        Uni<Long> xp = !voice.enabled() || !config.reputation().enabled() || voice.xpPerMinute() == 0
                ? Uni.createFrom().item(0L)
                : connection.preparedQuery("""
                        SELECT coalesce(sum(duration_seconds / 60), 0) AS minutes FROM voice_sessions
                         WHERE guild_id = $1 AND user_id = $2 AND left_at >= $3 AND left_at < $3 + interval '1 day'""")
                        .execute(Tuple.of(guild, user, leftAt.truncatedTo(ChronoUnit.DAYS).atOffset(ZoneOffset.UTC)))
                        .map(rows -> voiceXp(rows.iterator().next().getLong("minutes"), minutes,
                                voice.xpPerMinute(), voice.dailyXpCap()));
        return xp.flatMap(earned -> connection.preparedQuery("""
                INSERT INTO reputation AS r (guild_id, user_id, voice_minutes, xp) VALUES ($1, $2, $3, $4)
                ON CONFLICT (guild_id, user_id) DO UPDATE SET voice_minutes = r.voice_minutes + EXCLUDED.voice_minutes,
                       xp = r.xp + EXCLUDED.xp""")
                .execute(Tuple.of(guild, user, (int) minutes, earned.intValue())).replaceWithVoid());
    }

    /** The XP a session of {@code minutes} earns when the day's closed sessions, it included, total {@code today}. */
    static long voiceXp(long today, long minutes, int xpPerMinute, int dailyXpCap) {
        long before = Math.max(0, today - minutes);
        return Math.min(dailyXpCap, (long) xpPerMinute * today) - Math.min(dailyXpCap, (long) xpPerMinute * before);
    }

    /**
     * Makes the open sessions match who the gateway saw in voice at {@code at}: a session of a member no longer in
     * voice (or in another channel) is closed at {@code at}; a member in voice without a session gets one from
     * {@code at} (when enabled). Sessions and leaves the consumer applied with times after {@code at} are newer than
     * the snapshot and left alone, so a snapshot delivered after later joins and leaves changes nothing they did.
     */
    private static Uni<Void> reconcile(SqlConnection connection, String guild, List<EventPayload.VoiceState> members,
            Instant at, GuildConfig config) {
        Map<String, String> channelOf = new HashMap<>();
        members.forEach(member -> channelOf.put(member.userId(), member.channelId()));
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        return connection.preparedQuery("""
                SELECT user_id, channel_id, joined_at FROM voice_sessions WHERE guild_id = $1 AND left_at IS NULL""")
                .execute(Tuple.of(guild))
                .flatMap(open -> {
                    Set<String> current = new HashSet<>();
                    List<String> stale = new ArrayList<>();
                    for (Row row : open) {
                        String user = row.getString("user_id");
                        if (row.getOffsetDateTime("joined_at").isAfter(time)
                                || row.getString("channel_id").equals(channelOf.get(user))) {
                            current.add(user);
                        } else {
                            stale.add(user);
                        }
                    }
                    Uni<Void> closing = Uni.createFrom().voidItem();
                    for (String user : stale) {
                        closing = closing.flatMap(ignored -> close(connection, guild, user, at, config));
                    }
                    if (!config.voice().enabled()) {
                        return closing;
                    }
                    List<String> missing = channelOf.keySet().stream().filter(user -> !current.contains(user))
                            .sorted().toList();
                    if (missing.isEmpty()) {
                        return closing;
                    }
                    return closing.flatMap(ignored -> connection.preparedQuery("""
                            INSERT INTO voice_sessions (guild_id, user_id, channel_id, joined_at)
                            SELECT $1, m.user_id, m.channel_id, $4
                              FROM unnest($2::text[], $3::text[]) AS m(user_id, channel_id)
                             WHERE NOT EXISTS (SELECT 1 FROM voice_sessions s
                                                WHERE s.guild_id = $1 AND s.user_id = m.user_id
                                                  AND (s.left_at IS NULL OR s.left_at > $4))""")
                            .execute(Tuple.of(guild, missing.toArray(String[]::new),
                                    missing.stream().map(channelOf::get).toArray(String[]::new), time))
                            .replaceWithVoid());
                });
    }

    void onStart(@Observes StartupEvent start) {
        closeStale().subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not close stale voice sessions at start-up: %s", failure.getMessage()));
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> closeStaleHourly() {
        return closeStale().replaceWithVoid();
    }

    /**
     * Closes sessions open longer than the limit at {@code joined_at} + the limit, each like a leave at that time (its
     * minutes and XP credited) in a transaction of its own; returns how many. Another replica doing the same at once
     * closes each row once: the close only touches a row still open.
     */
    Uni<Integer> closeStale() {
        return TransientFailures.retried(Uni.createFrom().deferred(() -> pool.preparedQuery("""
                SELECT guild_id, user_id, joined_at + make_interval(secs => $1) AS closes_at FROM voice_sessions
                 WHERE left_at IS NULL AND joined_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of((double) maxSession.toSeconds()))))
                .flatMap(rows -> {
                    List<Row> stale = new ArrayList<>();
                    rows.forEach(stale::add);
                    return Multi.createFrom().iterable(stale).onItem().transformToUniAndConcatenate(row -> {
                        String guild = row.getString("guild_id");
                        Instant at = row.getOffsetDateTime("closes_at").toInstant();
                        return TransientFailures.retried(Uni.createFrom().deferred(() -> configs.settings(guild)
                                .flatMap(config -> pool.withTransaction(connection -> close(connection, guild,
                                        row.getString("user_id"), at, config)))))
                                .call(() -> caches.changed(guild));
                    }).collect().asList().map(List::size);
                })
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Closed %d voice sessions open longer than %s (their leave never arrived)", count,
                                maxSession);
                    }
                });
    }
}
