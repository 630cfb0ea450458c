package bot.volvox.platform.testing.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.commands.Subcommand;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;

/**
 * No dead ends: every slash command the registry gives to the service under test is answered exactly once, whoever
 * runs it and whatever it lacks: here a member without permissions, in a guild with the default configuration, with
 * no options at all, and once in a DM. The answer may be a refusal, "not enabled" or "not available yet", but never
 * nothing (Discord would show "thinking…" forever) and never two. A service's test extends it:
 * {@code @QuarkusTest @QuarkusTestResource(...) class EveryCommandAnsweredTest extends EveryCommandAnsweredContract {}}.
 */
public abstract class EveryCommandAnsweredContract {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    /** How long after the first answer a second one would still be noticed. */
    static final Duration NO_SECOND_ANSWER_DURING = Duration.ofMillis(750);

    private static OwningService service() {
        String name = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        return OwningService.named(name).orElseThrow(() -> new IllegalStateException(name + " owns no commands"));
    }

    @Test
    void everyOwnedCommandAndSubcommandIsAnsweredExactlyOnce() {
        KafkaGateway gateway = KafkaGateway.get();
        String guild = DiscordEvents.guild();
        Invoker member = Invoker.plain();
        List<DiscordEvent> commands = new ArrayList<>();
        for (SlashCommand command : CommandRegistry.ownedBy(service())) {
            List<String> subcommands = command.subcommands().stream().map(Subcommand::name).toList();
            if (subcommands.isEmpty() && command.subcommandGroups().isEmpty()) {
                commands.add(DiscordEvents.slash(guild, member, command.name(), null));
            }
            subcommands.forEach(sub -> commands.add(DiscordEvents.slash(guild, member, command.name(), sub)));
            command.subcommandGroups().forEach(group -> group.subcommands().forEach(sub -> commands.add(
                    DiscordEvents.slash(guild, member, command.name(), sub.name()))));
        }
        assertThat(commands).as("commands owned by " + service()).isNotEmpty();
        commands.forEach(gateway::publish);

        await().atMost(ANSWER_WITHIN).until(() -> commands.stream().allMatch(c -> !gateway.replies(c).isEmpty()));
        await().during(NO_SECOND_ANSWER_DURING).atMost(NO_SECOND_ANSWER_DURING.multipliedBy(3))
                .until(() -> answerCounts(gateway, commands).values().stream().allMatch(count -> count == 1));
    }

    @Test
    void aCommandInADirectMessageIsAnsweredThatItOnlyWorksInAServer() {
        KafkaGateway gateway = KafkaGateway.get();
        SlashCommand command = CommandRegistry.ownedBy(service()).get(0);
        DiscordEvent inDm = DiscordEvents.slashInDm(Invoker.plain(), command.name(),
                command.subcommands().isEmpty() ? null : command.subcommands().get(0).name());
        gateway.publish(inDm);

        List<String> replies = await().atMost(ANSWER_WITHIN).until(() -> gateway.replies(inDm), r -> !r.isEmpty());
        assertThat(replies).containsExactly("❌ This command only works in a server.");
    }

    private static Map<String, Long> answerCounts(KafkaGateway gateway, List<DiscordEvent> commands) {
        return commands.stream().collect(Collectors.toMap(DiscordEvent::id,
                command -> gateway.actionsOf(command.id()).stream()
                        .filter(action -> action.kind() == bot.volvox.platform.contract.ActionKind.INTERACTION_FOLLOWUP)
                        .map(action -> action.actionId()).distinct().count()));
    }
}
