package bot.volvox.platform.commands;

import java.util.List;

/**
 * One option of a slash command or subcommand.
 *
 * @param choices fixed choices (value = name when built with {@link #choices(String...)}); empty for free input
 * @param min minimum value (INTEGER/NUMBER) or null
 * @param max maximum value (INTEGER/NUMBER) or null
 * @param maxLength maximum length (STRING) or null
 * @param channelTypes for CHANNEL options: allowed channel types (JDA {@code ChannelType} names), empty for any
 */
public record CommandOption(String name, String description, OptionType type, boolean required,
        List<Choice> choices, Number min, Number max, Integer maxLength, boolean autocomplete,
        List<String> channelTypes) {

    public record Choice(String name, String value) {
    }

    public static CommandOption required(OptionType type, String name, String description) {
        return new CommandOption(name, description, type, true, List.of(), null, null, null, false, List.of());
    }

    public static CommandOption optional(OptionType type, String name, String description) {
        return new CommandOption(name, description, type, false, List.of(), null, null, null, false, List.of());
    }

    public CommandOption range(Number minimum, Number maximum) {
        return new CommandOption(name, description, type, required, choices, minimum, maximum, maxLength,
                autocomplete, channelTypes);
    }

    public CommandOption maxLength(int length) {
        return new CommandOption(name, description, type, required, choices, min, max, length, autocomplete,
                channelTypes);
    }

    public CommandOption choices(String... values) {
        return new CommandOption(name, description, type, required,
                java.util.Arrays.stream(values).map(v -> new Choice(v, v)).toList(), min, max, maxLength,
                autocomplete, channelTypes);
    }

    public CommandOption channelTypes(String... types) {
        return new CommandOption(name, description, type, required, choices, min, max, maxLength, autocomplete,
                List.of(types));
    }
}
