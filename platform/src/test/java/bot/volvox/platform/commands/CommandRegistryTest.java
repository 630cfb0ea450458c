package bot.volvox.platform.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class CommandRegistryTest {
    // Discord's rules for chat-input commands (a registration breaking one is rejected as a whole).
    private static final Pattern NAME = Pattern.compile("^[-_\\p{L}\\p{N}]{1,32}$");

    @Test
    void everyCommandTheSpecNamesIsRegisteredWithItsOwner() {
        for (String name : List.of("warn", "kick", "ban", "tempban", "softban", "timeout", "untimeout", "unban",
                "purge", "lock", "unlock", "slowmode", "case", "history", "warnings", "editwarn", "removewarn",
                "clearwarnings", "modlog", "config")) {
            assertThat(CommandRegistry.find(name)).as(name).get()
                    .extracting(SlashCommand::owner).isEqualTo(OwningService.MODERATION);
        }
        for (String name : List.of("remind", "temprole", "announce")) {
            assertThat(CommandRegistry.find(name).orElseThrow().owner()).isEqualTo(OwningService.SCHEDULER);
        }
        assertThat(CommandRegistry.find("memory").orElseThrow().owner()).isEqualTo(OwningService.AI);
        assertThat(CommandRegistry.find("rank").orElseThrow().owner()).isEqualTo(OwningService.ANALYTICS);
        for (String name : List.of("help", "status", "reload", "alias")) {
            assertThat(CommandRegistry.find(name).orElseThrow().owner()).isEqualTo(OwningService.MODERATION);
        }
        // only the gateway holds the latencies /ping reports
        assertThat(CommandRegistry.ownedBy(OwningService.GATEWAY)).extracting(SlashCommand::name)
                .containsExactly("ping");
        assertThat(CommandRegistry.find("nope")).isEmpty();
    }

    @Test
    void moderationRepliesAreEphemeralAndCarryTheirOptions() {
        var ban = CommandRegistry.find("ban").orElseThrow();
        assertThat(ban.ephemeral()).isTrue();
        assertThat(ban.requiredPermissions()).containsExactly(DiscordPermission.BAN_MEMBERS);
        var deleteMessages = ban.options().stream().filter(o -> o.name().equals("delete_messages")).findFirst()
                .orElseThrow();
        assertThat(deleteMessages.type()).isEqualTo(OptionType.INTEGER);
        assertThat(deleteMessages.min()).isEqualTo(0);
        assertThat(deleteMessages.max()).isEqualTo(7);
        var purge = CommandRegistry.find("purge").orElseThrow();
        assertThat(purge.subcommands()).extracting(Subcommand::name)
                .containsExactly("all", "user", "bot", "contains", "links", "attachments");
    }

    @Test
    void everyCommandFollowsDiscordsRegistrationRules() {
        assertThat(CommandRegistry.all()).hasSizeLessThanOrEqualTo(100);
        for (SlashCommand command : CommandRegistry.all()) {
            checkName(command.name(), command.description());
            assertThat(command.options().size() + command.subcommands().size() + command.subcommandGroups().size())
                    .as(command.name()).isLessThanOrEqualTo(25);
            checkOptions(command.name(), command.options());
            Stream.concat(command.subcommands().stream(),
                    command.subcommandGroups().stream().flatMap(g -> {
                        checkName(g.name(), g.description());
                        return g.subcommands().stream();
                    })).forEach(sub -> {
                        checkName(sub.name(), sub.description());
                        checkOptions(command.name() + " " + sub.name(), sub.options());
                    });
        }
    }

    private static void checkOptions(String where, List<CommandOption> options) {
        assertThat(options).as(where).hasSizeLessThanOrEqualTo(25);
        boolean seenOptional = false;
        for (CommandOption option : options) {
            checkName(option.name(), option.description());
            assertThat(option.choices()).as(where + " " + option.name()).hasSizeLessThanOrEqualTo(25);
            if (!option.required()) {
                seenOptional = true;
            } else {
                assertThat(seenOptional).as(where + ": required option " + option.name() + " after an optional one")
                        .isFalse();
            }
        }
        assertThat(options.stream().map(CommandOption::name).distinct().count()).isEqualTo(options.size());
    }

    private static void checkName(String name, String description) {
        assertThat(name).matches(NAME).isEqualTo(name.toLowerCase());
        assertThat(description).as(name).isNotBlank().hasSizeLessThanOrEqualTo(100);
    }
}
