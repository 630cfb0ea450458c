package bot.volvox.scheduler.interactions;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import bot.volvox.platform.commands.DiscordPermission;
import bot.volvox.platform.contract.EventPayload.Interaction;
import io.smallrye.mutiny.Uni;

/** Who may run a command (behavior.md §2.1): bot owners, then {@code permissions.allowedCommands}. */
@ApplicationScoped
public class CommandAccess {

    @Inject
    GuildConfig config;

    /** {@code BOT_OWNER_IDS}, comma-separated. */
    @ConfigProperty(name = "bot.owner.ids")
    Optional<List<String>> botOwnerIds;

    /** Why {@code interaction}'s user may not run {@code command} here, or empty when allowed. */
    public Uni<Optional<String>> denial(String guildId, Interaction interaction, String command) {
        return config.section(guildId, "permissions").map(permissions -> {
            if (isOwner(interaction) || !permissions.path("enabled").asBoolean(true)
                    || !permissions.path("usePermissions").asBoolean(true)) {
                return Optional.<String>empty();
            }
            JsonNode level = permissions.path("allowedCommands").path(command);
            String required = level.isTextual() ? level.asText() : "admin";
            boolean allowed = switch (required) {
                case "everyone" -> true;
                case "moderator" -> isModerator(interaction, permissions);
                case "admin" -> isAdmin(interaction, permissions);
                default -> false;
            };
            if (allowed) {
                return Optional.<String>empty();
            }
            String levelText = level.isTextual() ? required : "administrator";
            return Optional.of("❌ You don't have permission to use `/" + command + "`.\n\nThis command requires "
                    + levelText + " access.");
        });
    }

    /** Bot owner, Administrator, Manage Server, an admin role or a moderator role. */
    public Uni<Boolean> isModerator(String guildId, Interaction interaction) {
        return config.section(guildId, "permissions").map(permissions -> isModerator(interaction, permissions));
    }

    private boolean isModerator(Interaction interaction, JsonNode permissions) {
        return isAdmin(interaction, permissions)
                || DiscordPermission.MANAGE_SERVER.grantedIn(interaction.permissions())
                || hasAnyRole(interaction, roles(permissions, "moderatorRoleIds", "moderatorRoleId"));
    }

    private boolean isAdmin(Interaction interaction, JsonNode permissions) {
        return isOwner(interaction) || DiscordPermission.ADMINISTRATOR.grantedIn(interaction.permissions())
                || hasAnyRole(interaction, roles(permissions, "adminRoleIds", "adminRoleId"));
    }

    private boolean isOwner(Interaction interaction) {
        return botOwnerIds.map(ids -> ids.contains(interaction.user().id())).orElse(false);
    }

    private static boolean hasAnyRole(Interaction interaction, Set<String> roles) {
        return interaction.roleIds() != null && interaction.roleIds().stream().anyMatch(roles::contains);
    }

    private static Set<String> roles(JsonNode permissions, String listField, String legacyField) {
        Set<String> roles = new HashSet<>();
        permissions.path(listField).forEach(role -> roles.add(role.asText()));
        JsonNode legacy = permissions.path(legacyField);
        if (legacy.isTextual()) {
            roles.add(legacy.asText());
        }
        return roles;
    }
}
