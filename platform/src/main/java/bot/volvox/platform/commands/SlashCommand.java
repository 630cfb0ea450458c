package bot.volvox.platform.commands;

import java.util.List;
import java.util.Set;

/**
 * A slash command as registered with Discord and routed by the services.
 *
 * @param owner the service that answers it
 * @param ephemeral whether the gateway defers it ephemerally (only the invoker sees the answer)
 * @param requiredPermissions what the bot itself needs in the guild for the command's effect (e.g. BAN_MEMBERS);
 *        who may invoke it is decided by the owning service from {@code permissions.allowedCommands}
 *        ({@code CommandAccess}), so these are not registered as Discord's default member permissions
 * @param options top-level options (a command has options or subcommands/groups, never both)
 */
public record SlashCommand(String name, String description, OwningService owner, boolean ephemeral,
        Set<DiscordPermission> requiredPermissions, List<CommandOption> options, List<Subcommand> subcommands,
        List<SubcommandGroup> subcommandGroups) {

    public SlashCommand {
        if (!options.isEmpty() && !(subcommands.isEmpty() && subcommandGroups.isEmpty())) {
            throw new IllegalArgumentException("/" + name + " mixes options and subcommands");
        }
    }

    public static SlashCommand withOptions(String name, String description, OwningService owner, boolean ephemeral,
            Set<DiscordPermission> requiredPermissions, CommandOption... options) {
        return new SlashCommand(name, description, owner, ephemeral, requiredPermissions, List.of(options), List.of(),
                List.of());
    }

    public static SlashCommand withSubcommands(String name, String description, OwningService owner,
            boolean ephemeral, Set<DiscordPermission> requiredPermissions, Subcommand... subcommands) {
        return new SlashCommand(name, description, owner, ephemeral, requiredPermissions, List.of(), List.of(subcommands),
                List.of());
    }

    public SlashCommand withGroups(SubcommandGroup... groups) {
        return new SlashCommand(name, description, owner, ephemeral, requiredPermissions, options, subcommands,
                List.of(groups));
    }
}
