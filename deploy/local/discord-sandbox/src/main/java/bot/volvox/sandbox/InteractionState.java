package bot.volvox.sandbox;

import java.util.List;

/**
 * What the bot did with one interaction.
 *
 * @param id                 interaction id
 * @param token              interaction token
 * @param type               1 ping, 2 command, 3 component, 4 autocomplete, 5 modal submit
 * @param name               command name, or custom id for components and modals
 * @param channelId          channel the interaction happened in
 * @param userId             who triggered it
 * @param callbackType       type of the first accepted callback (4 reply, 5 defer, 6 deferred update, 7 update,
 *                           8 autocomplete result, 9 modal), or 0 if none yet
 * @param ephemeral          whether the callback carried the EPHEMERAL flag (64)
 * @param callbackElapsedMs  ms between the INTERACTION_CREATE dispatch and the callback, -1 if none yet
 * @param callbackContent    content of a type 4/7 callback, or null
 * @param callbackBody       raw JSON body of the accepted callback, or null
 * @param rejectedCallbacks  callbacks refused (already acknowledged, too late)
 * @param originalContent    current content of the original response (@original), or null
 * @param followups          follow-up messages sent through the webhook, in order
 */
public record InteractionState(String id, String token, int type, String name, String channelId, String userId,
                               int callbackType, boolean ephemeral, long callbackElapsedMs, String callbackContent,
                               String callbackBody, int rejectedCallbacks, String originalContent,
                               List<Followup> followups) {

    public boolean acknowledged() {
        return callbackType != 0;
    }

    public boolean deferred() {
        return callbackType == 5 || callbackType == 6;
    }

    /**
     * The bot's answer as the user reads it: the edited deferred reply, else its first follow-up, else an immediate
     * reply; null while there is none.
     */
    public String answer() {
        if (originalContent != null) {
            return originalContent;
        }
        return followups.isEmpty() ? callbackContent : followups.get(0).content();
    }

    /** One follow-up message: its id, content and whether it was ephemeral. */
    public record Followup(String messageId, String content, boolean ephemeral, String body) {
    }
}
