package bot.volvox.platform.guildconfig;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.kafka.VolvoxJson;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may run which command, against the built-in defaults and guild overrides (no I/O: the checks are pure). */
class CommandAccessTest {
    private static final String NONE = "0";
    private static final String ADMINISTRATOR = Long.toString(1L << 3);
    private static final String MANAGE_SERVER = Long.toString(1L << 5);

    private static Interaction invoker(String permissions, String... roles) {
        return new Interaction("1", "2", "token", "3", new Author("42", "someone", null, false, false), permissions,
                List.of(roles), 1, null, false, "en-US", "en-US", true, true);
    }

    private static GuildConfig config(String guildOverrides) throws Exception {
        return GuildConfigs.read(ConfigMerge.into(GuildConfigs.defaults(),
                (ObjectNode) VolvoxJson.MAPPER.readTree(guildOverrides)), "test");
    }

    @Test
    void defaultLevelsEveryoneModeratorAndAdmin() throws Exception {
        GuildConfig config = config("{}");
        assertThat(CommandAccess.refusal(config, invoker(NONE), false, "remind")).isEmpty();
        assertThat(CommandAccess.refusal(config, invoker(NONE), false, "warn")).contains(
                "❌ You don't have permission to use `/warn`.\n\nThis command requires moderator access.");
        assertThat(CommandAccess.refusal(config, invoker(MANAGE_SERVER), false, "warn")).isEmpty();
        assertThat(CommandAccess.refusal(config, invoker(MANAGE_SERVER), false, "ban"))
                .contains("❌ You don't have permission to use `/ban`.\n\nThis command requires admin access.");
        assertThat(CommandAccess.refusal(config, invoker(ADMINISTRATOR), false, "ban")).isEmpty();
    }

    @Test
    void anUnlistedCommandIsAdminOnlyAndAnUnknownLevelIsNobody() throws Exception {
        GuildConfig config = config("{\"permissions\": {\"allowedCommands\": {\"poll\": \"vip\"}}}");
        assertThat(CommandAccess.refusal(config, invoker(MANAGE_SERVER), false, "temprole"))
                .contains("❌ You don't have permission to use `/temprole`.\n\n"
                        + "This command requires administrator access.");
        assertThat(CommandAccess.refusal(config, invoker(ADMINISTRATOR), false, "temprole")).isEmpty();
        assertThat(CommandAccess.refusal(config, invoker(ADMINISTRATOR), false, "poll")).isPresent();
        assertThat(CommandAccess.refusal(config, invoker(ADMINISTRATOR), true, "poll")).isEmpty();
    }

    @Test
    void configuredRolesIncludingTheLegacySingleIdsGrantTheirLevel() throws Exception {
        GuildConfig config = config("""
                {"permissions": {"adminRoleIds": ["10"], "adminRoleId": "11",
                                 "moderatorRoleIds": ["20"], "moderatorRoleId": "21"}}""");
        assertThat(CommandAccess.isAdmin(config, invoker(NONE, "10"), false)).isTrue();
        assertThat(CommandAccess.isAdmin(config, invoker(NONE, "11"), false)).isTrue();
        assertThat(CommandAccess.isAdmin(config, invoker(NONE, "20"), false)).isFalse();
        assertThat(CommandAccess.isModerator(config, invoker(NONE, "21"), false)).isTrue();
        assertThat(CommandAccess.isModerator(config, invoker(NONE, "10"), false)).isTrue();
        assertThat(CommandAccess.isModerator(config, invoker(NONE, "99"), false)).isFalse();
        assertThat(CommandAccess.adminRoleIds(config)).containsExactlyInAnyOrder("10", "11");
        assertThat(CommandAccess.moderatorRoleIds(config)).containsExactlyInAnyOrder("20", "21");
    }

    @Test
    void permissionsOffLetsEveryoneRunEverything() throws Exception {
        assertThat(CommandAccess.refusal(config("{\"permissions\": {\"enabled\": false}}"), invoker(NONE), false,
                "ban")).isEmpty();
        assertThat(CommandAccess.refusal(config("{\"permissions\": {\"usePermissions\": false}}"), invoker(NONE), false,
                "ban")).isEmpty();
    }

    @Test
    void botOwnersComeFromTheCommaSeparatedSetting() {
        CommandAccess access = new CommandAccess();
        access.botOwnerIds = Optional.of(List.of("7", " 42"));
        assertThat(access.isBotOwner(invoker(NONE))).isTrue();
        access.botOwnerIds = Optional.of(List.of("7"));
        assertThat(access.isBotOwner(invoker(NONE))).isFalse();
        access.botOwnerIds = Optional.empty();
        assertThat(access.isBotOwner(invoker(NONE))).isFalse();
    }
}
