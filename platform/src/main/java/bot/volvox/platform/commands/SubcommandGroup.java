package bot.volvox.platform.commands;

import java.util.List;

public record SubcommandGroup(String name, String description, List<Subcommand> subcommands) {
    public static SubcommandGroup of(String name, String description, Subcommand... subcommands) {
        return new SubcommandGroup(name, description, List.of(subcommands));
    }
}
