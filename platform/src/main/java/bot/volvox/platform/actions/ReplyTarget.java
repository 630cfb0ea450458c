package bot.volvox.platform.actions;

import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.SlashCommand;

/**
 * Where an interaction's answer goes. Kept with work that answers later (moderation's operations store it), so it
 * holds only what the follow-up needs.
 *
 * @param ephemeral whether only the invoker sees the answer
 * @param userId the invoker (keys the answer of an interaction outside any guild; null in targets stored before it)
 * @param replacesDeferral whether the answer replaces a deferred "thinking…" reply (a slash command; false in targets
 *        stored before it, which are then answered by a follow-up as before)
 * @param command the slash command answered (null for components and in targets stored before it): the answer says
 *        which command it completes, for command usage
 * @param channelId the channel the slash command was used in (null like {@code command})
 */
public record ReplyTarget(String applicationId, String token, boolean ephemeral, String userId,
        boolean replacesDeferral, String command, String channelId) {

    public ReplyTarget(String applicationId, String token, boolean ephemeral, String userId,
            boolean replacesDeferral) {
        this(applicationId, token, ephemeral, userId, replacesDeferral, null, null);
    }

    /**
     * A slash command's answer: it replaces the deferred "thinking…" reply, visible as the command registry's
     * deferral decided.
     */
    public static ReplyTarget forCommand(SlashCommand command) {
        Interaction interaction = command.interaction();
        return new ReplyTarget(interaction.applicationId(), interaction.token(), interaction.ephemeral(),
                userId(interaction), true, command.commandName(), interaction.channelId());
    }

    /**
     * A component's answer (button, select menu, modal): the gateway acknowledged the component with a deferred
     * update, so the answer is a new message, shown only to the user who clicked.
     */
    public static ReplyTarget forComponent(Interaction interaction) {
        return new ReplyTarget(interaction.applicationId(), interaction.token(), true, userId(interaction), false);
    }

    private static String userId(Interaction interaction) {
        return interaction.user() == null ? null : interaction.user().id();
    }
}
