package bot.volvox.gateway.actions;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.utils.TimeUtil;

/**
 * Executes a {@link ActionParams.Purge}: one history fetch of the newest
 * {@code limit} messages, the filter, then one delete — single for one message, bulk for more. Discord refuses
 * messages older than 14 days in a bulk delete, so, as the original bot did, those are skipped (counted in
 * {@code tooOld}) rather than deleted one request each.
 */
@ApplicationScoped
public class ChannelPurge {
    /**
     * Discord's bulk-delete age limit, less a minute: a message that turns 14 days old between this check and
     * Discord's would otherwise fail the whole bulk delete.
     */
    static final Duration BULK_DELETABLE_AGE = Duration.ofDays(14).minusMinutes(1);
    private static final Pattern LINK = Pattern.compile("https?://\\S+", Pattern.CASE_INSENSITIVE);

    @Inject
    DiscordCalls calls;

    ActionResult.Purged purge(GuildMessageChannel channel, ActionParams.Purge params, String reason,
            AtomicInteger attempts) {
        if (params.limit() < 1 || params.limit() > ActionParams.Purge.MAX_LIMIT) {
            throw new DiscordFailure.Permanent(50035, "Invalid Form Body: PURGE limit must be between 1 and "
                    + ActionParams.Purge.MAX_LIMIT + ", was " + params.limit());
        }
        Predicate<Message> matches = filter(params.filter());
        attempts.set(0);
        List<Message> scanned = calls.complete(() -> channel.getHistory().retrievePast(params.limit()), attempts);
        long oldestDeletableId = TimeUtil.getDiscordTimestamp(
                System.currentTimeMillis() - BULK_DELETABLE_AGE.toMillis());
        List<Message> matched = scanned.stream().filter(matches).toList();
        List<String> deletable = matched.stream().filter(message -> message.getIdLong() > oldestDeletableId)
                .map(Message::getId).toList();
        if (deletable.size() == 1) {
            attempts.set(0);
            calls.complete(() -> ActionExecutor.audited(channel.deleteMessageById(deletable.get(0)), reason),
                    attempts);
        } else if (deletable.size() > 1) {
            attempts.set(0);
            calls.complete(() -> channel.deleteMessagesByIds(deletable), attempts);
        }
        return new ActionResult.Purged(scanned.size(), deletable.size(), matched.size() - deletable.size(),
                deletable);
    }

    /** The messages a filter of {@link ActionParams.Purge} selects. */
    static Predicate<Message> filter(String filter) {
        String text = filter == null ? "" : filter;
        if (text.startsWith(ActionParams.Purge.USER_PREFIX)) {
            String userId = text.substring(ActionParams.Purge.USER_PREFIX.length());
            return message -> message.getAuthor().getId().equals(userId);
        }
        if (text.startsWith(ActionParams.Purge.CONTAINS_PREFIX)
                && text.length() > ActionParams.Purge.CONTAINS_PREFIX.length()) {
            String needle = text.substring(ActionParams.Purge.CONTAINS_PREFIX.length()).toLowerCase(Locale.ROOT);
            return message -> message.getContentRaw().toLowerCase(Locale.ROOT).contains(needle);
        }
        return switch (text) {
            case ActionParams.Purge.ALL -> message -> true;
            case ActionParams.Purge.BOT -> message -> message.getAuthor().isBot();
            case ActionParams.Purge.LINKS -> message -> LINK.matcher(message.getContentRaw()).find();
            case ActionParams.Purge.ATTACHMENTS -> message -> !message.getAttachments().isEmpty();
            default -> throw new DiscordFailure.Permanent(50035, "Invalid Form Body: unknown PURGE filter \""
                    + text + "\" (all, user:<id>, bot, contains:<text>, links or attachments)");
        };
    }
}
