package bot.volvox.platform.interactions;

import java.util.List;
import java.util.Map;

import bot.volvox.platform.actions.ReplyTarget;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload.ButtonClicked;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ModalSubmitted;
import bot.volvox.platform.contract.EventPayload.SelectMenuChosen;

/**
 * A button click, select-menu choice or modal submission whose custom id starts with a {@link ComponentHandler}'s
 * prefix. Components may come from DMs (a reminder's buttons), so {@link #guildId()} may be null.
 *
 * @param values the chosen values of a select menu (empty otherwise)
 * @param fields the submitted fields of a modal (empty otherwise)
 * @param messageId the message carrying the component (null for a modal)
 */
public record ComponentContext(DiscordEvent event, Interaction interaction, String customId, String messageId,
        List<String> values, Map<String, String> fields) {

    static ComponentContext of(DiscordEvent event) {
        if (event.payload() instanceof ButtonClicked button) {
            return new ComponentContext(event, button.interaction(), button.customId(), button.messageId(), List.of(),
                    Map.of());
        }
        if (event.payload() instanceof SelectMenuChosen select) {
            return new ComponentContext(event, select.interaction(), select.customId(), select.messageId(),
                    select.values() == null ? List.of() : select.values(), Map.of());
        }
        if (event.payload() instanceof ModalSubmitted modal) {
            return new ComponentContext(event, modal.interaction(), modal.customId(), null, List.of(),
                    modal.values() == null ? Map.of() : modal.values());
        }
        return null;
    }

    public String id() {
        return event.id();
    }

    public String guildId() {
        return event.guildId();
    }

    public String userId() {
        return interaction.user().id();
    }

    /** The custom id after {@code prefix}. */
    public String customIdAfter(String prefix) {
        return customId.substring(prefix.length());
    }

    /** The first chosen value of a select menu, or an empty string. */
    public String firstValue() {
        return values.isEmpty() ? "" : values.get(0);
    }

    public ReplyTarget replyTarget() {
        return ReplyTarget.forComponent(interaction);
    }
}
