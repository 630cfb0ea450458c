package bot.volvox.moderation.automod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.commands.DiscordPermission;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.guildconfig.CommandAccess;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.redis.SharedCache;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The original's automatic filters, in its order, each stopping what follows when it acts (only while
 * {@code moderation.enabled}): the message rate limit ({@code moderation.rateLimit}), the link filter
 * ({@code moderation.linkFilter}) and the spam patterns, with their alerts to {@code moderation.alertChannelId} and
 * {@code moderation.autoDelete}. As in the original none of them makes a case, a warning or an audit row. Exempt from
 * the first two (not from the spam patterns, as in the original): Administrator holders, admin and moderator roles,
 * and roles whose id or name is in the legacy {@code permissions.modRoles}.
 *
 * <p>The rate-limit windows live in the shared {@link SlidingWindowRateLimiter} (Redis when there is one), so every
 * replica counts one member's messages together; a message counts whether or not it was allowed, as in the original.
 * The "too fast" notice is deleted 10 s after Discord reports it posted.
 */
@ApplicationScoped
public class LegacyFilters {
    private static final Logger LOG = Logger.getLogger(LegacyFilters.class);
    static final String SOURCE_PREFIX = "automod-legacy:";
    static final Duration NOTICE_LIFETIME = Duration.ofSeconds(10);
    /** A limit no window reaches: the limiter then only counts, and the filter compares the count itself. */
    private static final int COUNT_ONLY = 1_000_000;
    static final List<Pattern> SPAM_PATTERNS = List.of(
            Pattern.compile("free\\s*(crypto|bitcoin|btc|eth|nft)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("airdrop.*claim", Pattern.CASE_INSENSITIVE),
            Pattern.compile("discord\\s*nitro\\s*free", Pattern.CASE_INSENSITIVE),
            Pattern.compile("nitro\\s*gift.*claim", Pattern.CASE_INSENSITIVE),
            Pattern.compile("click.*verify.*account", Pattern.CASE_INSENSITIVE),
            Pattern.compile("guaranteed.*profit", Pattern.CASE_INSENSITIVE),
            Pattern.compile("invest.*double.*money", Pattern.CASE_INSENSITIVE),
            Pattern.compile("dm\\s*me\\s*for.*free", Pattern.CASE_INSENSITIVE),
            Pattern.compile("make\\s*\\$?\\d+k?\\+?\\s*(daily|weekly|monthly)", Pattern.CASE_INSENSITIVE));

    @Inject
    SlidingWindowRateLimiter limiter;
    @Inject
    SharedCache cache;
    @Inject
    ActionPublisher publisher;
    @Inject
    Vertx vertx;

    /** Runs the filters on a member's message; true when one acted and later processing must stop. */
    public Uni<Boolean> check(String guildId, GuildConfig config, Message message) {
        if (!config.moderation().enabled()) {
            return Uni.createFrom().item(false);
        }
        boolean exempt = exempt(config, message);
        Uni<Boolean> limited = !exempt && config.moderation().rateLimit().enabled()
                ? rateLimit(guildId, config, message) : Uni.createFrom().item(false);
        return limited.flatMap(stop -> stop || exempt || !config.moderation().linkFilter().enabled()
                ? Uni.createFrom().item(stop) : linkFilter(guildId, config, message))
                .flatMap(stop -> stop ? Uni.createFrom().item(true) : spam(guildId, config, message));
    }

    /** The original's {@code isExempt}: Administrator, admin or moderator roles, legacy {@code modRoles} by id or name. */
    static boolean exempt(GuildConfig config, Message message) {
        if (message.memberPermissions() != null
                && DiscordPermission.ADMINISTRATOR.grantedIn(message.memberPermissions())) {
            return true;
        }
        Set<String> roles = new HashSet<>(CommandAccess.adminRoleIds(config));
        roles.addAll(CommandAccess.moderatorRoleIds(config));
        List<String> modRoles = config.permissions().modRoles();
        if (modRoles != null) {
            roles.addAll(modRoles);
        }
        return CommandAccess.holdsAny(message.memberRoleIds(), roles)
                || (modRoles != null && message.memberRoleNames() != null
                        && message.memberRoleNames().stream().anyMatch(modRoles::contains));
    }

    private Uni<Boolean> rateLimit(String guildId, GuildConfig config, Message message) {
        GuildConfig.RateLimit settings = config.moderation().rateLimit();
        String key = guildId + ":" + message.author().id() + ":" + message.channelId();
        return count("automod:legacy-rate:" + key, Duration.ofSeconds(settings.windowSeconds())).flatMap(count -> {
            if (count <= settings.maxMessages()) {
                return Uni.createFrom().item(false);
            }
            String generationKey = "automod:legacy-rate-generation:" + key;
            Duration muteWindow = Duration.ofSeconds(settings.muteWindowSeconds());
            return cache.get(generationKey).map(found -> found.map(Long::parseLong).orElse(0L))
                    .flatMap(generation -> count("automod:legacy-rate-triggers:" + key + ":" + generation, muteWindow)
                            .flatMap(triggers -> {
                                List<DiscordAction> actions = new ArrayList<>();
                                String reason = "Exceeded " + settings.maxMessages() + " messages in "
                                        + settings.windowSeconds() + "s";
                                actions.add(request(guildId, message, "delete", reason,
                                        new ActionParams.DeleteMessage(message.channelId(), message.messageId())));
                                Uni<Void> reset = Uni.createFrom().voidItem();
                                if (triggers >= settings.muteAfterTriggers()) {
                                    // a new generation of the trigger count: the next mute needs as many triggers again
                                    reset = cache.put(generationKey, Long.toString(generation + 1),
                                            muteWindow.plusSeconds(settings.windowSeconds()));
                                    actions.add(request(guildId, message, "timeout", "Rate limit: repeated violations",
                                            new ActionParams.Timeout(message.author().id(),
                                                    Instant.now().plusSeconds(settings.muteDurationSeconds()))));
                                    alert(guildId, config, message, muteAlert(settings, message))
                                            .ifPresent(actions::add);
                                } else if (triggers == 1) {
                                    actions.add(request(guildId, message, "notice", null,
                                            new ActionParams.SendMessage(message.channelId(), MessageBody.text(
                                                    "⚠️ <@" + message.author().id() + ">, you're sending messages too"
                                                            + " fast! Limit: " + settings.maxMessages()
                                                            + " messages per " + settings.windowSeconds()
                                                            + " seconds."), null)));
                                }
                                return reset.flatMap(ignored -> publisher.publishAll(actions)).replaceWith(true);
                            }));
        });
    }

    private Uni<Integer> count(String key, Duration window) {
        return limiter.tryAcquire(key, COUNT_ONLY, window).map(decision -> COUNT_ONLY - decision.remaining());
    }

    private Uni<Boolean> linkFilter(String guildId, GuildConfig config, Message message) {
        Optional<Links.Block> block = Links.check(message.content(), config.moderation().linkFilter().blockedDomains());
        if (block.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Links.Block found = block.get();
        LOG.infof("Link filter: %s in guild %s by %s", found.reason(), guildId, message.author().id());
        List<DiscordAction> actions = new ArrayList<>();
        actions.add(request(guildId, message, "delete", "Link filter: " + found.reason(),
                new ActionParams.DeleteMessage(message.channelId(), message.messageId())));
        alert(guildId, config, message, new Embed("🔗 Suspicious Link " + (found.phishing() ? "(Phishing Pattern)"
                : "(Blocklisted Domain)") + " Detected", null, 0xED4245, List.of(
                        new EmbedField("User", "<@" + message.author().id() + "> (" + Tags.of(message.author()) + ")",
                                true),
                        new EmbedField("Channel", "<#" + message.channelId() + ">", true),
                        new EmbedField("Matched", "`" + found.matched() + "`", true),
                        new EmbedField("Content", content(message), false)), null, Instant.now(), null))
                .ifPresent(actions::add);
        return publisher.publishAll(actions).replaceWith(true);
    }

    private Uni<Boolean> spam(String guildId, GuildConfig config, Message message) {
        String content = message.content();
        if (content == null || SPAM_PATTERNS.stream().noneMatch(pattern -> pattern.matcher(content).find())) {
            return Uni.createFrom().item(false);
        }
        List<DiscordAction> actions = new ArrayList<>();
        Optional<DiscordAction> alert = alert(guildId, config, message, new Embed("⚠️ Potential Spam Detected", null,
                0xFF6B6B, List.of(
                        new EmbedField("Author", "<@" + message.author().id() + ">", true),
                        new EmbedField("Channel", "<#" + message.channelId() + ">", true),
                        new EmbedField("Content", content(message), false),
                        new EmbedField("Link", "[Jump](https://discord.com/channels/" + guildId + "/"
                                + message.channelId() + "/" + message.messageId() + ")", false)),
                null, Instant.now(), null));
        // as in the original: without an alert channel nothing is done, yet processing stops
        alert.ifPresent(post -> {
            actions.add(post);
            if (config.moderation().autoDelete()) {
                actions.add(request(guildId, message, "delete", "Spam pattern",
                        new ActionParams.DeleteMessage(message.channelId(), message.messageId())));
            }
        });
        return publisher.publishAll(actions).replaceWith(true);
    }

    private Optional<DiscordAction> alert(String guildId, GuildConfig config, Message message, Embed embed) {
        String channel = config.moderation().alertChannelId();
        return channel == null ? Optional.empty() : Optional.of(request(guildId, message, "alert", null,
                new ActionParams.SendMessage(channel, new MessageBody(null, List.of(embed), List.of()), null)));
    }

    private static Embed muteAlert(GuildConfig.RateLimit settings, Message message) {
        long minutes = Math.round(settings.muteDurationSeconds() / 60.0);
        return new Embed("⏱️ Rate Limit: Temp-Mute Applied", null, 0xE67E22, List.of(
                new EmbedField("User", "<@" + message.author().id() + "> (" + Tags.of(message.author()) + ")", true),
                new EmbedField("Channel", "<#" + message.channelId() + ">", true),
                new EmbedField("Duration", minutes + " minute(s)", true),
                new EmbedField("Reason", "Repeated rate limit violations (" + settings.muteAfterTriggers()
                        + " triggers in " + Math.round(settings.muteWindowSeconds() / 60.0) + " minutes)", false)),
                null, Instant.now(), null);
    }

    private static String content(Message message) {
        String content = message.content() == null ? "" : message.content();
        content = content.length() > 1000 ? content.substring(0, 1000) : content;
        return content.isBlank() ? "*empty*" : content;
    }

    /** Every action of one message's filtering: {@code automod-legacy:<channelId>:<messageId>}. */
    private DiscordAction request(String guildId, Message message, String purpose, String reason,
            ActionParams params) {
        return publisher.request(guildId, SOURCE_PREFIX + message.channelId() + ":" + message.messageId(), purpose,
                reason, params);
    }

    /** When the "too fast" notice is posted, deletes it {@link #NOTICE_LIFETIME} later (lost if the process stops). */
    public Uni<Void> onResult(ActionResult result) {
        if (!publisher.isOwnResult(result) || result.status() != ActionStatus.OK || result.kind() != ActionKind.SEND_MESSAGE
                || result.replayed() || result.createdIds().isEmpty() || result.origin().sourceEventId() == null
                || !result.origin().sourceEventId().startsWith(SOURCE_PREFIX)
                || !result.actionId().equals(publisher.actionId(result.origin().sourceEventId(), "notice"))) {
            return Uni.createFrom().voidItem();
        }
        String sourceId = result.origin().sourceEventId();
        String channelId = sourceId.substring(SOURCE_PREFIX.length()).split(":")[0];
        DiscordAction delete = publisher.request(result.guildId(), sourceId, "notice-delete", null,
                new ActionParams.DeleteMessage(channelId, result.createdIds().get(0)));
        vertx.setTimer(NOTICE_LIFETIME.toMillis(), timer -> publisher.publish(delete).subscribe().with(
                ignored -> { }, failure -> LOG.debugf("the rate-limit notice stays: %s", failure.toString())));
        return Uni.createFrom().voidItem();
    }
}
