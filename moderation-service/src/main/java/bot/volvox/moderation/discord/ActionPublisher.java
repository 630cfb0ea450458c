package bot.volvox.moderation.discord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.Origin;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Requests Discord actions on {@code discord.action}. Every action id is a name-based UUID of the source (an
 * interaction id or an operation id) and a purpose, so re-processing a redelivered record requests the very same
 * action and the gateway, which executes each id at most once, answers it with the earlier result.
 */
@ApplicationScoped
public class ActionPublisher {
    public static final String SERVICE = "moderation-service";

    @Inject
    @Channel("actions")
    MutinyEmitter<DiscordAction> emitter;

    public static UUID actionId(String sourceId, String purpose) {
        return UUID.nameUUIDFromBytes((sourceId + "/" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes the action; completes when Kafka has it. */
    public Uni<Void> publish(String guildId, String sourceId, String purpose, String reason, ActionParams params) {
        DiscordAction action = DiscordAction.of(actionId(sourceId, purpose), guildId, reason,
                new Origin(SERVICE, sourceId), params);
        return emitter.sendMessage(Message.of(action)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(action.key()).build()));
    }

    /** The answer to a (deferred) slash command: an ephemeral follow-up. */
    public Uni<Void> reply(String guildId, String sourceId, Interaction interaction, String text) {
        return reply(guildId, sourceId, interaction, MessageBody.text(text));
    }

    public Uni<Void> reply(String guildId, String sourceId, Interaction interaction, Embed embed) {
        return reply(guildId, sourceId, interaction, new MessageBody(null, List.of(embed), List.of()));
    }

    public Uni<Void> reply(String guildId, String sourceId, Interaction interaction, MessageBody body) {
        return reply(guildId, sourceId, new ReplyTarget(interaction.applicationId(), interaction.token(),
                interaction.ephemeral()), body);
    }

    public Uni<Void> reply(String guildId, String sourceId, ReplyTarget target, MessageBody body) {
        return publish(guildId, sourceId, "reply", null,
                new ActionParams.InteractionFollowup(target.applicationId(), target.token(), body, target.ephemeral()));
    }

    /** Where an interaction's answer goes (kept with an operation that answers later). */
    public record ReplyTarget(String applicationId, String token, boolean ephemeral) {
        public static ReplyTarget of(Interaction interaction) {
            return new ReplyTarget(interaction.applicationId(), interaction.token(), true);
        }
    }
}
