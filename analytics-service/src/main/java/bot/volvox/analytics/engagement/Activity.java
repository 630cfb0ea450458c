package bot.volvox.analytics.engagement;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.guildconfig.GuildConfig;

/**
 * What a set of new messages and reactions does to {@code user_stats} and {@code reputation}, computed from the
 * stored rows of the users concerned (read under the guilds' locks) and the events in their order. Pure: the same
 * events over the same rows give the same result, which is what makes a replay or a redelivery after a rollback
 * land on the same numbers. Time is the events' own ({@code occurredAt}), never the clock: the cooldown, the active
 * days and {@code last_active} do not depend on when the batch happens to run.
 */
public final class Activity {
    /** The original's minimum length of a message that earns XP. */
    static final int MIN_XP_CONTENT_LENGTH = 10;

    public record Key(String guildId, String userId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byGuild = guildId.compareTo(other.guildId);
            return byGuild != 0 ? byGuild : userId.compareTo(other.userId);
        }
    }

    /** A stored {@code user_stats} row's state that the rules read. */
    public record StoredStats(int daysActive, Instant lastActive) {
    }

    /** A stored {@code reputation} row's state that the rules read. */
    public record StoredXp(long xp, int level, Instant lastXpGain) {
    }

    /** The change to one user's {@code user_stats} row; days and last active are the new absolute values. */
    public static final class StatsChange {
        int messages;
        int reactionsGiven;
        int reactionsReceived;
        int daysActive;
        Instant firstSeen;
        Instant lastActive;
    }

    /** The change to one user's {@code reputation} row. */
    public static final class XpChange {
        int gained;
        int gains;
        Instant lastGain;
        long xpBefore;
        int levelBefore;
        int levelAfter;
        String username;
        /** Where the last XP-earning message was: a level-up's "current channel" and the message to react to. */
        String channelId;
        String messageId;
    }

    /** A guild channel's UTC hour: the unit of {@code channel_activity} (top channels, the weekly heatmap). */
    public record ChannelHour(String guildId, String channelId, Instant hour) implements Comparable<ChannelHour> {
        @Override
        public int compareTo(ChannelHour other) {
            int c = guildId.compareTo(other.guildId);
            if (c == 0) {
                c = hour.compareTo(other.hour);
            }
            return c != 0 ? c : channelId.compareTo(other.channelId);
        }
    }

    /** @param channelHours messages counted in {@code messages_sent}, per channel and hour of their time */
    public record Result(Map<Key, StatsChange> stats, Map<Key, XpChange> xp, Map<ChannelHour, Integer> channelHours) {
    }

    private Activity() {
    }

    /**
     * @param events the new (claimed) events, any order; the ones their guild's configuration does not track are
     *        ignored
     */
    public static Result apply(List<DiscordEvent> events, Map<String, GuildConfig> configs,
            Map<Key, StoredStats> storedStats, Map<Key, StoredXp> storedXp) {
        List<DiscordEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(DiscordEvent::occurredAt));
        Map<Key, StatsChange> stats = new TreeMap<>();
        Map<Key, XpChange> xp = new TreeMap<>();
        Map<ChannelHour, Integer> channelHours = new TreeMap<>();
        for (DiscordEvent event : ordered) {
            GuildConfig config = configs.get(event.guildId());
            if (config == null) {
                continue;
            }
            if (event.payload() instanceof EventPayload.MessageCreated created) {
                EventPayload.Message message = created.message();
                Key author = new Key(event.guildId(), message.author().id());
                if (config.engagement().enabled() && config.engagement().trackMessages()) {
                    StatsChange change = stats(stats, storedStats, author, event.occurredAt());
                    change.messages++;
                    bumpDay(change, event.occurredAt());
                    if (message.channelId() != null) {
                        channelHours.merge(new ChannelHour(event.guildId(), message.channelId(),
                                event.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS)), 1, Integer::sum);
                    }
                }
                if (config.reputation().enabled()) {
                    earn(xp, storedXp, author, event, message, config);
                }
            } else if (event.payload() instanceof EventPayload.ReactionAdded reaction
                    && config.engagement().enabled() && config.engagement().trackReactions()) {
                StatsChange giver = stats(stats, storedStats, new Key(event.guildId(), reaction.userId()),
                        event.occurredAt());
                giver.reactionsGiven++;
                bumpDay(giver, event.occurredAt());
                if (reaction.messageAuthorId() != null && !reaction.messageAuthorId().equals(reaction.userId())) {
                    StatsChange receiver = stats(stats, storedStats,
                            new Key(event.guildId(), reaction.messageAuthorId()), event.occurredAt());
                    receiver.reactionsReceived++; // receiving is not activity: no active day
                }
            }
        }
        for (Map.Entry<Key, XpChange> entry : xp.entrySet()) {
            GuildConfig config = configs.get(entry.getKey().guildId());
            XpChange change = entry.getValue();
            change.levelAfter = Math.max(change.levelBefore,
                    Levels.of(change.xpBefore + change.gained, config.xp().levelThresholds()));
        }
        return new Result(stats, xp, channelHours);
    }

    /** The users whose rows {@code event} may change. */
    static List<Key> usersOf(DiscordEvent event) {
        if (event.payload() instanceof EventPayload.MessageCreated created) {
            return List.of(new Key(event.guildId(), created.message().author().id()));
        }
        if (event.payload() instanceof EventPayload.ReactionAdded reaction) {
            return reaction.messageAuthorId() == null ? List.of(new Key(event.guildId(), reaction.userId()))
                    : List.of(new Key(event.guildId(), reaction.userId()),
                            new Key(event.guildId(), reaction.messageAuthorId()));
        }
        return List.of();
    }

    /**
     * Whether {@code config} tracks anything {@code event} would change; events it does not are not claimed either,
     * so untracked guilds leave no idempotency rows behind.
     */
    static boolean tracked(DiscordEvent event, GuildConfig config) {
        if (config == null) {
            return false;
        }
        if (event.payload() instanceof EventPayload.MessageCreated) {
            return config.engagement().enabled() && config.engagement().trackMessages()
                    || config.reputation().enabled();
        }
        return event.payload() instanceof EventPayload.ReactionAdded && config.engagement().enabled()
                && config.engagement().trackReactions();
    }

    /** Whether a message counts at all: a guild member's message, not a bot's or a webhook's. */
    static boolean countable(DiscordEvent event) {
        if (event.guildId() == null) {
            return false;
        }
        if (event.payload() instanceof EventPayload.MessageCreated created) {
            EventPayload.Message message = created.message();
            return !message.author().bot() && !message.author().system() && message.webhookId() == null;
        }
        return event.payload() instanceof EventPayload.ReactionAdded;
    }

    private static StatsChange stats(Map<Key, StatsChange> changes, Map<Key, StoredStats> stored, Key key,
            Instant at) {
        return changes.computeIfAbsent(key, ignored -> {
            StatsChange change = new StatsChange();
            StoredStats row = stored.get(key);
            change.daysActive = row == null ? 0 : row.daysActive();
            change.lastActive = row == null ? at : row.lastActive();
            change.firstSeen = at;
            return change;
        });
    }

    /** The original's rule: an active day counts when none has yet, or the last activity was on an earlier day. */
    private static void bumpDay(StatsChange change, Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = change.lastActive == null ? null : change.lastActive.atZone(ZoneOffset.UTC).toLocalDate();
        if (change.daysActive == 0 || last == null || day.isAfter(last)) {
            change.daysActive++;
        }
        if (change.lastActive == null || at.isAfter(change.lastActive)) {
            change.lastActive = at;
        }
    }

    private static void earn(Map<Key, XpChange> changes, Map<Key, StoredXp> stored, Key key, DiscordEvent event,
            EventPayload.Message message, GuildConfig config) {
        if (message.content() == null || message.content().length() < MIN_XP_CONTENT_LENGTH) {
            return;
        }
        XpChange change = changes.computeIfAbsent(key, ignored -> {
            XpChange fresh = new XpChange();
            StoredXp row = stored.get(key);
            fresh.xpBefore = row == null ? 0 : row.xp();
            fresh.levelBefore = row == null ? 0 : row.level();
            fresh.lastGain = row == null ? null : row.lastXpGain();
            return fresh;
        });
        Duration cooldown = Duration.ofSeconds(config.reputation().xpCooldownSeconds());
        if (change.lastGain != null && event.occurredAt().isBefore(change.lastGain.plus(cooldown))) {
            return;
        }
        change.gained += xpFor(message.messageId(), config.reputation().minXp(), config.reputation().maxXp());
        change.gains++;
        change.lastGain = event.occurredAt();
        change.username = message.author().username();
        change.channelId = message.channelId();
        change.messageId = message.messageId();
    }

    /**
     * The original's uniform whole number in [min, max], drawn from the message id instead of a shared random source,
     * so that processing a message again (a replay into empty tables) gives it the same XP.
     */
    static int xpFor(String messageId, int min, int max) {
        return new SplittableRandom(messageId.hashCode()).nextInt(min, max + 1);
    }
}
