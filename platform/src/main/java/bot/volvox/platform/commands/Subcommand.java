package bot.volvox.platform.commands;

import java.util.List;

public record Subcommand(String name, String description, List<CommandOption> options) {
    public static Subcommand of(String name, String description, CommandOption... options) {
        return new Subcommand(name, description, List.of(options));
    }
}
