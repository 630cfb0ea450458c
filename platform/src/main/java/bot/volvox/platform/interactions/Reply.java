package bot.volvox.platform.interactions;

import java.util.List;

import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.DiscordAction;

/**
 * What a handler decided about an interaction: the answer the invoker sees and the actions it causes, which the
 * {@link InteractionRouter} publishes in that order (effects first, so an answer never claims what was not
 * requested). {@link #LATER} means the handler started work that answers the interaction itself when it ends (a
 * moderation operation answers after Discord's result).
 */
public record Reply(MessageBody body, List<DiscordAction> effects) {

    /** The handler's own work answers the interaction later, exactly once. */
    public static final Reply LATER = new Reply(null, List.of());

    public Reply {
        effects = List.copyOf(effects);
    }

    public static Reply text(String text) {
        return new Reply(MessageBody.text(text), List.of());
    }

    /** A text answer, published after {@code effects}. */
    public static Reply text(String text, List<DiscordAction> effects) {
        return new Reply(MessageBody.text(text), effects);
    }

    /** A refusal or a problem with the input, marked as such. */
    public static Reply error(String text) {
        return text("❌ " + text);
    }

    public static Reply embed(Embed embed) {
        return new Reply(new MessageBody(null, List.of(embed), List.of()), List.of());
    }

    public static Reply body(MessageBody body) {
        return new Reply(body, List.of());
    }


    public boolean answersLater() {
        return body == null;
    }
}
