package bot.volvox.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An interaction and how the bot has answered it so far. Unlike the entities it is a small state machine (callback,
 * then edits and follow-ups), changed in place; like them it is only touched on the sandbox's context.
 */
final class Interaction {
    final long id;
    final String token;
    final int type;
    final String name;
    final long channelId;
    final long userId;
    final long dispatchedNanos;
    final Instant createdAt;
    int callbackType;
    boolean ephemeral;
    long callbackElapsedMs = -1;
    String callbackContent;
    String callbackBody;
    int rejectedCallbacks;
    Long originalMessageId;
    String originalContent;
    /** For component interactions: the message whose component was used. */
    Long componentMessageId;
    final List<InteractionState.Followup> followups = new ArrayList<>();

    Interaction(long id, String token, int type, String name, long channelId, long userId, long dispatchedNanos,
                Instant createdAt) {
        this.id = id;
        this.token = token;
        this.type = type;
        this.name = name;
        this.channelId = channelId;
        this.userId = userId;
        this.dispatchedNanos = dispatchedNanos;
        this.createdAt = createdAt;
    }

    InteractionState snapshot() {
        return new InteractionState(Long.toString(id), token, type, name, Long.toString(channelId),
                Long.toString(userId), callbackType, ephemeral, callbackElapsedMs, callbackContent, callbackBody,
                rejectedCallbacks, originalContent, List.copyOf(followups));
    }
}
