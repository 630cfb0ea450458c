package bot.volvox.ai.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.guildconfig.GuildConfig;
import io.smallrye.mutiny.Uni;

/**
 * Spec §2.10: the chat classifier's {@code moderate} verdict enforces nothing; it posts a "🛡️ Moderation Flag"
 * embed to {@code triage.moderationLogChannel} for a human to act on. Fails closed: when
 * {@code moderation.protectRoles} is on and a flagged author holds a protected role or their roles are unknown, or a
 * target id the verdict named is not in the buffer, nothing is posted. The action id is derived from the flagged
 * messages, so a redelivered evaluation requests the same message, which the gateway sends once.
 */
@ApplicationScoped
public class ModerationFlag {
    private static final Logger LOG = Logger.getLogger(ModerationFlag.class);
    static final int ORANGE = 0xE67E22;
    static final int MAX_CONTENT = 1000;

    @Inject
    ActionPublisher actions;

    /** The buffered messages a {@code moderate} verdict flags: the named ones, else the newest. */
    static List<VibeChannels.Entry> flagged(List<VibeChannels.Entry> snapshot, Verdict verdict) {
        if (verdict.targetMessageIds().isEmpty()) {
            return List.of(snapshot.get(snapshot.size() - 1));
        }
        return snapshot.stream().filter(entry -> verdict.targetMessageIds().contains(entry.id())).toList();
    }

    public Uni<Void> post(String guildId, String channelId, List<VibeChannels.Entry> snapshot, GuildConfig config,
            Verdict verdict) {
        String logChannel = config.triage().moderationLogChannel();
        List<VibeChannels.Entry> targets = flagged(snapshot, verdict);
        if (logChannel == null || targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (targets.size() < verdict.targetMessageIds().stream().distinct().count()) {
            LOG.infof("Moderation flag in channel %s skipped: a flagged message is not in the buffer", channelId);
            return Uni.createFrom().voidItem();
        }
        GuildConfig.ProtectRoles protect = config.moderation().protectRoles();
        if (protect.enabled() && targets.stream().anyMatch(entry -> entry.message().memberRoleIds() == null
                || entry.message().memberRoleIds().stream().anyMatch(protect.roleIds()::contains))) {
            LOG.infof("Moderation flag in channel %s skipped: a flagged member is protected (or unknown)", channelId);
            return Uni.createFrom().voidItem();
        }
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        for (VibeChannels.Entry entry : targets) {
            String content = entry.message().content() == null ? "" : entry.message().content();
            byUser.computeIfAbsent(entry.message().author().id(), id -> new ArrayList<>())
                    .add(content.length() > MAX_CONTENT ? content.substring(0, MAX_CONTENT) + "…" : content);
        }
        List<ActionParams.EmbedField> fields = new ArrayList<>();
        fields.add(new ActionParams.EmbedField("Recommended action", orNone(verdict.recommendedAction()), true));
        fields.add(new ActionParams.EmbedField("Rule", orNone(verdict.violatedRule()), true));
        fields.add(new ActionParams.EmbedField("Channel", "<#" + channelId + ">", true));
        byUser.forEach((user, contents) -> fields.add(new ActionParams.EmbedField("Flagged user",
                "<@" + user + ">\n" + String.join("\n", contents.stream().map(c -> "> " + c).toList()), false)));
        ActionParams.Embed embed = new ActionParams.Embed("🛡️ Moderation Flag", orNone(verdict.reasoning()), ORANGE,
                fields, "AI triage: no action was taken", null, null);
        String sourceId = "moderation-flag:" + channelId + ":"
                + String.join(",", targets.stream().map(VibeChannels.Entry::id).toList());
        return actions.publish(guildId, sourceId, "notice", "AI triage moderation flag",
                new ActionParams.SendMessage(logChannel, new ActionParams.MessageBody(null, List.of(embed), List.of()),
                        null));
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
