package bot.volvox.platform.commands;

import java.util.Arrays;
import java.util.Optional;

/**
 * The custom-id prefixes of the buttons, select menus and modals the bot puts on its messages, each with the service
 * that answers them: the gateway sends a component's interaction only to that service, as it sends a slash command
 * only to the command's owner ({@link CommandRegistry}). A custom id no prefix claims (a message of an older release)
 * is answered by the gateway at once. No prefix may start another, so a custom id has at most one owner.
 */
public enum ComponentPrefix {
    /** {@code /modlog setup}'s category and channel menus. */
    MOD_LOG_SETUP("modlog:", OwningService.MODERATION),
    /** A delivered reminder's snooze and dismiss buttons. */
    REMINDER("reminder_", OwningService.SCHEDULER);

    private final String prefix;
    private final OwningService owner;

    ComponentPrefix(String prefix, OwningService owner) {
        this.prefix = prefix;
        this.owner = owner;
    }

    public String prefix() {
        return prefix;
    }

    public OwningService owner() {
        return owner;
    }

    /** The prefix {@code customId} starts with, if any. */
    public static Optional<ComponentPrefix> of(String customId) {
        return customId == null ? Optional.empty()
                : Arrays.stream(values()).filter(known -> customId.startsWith(known.prefix)).findFirst();
    }
}
