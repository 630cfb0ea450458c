package bot.volvox.platform.guildconfig;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A guild's effective configuration, typed: one record per section, read once from the merged JSON
 * ({@link GuildConfigs#effective}). Every value has its default in {@code defaults.json} and nowhere else, so no
 * field read here is absent; fields documented as nullable (channel ids, legacy keys) may be null. The constraints
 * are what a write must satisfy ({@link ConfigValidation}); keys this model does not name are kept in the JSON and
 * ignored here, so settings of features not built yet survive a round trip.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuildConfig(@NotNull @Valid Moderation moderation, @NotNull @Valid Permissions permissions,
        @NotNull @Valid AuditLog auditLog, @NotNull @Valid AiAutoMod aiAutoMod, @NotNull @Valid Ai ai,
        @NotNull @Valid Triage triage, @NotNull @Valid QuietMode quietMode, @NotNull @Valid Reputation reputation,
        @NotNull @Valid Reminders reminders, @NotNull @Valid Announce announce, @NotNull @Valid Tldr tldr,
        @NotNull @Valid Engagement engagement, @NotNull @Valid Xp xp, @NotNull @Valid Voice voice,
        @NotNull @Valid General general) {

    /** A Discord id: 17 to 20 digits. */
    public static final String SNOWFLAKE = "\\d{17,20}";
    static final String SNOWFLAKE_MESSAGE = "must be a Discord id (17 to 20 digits) or null";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Moderation(boolean enabled,
            @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String alertChannelId, boolean autoDelete,
            @NotNull @Valid DmNotifications dmNotifications, @NotNull @Valid Escalation escalation,
            @NotNull @Valid Logging logging, @NotNull @Valid ProtectRoles protectRoles,
            @NotNull @Valid Warnings warnings, @NotNull @Valid AutoMod automod, @NotNull @Valid RateLimit rateLimit,
            @NotNull @Valid LinkFilter linkFilter) {
    }

    /**
     * The original's message rate limit (off by default): more than {@code maxMessages} messages by one member in
     * one channel within {@code windowSeconds} deletes the excess; the {@code muteAfterTriggers}th time within
     * {@code muteWindowSeconds} times the member out for {@code muteDurationSeconds}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RateLimit(boolean enabled, @Min(1) @Max(1000) int maxMessages, @Min(1) @Max(3600) int windowSeconds,
            @Min(1) @Max(100) int muteAfterTriggers, @Min(1) @Max(86_400) int muteWindowSeconds,
            @Min(1) @Max(2_419_200) int muteDurationSeconds) {
    }

    /** The original's link filter (off by default): phishing patterns, and {@code blockedDomains} with subdomains. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LinkFilter(boolean enabled, @NotNull List<@NotNull String> blockedDomains) {
    }

    /** Whether the target of each action is told by DM before it happens. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DmNotifications(boolean warn, boolean timeout, boolean kick, boolean ban) {
        /** The flag of an action by its key ({@code warn}, {@code timeout}, {@code kick}, {@code ban}); others: off. */
        public boolean of(String action) {
            return switch (action) {
                case "warn" -> warn;
                case "timeout" -> timeout;
                case "kick" -> kick;
                case "ban" -> ban;
                default -> false;
            };
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Escalation(boolean enabled, @NotNull List<@NotNull @Valid Threshold> thresholds) {
    }

    /** Fires when a user's warnings in force within {@code withinDays} reach {@code warns} or {@code points}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Threshold(@Min(1) Integer warns, @Min(1) Integer points, @Min(1) Integer withinDays,
            @NotNull @Pattern(regexp = "timeout|kick|ban", message = "must be timeout, kick or ban") String action,
            String duration) {
    }

    /** Mod-log channels by category ({@code default}, {@code warns}, {@code bans}, …); null: not logged there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Logging(
            @NotNull Map<String, @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String> channels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProtectRoles(boolean enabled, @NotNull List<String> roleIds, boolean includeAdmins,
            boolean includeModerators, boolean includeServerOwner) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Warnings(@Min(1) @Max(3650) int expiryDays,
            @NotNull Map<String, @NotNull @Min(0) @Max(100) Integer> severityPoints) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AutoMod(boolean enabled, @NotNull List<String> exemptRoleIds, @NotNull List<String> exemptChannelIds,
            @NotNull @Valid Rule spam, @NotNull @Valid Rule duplicates, @NotNull @Valid Rule mentions,
            @NotNull @Valid Rule links, @NotNull @Valid Rule invites, @NotNull @Valid Rule words) {
    }

    /**
     * One auto-mod rule. Each rule reads the fields it has in {@code defaults.json}; the others stay null:
     * {@code maxMessages}/{@code windowSeconds} (spam), {@code maxDuplicates}/{@code windowSeconds} (duplicates),
     * {@code maxMentions} (mentions), {@code allowedDomains}/{@code blockedDomains} (links), {@code words} (words).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(boolean enabled,
            @NotNull @Pattern(regexp = "delete|warn|timeout|kick|ban",
                    message = "must be delete, warn, timeout, kick or ban") String action,
            @Min(1) @Max(2_419_200) Integer timeoutSeconds, @Min(1) @Max(100) Integer maxMessages,
            @Min(1) @Max(100) Integer maxDuplicates, @Min(1) @Max(3600) Integer windowSeconds,
            @Min(1) @Max(100) Integer maxMentions, List<String> allowedDomains, List<String> blockedDomains,
            List<String> words) {
    }

    /**
     * Who may run which command ({@link CommandAccess}).
     *
     * @param adminRoleId legacy single admin role, still honoured (nullable)
     * @param moderatorRoleId legacy single moderator role, still honoured (nullable)
     * @param allowedCommands {@code everyone} | {@code moderator} | {@code admin} per command
     * @param modRoles legacy list of role ids or role names exempt from the automatic filters (nullable)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Permissions(boolean enabled, boolean usePermissions, @NotNull List<String> adminRoleIds,
            @NotNull List<String> moderatorRoleIds, String adminRoleId, String moderatorRoleId,
            @NotNull Map<String, String> allowedCommands, List<String> modRoles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditLog(boolean enabled, @Min(1) @Max(365) int retentionDays) {
    }

    /**
     * AI auto-moderation (spec §2.9). {@code thresholds} and {@code actions} are per category (toxicity, spam,
     * harassment, hateSpeech, sexualContent, violence, selfHarm); an action list may be a string or an array of
     * {@code none|flag|delete|warn|timeout|kick|ban} and is normalised where it is judged. {@code autoDelete} is off by
     * default here (the original deleted every triggered message, §9).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AiAutoMod(boolean enabled, @Min(1000) @Max(2_419_200_000L) long timeoutDurationMs, String model,
            @NotNull Map<String, @NotNull @DecimalMin("0") @DecimalMax("1") Double> thresholds,
            @NotNull Map<String, Object> actions,
            @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String flagChannelId, boolean autoDelete,
            @NotNull List<String> exemptRoleIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ai(boolean enabled, @NotNull List<String> channels, @Min(1) @Max(100) int historyLength,
            @Min(1) @Max(365) int historyTTLDays,
            @NotNull List<String> blockedChannelIds,
            @NotNull @Pattern(regexp = CHANNEL_MODES, message = "must be off, mention or vibe") String defaultChannelMode,
            @NotNull Map<String, @NotNull @Pattern(regexp = CHANNEL_MODES, message = "must be off, mention or vibe") String> channelModes,
            @NotNull @Valid Feedback feedback, @NotNull @Valid AiRateLimit rateLimit) {
        /** The modes of §3.1: no AI, answers to mentions and replies only, or also joins in on its own. */
        public static final String CHANNEL_MODES = "off|mention|vibe";
    }

    /** Whether 👍/👎 on the bot's AI replies are recorded ({@code ai_feedback}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feedback(boolean enabled) {
    }

    /**
     * AI calls allowed per member and per channel within a sliding window, counted by every replica together (the
     * original had none, spec §3.3).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AiRateLimit(@Min(1) @Max(10_000) int userCalls, @Min(1) @Max(10_000) int channelCalls,
            @Min(1) @Max(86_400) int windowSeconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    /**
     * @param model the default {@code provider:model} of every AI call (null: the service's default)
     * @param respondModel the {@code provider:model} of replies, before {@code model}
     * @param classifyModel the {@code provider:model} of vibe mode's classify step, before {@code model}
     * @param dailyBudgetUsd the rolling 24 h spend after which AI calls stop (0: no limit)
     * @param triggerWords in a vibe channel, a message containing one (case-insensitive) is classified
     * @param confidenceThreshold a classification less sure than this is not answered
     * @param moderationLogChannel where the once-an-hour "AI spend cap reached" notice goes (null: nowhere)
     * @param statusReactions whether the bot marks a message it is answering with 👀 until the answer is sent
     * @param maxBufferSize how many unevaluated messages a vibe channel's buffer holds (the oldest dropped beyond)
     * @param maxResponsesPerEval how many replies one vibe evaluation may send
     */
    public record Triage(boolean enabled, @Min(1) @Max(3600) int defaultInterval,
            @Min(1000) @Max(300_000) int timeout, String model, String respondModel, String classifyModel,
            @DecimalMin("0") @DecimalMax("100000") BigDecimal dailyBudgetUsd,
            @Min(0) @Max(3_600_000) int responseCooldownMs, @NotNull List<@NotNull String> triggerWords,
            @DecimalMin("0") @DecimalMax("1") double confidenceThreshold,
            @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String moderationLogChannel,
            boolean statusReactions, @Min(1) @Max(100) int maxBufferSize, @Min(1) @Max(10) int maxResponsesPerEval) {
    }

    /** @param cooldownSeconds how long a channel waits between two /tldr summaries */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tldr(@Min(0) @Max(86_400) int cooldownSeconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    /**
     * @param allowedRoles who may quiet the bot: {@code any}, {@code admin}, {@code moderator} (admins included) or
     *        role ids
     */
    public record QuietMode(boolean enabled, @Min(1) @Max(10_080) int defaultDurationMinutes,
            @Min(1) @Max(10_080) int maxDurationMinutes, @NotNull List<@NotNull String> allowedRoles) {
    }

    /**
     * XP per message.
     *
     * @param xpPerMessage {@code [min, max]}: a message earns a uniform whole number in that range
     * @param xpCooldownSeconds a user earns XP at most once in this many seconds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reputation(boolean enabled,
            @NotNull @Size(min = 2, max = 2) List<@NotNull @Min(0) @Max(10_000) Integer> xpPerMessage,
            @Min(0) @Max(86_400) int xpCooldownSeconds) {

        public int minXp() {
            return Math.min(xpPerMessage.get(0), xpPerMessage.get(1));
        }

        public int maxXp() {
            return Math.max(xpPerMessage.get(0), xpPerMessage.get(1));
        }
    }

    /** Message and reaction counters ({@code user_stats}) and the activity badges of {@code /profile}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Engagement(boolean enabled, boolean trackMessages, boolean trackReactions,
            @NotNull List<@NotNull @Valid ActivityBadge> activityBadges) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActivityBadge(@Min(0) int days, @NotNull String label) {
    }

    /**
     * Levels. {@code levelThresholds} is the XP each level needs, ascending (level i+1 at {@code levelThresholds[i]}).
     * Level actions other than the level-up DM are kept in the JSON untyped until they are built.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Xp(boolean enabled, @NotNull List<@NotNull @Min(0) Integer> levelThresholds,
            @NotNull List<@NotNull @Valid LevelActions> levelActions,
            @NotNull List<@NotNull @Valid LevelAction> defaultActions, @NotNull @Valid LevelUpDm levelUpDm,
            @NotNull @Valid RoleRewards roleRewards) {
    }

    /** The actions of reaching {@code level} (instead of {@code xp.defaultActions}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LevelActions(@Min(1) int level, @NotNull List<@NotNull @Valid LevelAction> actions) {
    }

    /**
     * One level-up action. {@code type}: {@code grantRole} / {@code removeRole} ({@code roleId}), {@code sendDm}
     * ({@code message}), {@code announce} ({@code message}, {@code channelMode} {@code current} | {@code specific}
     * with {@code channelId} | {@code none}), {@code addReaction} ({@code emoji}), {@code xpBonus} ({@code amount}),
     * {@code nickPrefix} ({@code prefix}), {@code nickSuffix} ({@code suffix}), {@code webhook} ({@code url}, SSRF-checked
     * when called); other types are kept but not run.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LevelAction(@NotNull String type,
            @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String roleId, String message,
            String channelMode, @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String channelId,
            String emoji, @Min(1) @Max(100_000) Integer amount, @Size(max = 32) String prefix,
            @Size(max = 32) String suffix,
            @Size(max = 2048) String url) {
    }

    /** {@code stackRoles} false: granting an XP role first removes the other XP roles (those any grantRole names). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RoleRewards(boolean stackRoles, boolean removeOnLevelDown) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LevelUpDm(boolean enabled, boolean sendOnEveryLevel, @NotNull String defaultMessage,
            @NotNull List<@NotNull @Valid LevelMessage> messages) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LevelMessage(@Min(1) int level, @NotNull String message) {
    }

    /** Voice sessions: whether joins open sessions (leaving always closes one). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Voice(boolean enabled, @Min(0) @Max(1000) int xpPerMinute, @Min(0) @Max(100_000) int dailyXpCap,
            @Pattern(regexp = SNOWFLAKE, message = SNOWFLAKE_MESSAGE) String logChannel) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reminders(boolean enabled, @Min(1) @Max(100) int maxPerUser) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Announce(boolean enabled) {
    }

    /**
     * Settings of the guild as a whole.
     *
     * @param timezone the IANA time zone (e.g. {@code Europe/Paris}) in which the guild's members type and read times:
     *        {@code /remind} ("tomorrow at 3pm"), {@code /announce} ("2026-12-24 18:00") and cron schedules
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record General(@NotNull @TimeZoneId String timezone) {

        /** The zone; a stored value that is not a zone (written around validation) reads as UTC. */
        public java.time.ZoneId zone() {
            try {
                return java.time.ZoneId.of(timezone);
            } catch (java.time.DateTimeException e) {
                return java.time.ZoneOffset.UTC;
            }
        }
    }
}
