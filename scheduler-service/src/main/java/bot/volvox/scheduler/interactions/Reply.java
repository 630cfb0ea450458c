package bot.volvox.scheduler.interactions;

import java.util.List;

import bot.volvox.platform.contract.DiscordAction;

/**
 * What a command handler decided: the ephemeral text for the invoker and the actions it causes (emitted before the
 * reply, e.g. the ADD_ROLE of {@code /temprole assign}).
 */
public record Reply(String text, List<DiscordAction> effects) {

    public static Reply text(String text) {
        return new Reply(text, List.of());
    }

    public static Reply error(String text) {
        return new Reply("❌ " + text, List.of());
    }
}
