package bot.volvox.moderation.automod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import bot.volvox.moderation.automod.AutoModRule.Hit;
import bot.volvox.moderation.cases.CaseDraft;
import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.moderation.cases.OperationPlan;
import bot.volvox.moderation.cases.Operations;
import bot.volvox.moderation.discord.BotIdentity;
import bot.volvox.moderation.warnings.WarningPolicy;
import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.Message;
import bot.volvox.platform.contract.EventPayload.MessageCreated;
import bot.volvox.platform.failures.TransientFailures;
import bot.volvox.platform.guildconfig.GuildConfig;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.interactions.Tags;
import bot.volvox.platform.redis.SlidingWindowRateLimiter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Auto-mod on {@code discord.message}. First the original's filters ({@link LegacyFilters}: rate limit, link filter,
 * spam patterns), which stop everything after them when they act; then this service's rules
 * (config {@code moderation.automod}, off by default): blocked words, invite
 * links, link filter (blocked domains, or an allow-list), mention spam, duplicate messages and message rate (the
 * last two per user through the shared {@link SlidingWindowRateLimiter}, so every replica counts together). The
 * first rule that matches acts: {@code delete} deletes the message; {@code warn}, {@code timeout}, {@code kick},
 * {@code ban} delete it too and create a case with the bot as moderator (warn also a warning, with escalation).
 * Administrator holders, members with an exempt, admin, moderator or legacy {@code modRoles} role and exempt channels
 * are skipped.
 *
 * <p>Every hit is recorded in {@code flagged_messages} with {@code flagged_by = 'automod'}: such a message is not
 * an AI conversation row, so its {@code conversation_first_id}/{@code message_id} are null and it carries the
 * Discord message id, channel, author and content instead (018_moderation made the conversation columns nullable
 * and requires one of the two subjects).
 */
@ApplicationScoped
public class AutoMod {
    static final Set<String> ACTIONS = Set.of("delete", "warn", "timeout", "kick", "ban");

    @Inject
    GuildConfigs configs;
    @Inject
    SlidingWindowRateLimiter limiter;
    @Inject
    Operations operations;
    @Inject
    BotIdentity bot;
    @Inject
    Pool pool;
    @Inject
    LegacyFilters legacy;

    @Incoming("messages")
    public Uni<Void> onMessage(DiscordEvent event) {
        if (!(event.payload() instanceof MessageCreated created) || event.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        Message message = created.message();
        if (message.author() == null || message.author().bot() || message.author().system()
                || message.webhookId() != null) {
            return Uni.createFrom().voidItem();
        }
        return TransientFailures.retried(Uni.createFrom().deferred(() -> check(event, message)));
    }

    private Uni<Void> check(DiscordEvent event, Message message) {
        return configs.settings(event.guildId()).flatMap(config -> legacy.check(event.guildId(), config, message)
                .flatMap(stopped -> stopped ? Uni.createFrom().voidItem() : rules(event, config, message)));
    }

    private Uni<Void> rules(DiscordEvent event, GuildConfig config, Message message) {
        GuildConfig.AutoMod rules = config.moderation().automod();
        if (!rules.enabled() || exempt(config, message)) {
            return Uni.createFrom().voidItem();
        }
        Optional<Hit> hit = AutoModRule.words(rules, message).or(() -> AutoModRule.invites(rules, message))
                .or(() -> AutoModRule.links(rules, message)).or(() -> AutoModRule.mentions(rules, message));
        if (hit.isPresent()) {
            return act(event.guildId(), config, message, hit.get());
        }
        return rateRules(event.guildId(), rules, message)
                .flatMap(rate -> rate.isEmpty() ? Uni.createFrom().voidItem()
                        : act(event.guildId(), config, message, rate.get()));
    }

    /** The original's exemptions ({@link LegacyFilters#exempt}), plus the rules' own exempt roles and channels. */
    private static boolean exempt(GuildConfig config, Message message) {
        Set<String> roles = new HashSet<>(config.moderation().automod().exemptRoleIds());
        boolean roleExempt = message.memberRoleIds() != null && message.memberRoleIds().stream().anyMatch(roles::contains);
        return roleExempt || LegacyFilters.exempt(config, message)
                || config.moderation().automod().exemptChannelIds().contains(message.channelId());
    }

    private Uni<Optional<Hit>> rateRules(String guildId, GuildConfig.AutoMod rules, Message message) {
        Uni<Optional<Hit>> duplicates = Uni.createFrom().item(Optional.empty());
        GuildConfig.Rule rule = rules.duplicates();
        if (rule.enabled() && message.content() != null && !message.content().isBlank()) {
            String fingerprint = Integer.toHexString(message.content().trim().toLowerCase(Locale.ROOT).hashCode());
            duplicates = limiter.tryAcquire("automod:dup:" + guildId + ":" + message.author().id() + ":" + fingerprint,
                    rule.maxDuplicates(), Duration.ofSeconds(rule.windowSeconds()))
                    .map(decision -> decision.allowed() ? Optional.empty()
                            : Optional.of(AutoModRule.hit("duplicates", rule, "repeated message")));
        }
        return duplicates.flatMap(found -> spam(guildId, rules.spam(), message, found));
    }

    private Uni<Optional<Hit>> spam(String guildId, GuildConfig.Rule rule, Message message, Optional<Hit> found) {
        if (found.isPresent() || !rule.enabled()) {
            return Uni.createFrom().item(found);
        }
        int max = rule.maxMessages();
        int window = rule.windowSeconds();
        return limiter.tryAcquire("automod:rate:" + guildId + ":" + message.author().id(), max,
                Duration.ofSeconds(window))
                .map(decision -> decision.allowed() ? Optional.empty()
                        : Optional.of(AutoModRule.hit("spam", rule, "more than " + max + " messages in " + window
                                + " s")));
    }

    private Uni<Void> act(String guildId, GuildConfig config, Message message, Hit hit) {
        String userId = message.author().id();
        String reason = "Auto-mod: " + hit.rule() + " (" + hit.detail() + ")";
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("delete", new ActionParams.DeleteMessage(message.channelId(), message.messageId()), reason,
                false, null));
        CaseDraft draft = null;
        OperationPlan.WarningDraft warning = null;
        String tag = Tags.of(message.author());
        switch (hit.action()) {
            case "warn" -> {
                draft = new CaseDraft("warn", userId, tag, bot.userId(), bot.tag(), reason, null, null);
                warning = WarningPolicy.draft(config, "low", Instant.now());
            }
            case "timeout" -> {
                Instant until = Instant.now().plusSeconds(hit.timeoutSeconds());
                steps.add(new Step("action", new ActionParams.Timeout(userId, until), reason, true, null));
                draft = new CaseDraft("timeout", userId, tag, bot.userId(), bot.tag(), reason,
                        Durations.format(Duration.ofSeconds(hit.timeoutSeconds())), until);
            }
            case "kick" -> {
                steps.add(new Step("action", new ActionParams.Kick(userId), reason, true, null));
                draft = new CaseDraft("kick", userId, tag, bot.userId(), bot.tag(), reason, null, null);
            }
            case "ban" -> {
                steps.add(new Step("action", new ActionParams.Ban(userId, 0), reason, true, null));
                draft = new CaseDraft("ban", userId, tag, bot.userId(), bot.tag(), reason, null, null);
            }
            default -> {
            }
        }
        OperationPlan plan = new OperationPlan(null, steps, draft, warning, null, draft != null, null);
        return flag(guildId, message, hit).flatMap(ignored -> operations.start("automod:" + message.messageId(),
                guildId, plan));
    }

    private Uni<Void> flag(String guildId, Message message, Hit hit) {
        String content = message.content() == null ? null
                : message.content().length() > 2000 ? message.content().substring(0, 2000) : message.content();
        return pool.preparedQuery("""
                INSERT INTO flagged_messages (guild_id, flagged_by, reason, notes, discord_message_id, channel_id,
                                              author_id, content)
                VALUES ($1, 'automod', $2, $3, $4, $5, $6, $7)
                ON CONFLICT (guild_id, discord_message_id, reason) WHERE discord_message_id IS NOT NULL DO NOTHING""")
                .execute(Tuple.from(new Object[] {guildId, "automod." + hit.rule(), hit.detail(), message.messageId(),
                        message.channelId(), message.author().id(), content}))
                .replaceWithVoid();
    }
}
