package bot.volvox.ai.triage;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.ai.triage.VibeChannels.Entry;
import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;

/**
 * The classifier's {@code moderate} verdict on a vibe channel's buffer (spec §2.10): no enforcement at all (no case,
 * no delete, nothing on the moderation topic), only a "🛡️ Moderation Flag" for the moderators in
 * {@code triage.moderationLogChannel}, naming the recommended action, the rule and each flagged member with what
 * they wrote. Fails closed like the original: no flag when a named target is not in the buffer or, with
 * {@code moderation.protectRoles} on, when a flagged member holds a protected role. The action id derives from the
 * newest buffered message, so a re-evaluation of the same buffer posts the flag once.
 */
@ApplicationScoped
public class ModerationFlag {
    private static final Logger LOG = Logger.getLogger(ModerationFlag.class);
    static final String TITLE = "🛡️ **Moderation Flag**";
    static final int MAX_CONTENT = 1000;

    @Inject
    ActionPublisher actions;

    public Uni<Void> flag(String guildId, String channelId, List<Entry> snapshot, GuildConfig config,
            Verdict verdict) {
        Optional<String> text = text(channelId, snapshot, config, verdict);
        String logChannel = config.triage().moderationLogChannel();
        if (text.isEmpty() || logChannel == null) {
            LOG.infof("Channel %s: moderate verdict, no flag posted (%s)", channelId,
                    text.isEmpty() ? "failed closed" : "no triage.moderationLogChannel");
            return Uni.createFrom().voidItem();
        }
        Entry newest = snapshot.get(snapshot.size() - 1);
        return actions.publish(guildId, newest.id(), "moderation-flag", "AI triage moderation flag",
                new ActionParams.SendMessage(logChannel, ActionParams.MessageBody.text(text.get()), null));
    }

    /** The flag's text, or empty when the spec's fail-closed rules say no flag. */
    static Optional<String> text(String channelId, List<Entry> snapshot, GuildConfig config, Verdict verdict) {
        List<Entry> targets = snapshot.stream().filter(e -> verdict.targetMessageIds().contains(e.id())).toList();
        if (targets.size() < verdict.targetMessageIds().size()) {
            return Optional.empty();
        }
        if (targets.isEmpty()) {
            targets = List.of(snapshot.get(snapshot.size() - 1));
        }
        GuildConfig.ProtectRoles protect = config.moderation().protectRoles();
        if (protect.enabled() && targets.stream().anyMatch(target -> target.message().memberRoleIds() == null
                || target.message().memberRoleIds().stream().anyMatch(protect.roleIds()::contains))) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(TITLE).append("\nRecommended action: ")
                .append(orUnknown(verdict.recommendedAction())).append("\nRule: ")
                .append(orUnknown(verdict.violatedRule())).append("\nChannel: <#").append(channelId).append('>');
        for (Entry target : targets) {
            String content = target.message().content() == null ? "" : target.message().content();
            text.append("\n<@").append(target.message().author().id()).append(">: ")
                    .append(content.length() <= MAX_CONTENT ? content : content.substring(0, MAX_CONTENT));
        }
        if (verdict.reasoning() != null && !verdict.reasoning().isBlank()) {
            text.append("\nReasoning: ").append(verdict.reasoning());
        }
        // Discord's limit; the gateway would split, but a flag is one message
        return Optional.of(text.length() <= 2000 ? text.toString() : text.substring(0, 2000));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unspecified" : value;
    }
}
