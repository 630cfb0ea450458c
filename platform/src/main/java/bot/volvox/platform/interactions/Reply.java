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
 *
 * @param completed whether the command did what it was asked; a refusal or a failure is not a completed command and
 *        is not counted in command usage
 */
public record Reply(MessageBody body, List<DiscordAction> effects, boolean completed) {

    /** The handler's own work answers the interaction later, exactly once. */
    public static final Reply LATER = new Reply(null, List.of(), false);

    public Reply {
        effects = List.copyOf(effects);
    }

    /**
     * The handler requested {@code effects} and answers the interaction itself once their results are known (e.g.
     * only after Discord took the change), exactly once.
     */
    public static Reply later(List<DiscordAction> effects) {
        return new Reply(null, effects, false);
    }

    /** The answer of a command that did what it was asked (counted as a completed command). */
    public Reply(MessageBody body, List<DiscordAction> effects) {
        this(body, effects, true);
    }

    public static Reply text(String text) {
        return new Reply(MessageBody.text(text), List.of());
    }

    /** A text answer, published after {@code effects}. */
    public static Reply text(String text, List<DiscordAction> effects) {
        return new Reply(MessageBody.text(text), effects);
    }

    /** A refusal or a problem with the input, marked as such; the command did not complete. */
    public static Reply error(String text) {
        return refused("❌ " + text);
    }

    /** A refusal worded by its caller (access, hierarchy, a bad option); the command did not complete. */
    public static Reply refused(String text) {
        return new Reply(MessageBody.text(text), List.of(), false);
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
