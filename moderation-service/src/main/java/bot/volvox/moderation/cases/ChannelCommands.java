package bot.volvox.moderation.cases;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import bot.volvox.moderation.cases.OperationPlan.Step;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.interactions.CommandContext;
import bot.volvox.platform.interactions.Reply;
import bot.volvox.platform.interactions.SlashCommandHandler;
import bot.volvox.platform.commands.Durations;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import io.smallrye.mutiny.Uni;

/** /lock, /unlock, /slowmode: channel actions whose case target is the channel. */
@ApplicationScoped
public class ChannelCommands implements SlashCommandHandler {
    static final Duration MAX_SLOWMODE = Duration.ofHours(6);

    @Inject
    ModerationFlow flow;

    /** Every write is an operation keyed by the interaction; the answers given at once only read. */
    @Override
    public boolean runsAgainSafely(EventPayload.SlashCommand command) {
        return true;
    }

    @Override
    public Set<String> commands() {
        return Set.of("lock", "unlock", "slowmode");
    }

    @Override
    public Uni<Reply> handle(CommandContext context) {
        String channelId = context.channelId("channel");
        String channelTag = context.channelTag("channel");
        String reason = context.string("reason").orElse(null);
        String command = context.command().commandName();
        if ("slowmode".equals(command)) {
            String text = context.string("duration").orElse("");
            int seconds;
            if ("0".equals(text)) {
                seconds = 0;
            } else {
                Optional<Duration> duration = Durations.parse(text);
                if (duration.isEmpty()) {
                    return flow.reply(context, "❌ Invalid duration format. Use e.g. 10s, 5m, 1h, or 0 to disable.");
                }
                if (duration.get().compareTo(MAX_SLOWMODE) > 0) {
                    return flow.reply(context, "❌ Slowmode cannot exceed 6 hours.");
                }
                seconds = (int) duration.get().toSeconds();
            }
            String human = seconds == 0 ? null : Durations.format(Duration.ofSeconds(seconds));
            String caseReason = reason != null ? reason
                    : seconds == 0 ? "Slowmode disabled" : "Slowmode set to " + human;
            CaseDraft draft = new CaseDraft("slowmode", channelId, channelTag, context.invokerId(),
                    context.invokerTag(), caseReason, human, null);
            return flow.run(context, Optional.empty(),
                    List.of(new Step("action", new ActionParams.SetSlowmode(channelId, seconds), caseReason, true, null)),
                    draft, null, null, seconds == 0 ? "✅ Slowmode disabled in <#" + channelId + ">. (Case #{case})"
                            : "✅ Slowmode in <#" + channelId + "> set to " + human + ". (Case #{case})");
        }
        boolean lock = "lock".equals(command);
        String verb = lock ? "locked" : "unlocked";
        // in the description, where Discord renders a mention (a title shows it as raw <@id>)
        Embed notice = new Embed(null, (lock ? "🔒" : "🔓") + " This channel has been " + verb + " by <@"
                + context.invokerId() + ">" + (reason == null ? "" : "\n**Reason:** " + reason),
                lock ? 0xE67E22 : 0x57F287, List.of(), null, null, null);
        ActionParams action = lock ? new ActionParams.LockChannel(channelId) : new ActionParams.UnlockChannel(channelId);
        CaseDraft draft = new CaseDraft(command, channelId, channelTag, context.invokerId(), context.invokerTag(),
                reason, null, null);
        return flow.run(context, Optional.empty(),
                List.of(new Step("action", action, reason, true, null),
                        new Step("notice", new ActionParams.SendMessage(channelId,
                                new MessageBody(null, List.of(notice), List.of()), null), null, false, null)),
                draft, null, null, "✅ <#" + channelId + "> has been " + verb + ". (Case #{case})");
    }
}
