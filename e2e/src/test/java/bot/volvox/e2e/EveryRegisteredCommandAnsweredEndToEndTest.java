package bot.volvox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import bot.volvox.local.DemoGuildSetup;
import bot.volvox.platform.commands.CommandOption;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OptionType;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.commands.Subcommand;
import bot.volvox.platform.interactions.InteractionRouter;
import bot.volvox.sandbox.InteractionState;
import bot.volvox.sandbox.RecordedCall;

/**
 * No registered command is left on "thinking…": every command and subcommand of the command registry is run through
 * the sandbox, with valid options, by the demo guild's owner (who is also the bot's owner, so every command is
 * permitted), one after the other, and each must be answered exactly once by the whole system: its deferred reply
 * edited once, no second edit, no follow-up, and never "not available yet". It targets a member of its own
 * (walker) and the channel #announcements, and puts the demo guild's configuration back afterwards
 * ({@code /modlog disable}, {@code /config reset}).
 */
class EveryRegisteredCommandAnsweredEndToEndTest extends WholeSystemTest {
    private static final Duration NO_SECOND_ANSWER_DURING = Duration.ofSeconds(2);
    private static final String TARGET = "walker";

    @AfterAll
    static void restoreTheDemoGuild() {
        DemoGuildSetup.configure(sandbox);
        // as the demo guild starts: nobody but the bot posts in #announcements (/unlock let everyone)
        users.runAndAwaitReply("owner", "lock", Map.of("channel", "announcements"));
    }

    @Test
    void everyCommandAndSubcommandOfTheRegistryIsAnsweredExactlyOnce() {
        sandbox.memberJoin(TARGET);
        Map<String, String> answers = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : invocations()) {
            String id = users.run("owner", invocation.command(), invocation.options());
            String answer = users.awaitReply(id);
            answers.put("/" + invocation.command(), answer);
            InteractionState state = sandbox.interaction(id);
            await("no second answer to /" + invocation.command()).during(NO_SECOND_ANSWER_DURING)
                    .atMost(NO_SECOND_ANSWER_DURING.multipliedBy(3))
                    .until(() -> answerCalls(sandbox.interaction(id)) <= 1);
            if (!state.deferred()) {
                problems.add("/" + invocation.command() + " was not deferred (callback type " + state.callbackType()
                        + ")");
            }
            long edits = answerCalls(state);
            if (edits != 1) {
                problems.add("/" + invocation.command() + " was answered " + edits + " times");
            }
            if (answer.contains("not available yet") || answer.contains(InteractionRouter.ERROR_TEXT)) {
                problems.add("/" + invocation.command() + " answered: " + answer);
            }
        }
        answers.forEach((command, answer) -> System.out.println(command + " → "
                + answer.lines().findFirst().orElse("")));
        assertThat(answers).as("every command and subcommand of the registry").hasSize(invocations().size());
        assertThat(problems).isEmpty();
    }

    /** The bot's calls that answer the interaction: edits of its deferred reply and follow-ups. */
    private static long answerCalls(InteractionState state) {
        return sandbox.calls().stream().filter(call -> call.status() < 300)
                .filter(call -> call.path().contains(state.token()))
                .filter(call -> isAnswer(call))
                .count();
    }

    private static boolean isAnswer(RecordedCall call) {
        return call.is("PATCH", "webhooks/\\d+/[^/]+/messages/@original") || call.is("POST", "webhooks/\\d+/[^/]+");
    }

    record Invocation(String command, Map<String, Object> options) {
    }

    static List<Invocation> invocations() {
        List<Invocation> all = new ArrayList<>();
        for (SlashCommand command : CommandRegistry.all()) {
            if (command.subcommands().isEmpty() && command.subcommandGroups().isEmpty()) {
                all.add(new Invocation(command.name(), options(command.name(), command.options())));
            }
            for (Subcommand sub : command.subcommands()) {
                all.add(new Invocation(command.name() + " " + sub.name(),
                        options(command.name() + " " + sub.name(), sub.options())));
            }
            command.subcommandGroups().forEach(group -> group.subcommands().forEach(sub -> all.add(new Invocation(
                    command.name() + " " + group.name() + " " + sub.name(),
                    options(command.name() + " " + sub.name(), sub.options())))));
        }
        return all;
    }

    /** Valid values for the required options (and a section, so that {@code /config reset} resets one only). */
    private static Map<String, Object> options(String command, List<CommandOption> options) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CommandOption option : options) {
            if (option.name().equals("section")) {
                values.put("section", "xp");
            }
            if (option.type() == OptionType.CHANNEL) {
                // #announcements: only the bot may post there anyway, so /lock and /unlock change nothing others need
                values.put(option.name(), "announcements");
                continue;
            }
            if (!option.required()) {
                continue;
            }
            if (!option.choices().isEmpty()) {
                values.put(option.name(), option.choices().get(0).value());
                continue;
            }
            values.put(option.name(), switch (option.type()) {
                case USER -> TARGET;
                case ROLE -> demo.memberRoleId();
                case BOOLEAN -> true;
                case INTEGER, NUMBER -> option.min() == null ? 1 : option.min();
                default -> text(command, option.name());
            });
        }
        return values;
    }

    private static String text(String command, String option) {
        return switch (option) {
            case "duration" -> command.equals("slowmode") ? "0" : "1h";
            case "when", "time" -> "in 2 hours";
            case "cron" -> "0 9 * * 1";
            case "user_id" -> demo.carolId();
            case "alias" -> "walk";
            case "command" -> "warn";
            case "path" -> "reminders.enabled";
            case "value" -> "true";
            default -> "e2e " + option;
        };
    }
}
