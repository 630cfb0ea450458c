package bot.volvox.ai.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import bot.volvox.platform.actions.ActionPublisher;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.kafka.VolvoxJson;

/**
 * What the bot sends for one message, stored as the outcome of its {@code processed_events} claim before anything is
 * published: a redelivery re-publishes exactly this (same action ids, which the gateway executes once), and the
 * action results find each chunk's text here to store it with the id Discord gave it.
 *
 * @param answer true for a model's answer (its chunks go to history), false for a notice (not configured, budget,
 *        failure)
 * @param reaction an emoji to add to the message instead (the gratitude shortcut), or null
 */
public record ReplyPlan(String guildId, String channelId, String replyTo, List<String> chunks, boolean answer,
        String reaction) {

    public ReplyPlan(String guildId, String channelId, String replyTo, List<String> chunks, boolean answer) {
        this(guildId, channelId, replyTo, chunks, answer, null);
    }

    static String purpose(int chunk) {
        return "reply:" + chunk;
    }

    /** One SEND_MESSAGE per chunk, the first one replying to the message. */
    public List<DiscordAction> actions(ActionPublisher publisher, String sourceId) {
        List<DiscordAction> actions = new ArrayList<>();
        if (reaction != null) {
            actions.add(publisher.request(guildId, sourceId, "react", null,
                    new ActionParams.AddReaction(channelId, replyTo, reaction)));
        }
        for (int i = 0; i < chunks.size(); i++) {
            actions.add(publisher.request(guildId, sourceId, purpose(i), null, new ActionParams.SendMessage(channelId,
                    ActionParams.MessageBody.text(chunks.get(i)), i == 0 ? replyTo : null)));
        }
        return actions;
    }

    /** The chunk {@code actionId} sent, or -1. */
    public int chunkOf(ActionPublisher publisher, String sourceId, UUID actionId) {
        for (int i = 0; i < chunks.size(); i++) {
            if (publisher.actionId(sourceId, purpose(i)).equals(actionId)) {
                return i;
            }
        }
        return -1;
    }

    public String json() {
        try {
            return VolvoxJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ReplyPlan read(String json) {
        try {
            return VolvoxJson.MAPPER.readValue(json, ReplyPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored reply plan cannot be read", e);
        }
    }
}
