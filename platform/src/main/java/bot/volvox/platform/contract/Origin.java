package bot.volvox.platform.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who asked for an action and why. The gateway copies it into the action's {@link ActionResult}, so whatever a
 * requester states here comes back with Discord's outcome, on the requester's result topic
 * ({@link Topics#actionResults}), where analytics-service reads it too.
 *
 * @param service the requesting service's name (its consumer group), e.g. {@code moderation-service}: it chooses the
 *        topic of the result, so the gateway refuses an action whose origin names no domain service
 * @param sourceEventId the {@link DiscordEvent#id()} (or other id) that caused the request; null for scheduled work
 * @param command only on the answer ({@code INTERACTION_FOLLOWUP}) to a slash command: which command it answers and
 *        whether the command completed; null on every other action and in records written before this field existed
 */
public record Origin(String service, String sourceEventId, AnsweredCommand command) {

    @JsonCreator
    public Origin(@JsonProperty("service") String service, @JsonProperty("sourceEventId") String sourceEventId,
            @JsonProperty("command") AnsweredCommand command) {
        this.service = service;
        this.sourceEventId = sourceEventId;
        this.command = command;
    }

    public Origin(String service, String sourceEventId) {
        this(service, sourceEventId, null);
    }

    /**
     * The slash command an answer belongs to. Command usage is counted from the answer's result, not from the
     * interaction: only the owning service knows whether the command was refused or failed, and only the result
     * says whether Discord showed the answer.
     *
     * @param name the top-level command name, e.g. {@code warn}
     * @param userId the invoker
     * @param channelId where the command was used
     * @param completed true when the command did what it was asked; false for a refusal (access, hierarchy, bad
     *        option), a failure or "not available yet"
     */
    public record AnsweredCommand(String name, String userId, String channelId, boolean completed) {
    }
}
