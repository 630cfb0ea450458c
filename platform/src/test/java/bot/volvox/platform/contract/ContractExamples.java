package bot.volvox.platform.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import bot.volvox.platform.contract.ActionParams.Button;
import bot.volvox.platform.contract.ActionParams.ButtonStyle;
import bot.volvox.platform.contract.ActionParams.Embed;
import bot.volvox.platform.contract.ActionParams.EmbedField;
import bot.volvox.platform.contract.ActionParams.MessageBody;
import bot.volvox.platform.contract.EventPayload.Attachment;
import bot.volvox.platform.contract.EventPayload.Author;
import bot.volvox.platform.contract.EventPayload.CommandOptionValue;
import bot.volvox.platform.contract.EventPayload.Interaction;
import bot.volvox.platform.contract.EventPayload.ResolvedUser;

/** One realistic record of every event type, action kind and result status (the examples of docs/events.md). */
final class ContractExamples {
    static final String GUILD = "1100000000000000001";
    static final String CHANNEL = "1100000000000000010";
    static final String VOICE = "1100000000000000020";
    static final String ROLE = "1100000000000000030";
    static final Instant AT = Instant.parse("2026-11-28T18:00:00Z");
    static final Author ALICE = new Author("1100000000000000100", "alice", "Alice", false, false);
    static final Author BOB = new Author("1100000000000000200", "bob", null, false, false);
    static final Origin MODERATION = new Origin("moderation-service", "1100000000000005000");

    static final Interaction INTERACTION = new Interaction("1100000000000005000", "1100000000000000900",
            "aW50ZXJhY3Rpb246MTEwMDAwMDAwMDAwMDAwNTAwMA", CHANNEL, ALICE, "1099511627775", List.of(ROLE), 3, 5, false,
            "en-US", "en-US", true, true, "Volvox Community", BOB.id());

    static List<DiscordEvent> events() {
        var message = new EventPayload.Message(CHANNEL, "1100000000000001000", ALICE, "hello @everyone, see https://x.y",
                List.of(new Attachment("1100000000000001001", "log.txt", "https://cdn.discordapp.com/a/log.txt",
                        "text/plain", 1234)),
                List.of(BOB.id()), List.of(), false, null, null, List.of(ROLE), AT, null, "104324673", List.of("Helpers"),
                null);
        var edited = new EventPayload.Message(CHANNEL, "1100000000000001000", ALICE, "hello everyone", List.of(),
                List.of(), List.of(), false, null, null, List.of(ROLE), AT, AT.plusSeconds(30), "104324673",
                List.of("Helpers"), null);
        var emoji = new EventPayload.Emoji("👍", null, false);
        return List.of(
                DiscordEvent.of("1100000000000001000", AT, GUILD, new EventPayload.MessageCreated(message)),
                DiscordEvent.of("1100000000000001000", AT.plusSeconds(30), GUILD,
                        new EventPayload.MessageUpdated(edited)),
                DiscordEvent.of("1100000000000001000", AT.plusSeconds(60), GUILD,
                        new EventPayload.MessageDeleted(CHANNEL, "1100000000000001000")),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a01", AT, GUILD,
                        new EventPayload.ReactionAdded(CHANNEL, "1100000000000001000", ALICE.id(), BOB.id(), emoji)),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a02", AT, GUILD,
                        new EventPayload.ReactionRemoved(CHANNEL, "1100000000000001000", ALICE.id(), BOB.id(),
                                new EventPayload.Emoji("volvox", "1100000000000000777", true))),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a03", AT, GUILD,
                        new EventPayload.VoiceJoined(ALICE.id(), VOICE)),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a04", AT, GUILD,
                        new EventPayload.VoiceLeft(ALICE.id(), VOICE)),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a05", AT, GUILD,
                        new EventPayload.VoiceMoved(ALICE.id(), VOICE, "1100000000000000021")),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a09", AT, GUILD, new EventPayload.VoiceSnapshot(
                        List.of(new EventPayload.VoiceState(ALICE.id(), VOICE),
                                new EventPayload.VoiceState(BOB.id(), "1100000000000000021")))),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a06", AT, GUILD,
                        new EventPayload.MemberJoined(BOB, Instant.parse("2020-01-01T00:00:00Z"), AT)),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a07", AT, GUILD, new EventPayload.MemberLeft(BOB)),
                DiscordEvent.of("0b6f7c34-5d0a-4d53-9f58-0e4b2d8c1a08", AT, GUILD,
                        new EventPayload.MemberUpdated(BOB, "Bobby", List.of(ROLE), AT.plusSeconds(3600), false)),
                DiscordEvent.of("1100000000000005000", AT, GUILD, new EventPayload.SlashCommand(INTERACTION, "warn",
                        null, null, List.of(
                                new CommandOptionValue("user", "USER", BOB.id(),
                                        new ResolvedUser(BOB, null, List.of(), 0, "104324673"), null, null, null),
                                new CommandOptionValue("reason", "STRING", "spam", null, null, null, null)))),
                DiscordEvent.of("1100000000000005001", AT, GUILD,
                        new EventPayload.ButtonClicked(INTERACTION, "reminder_snooze_42_15m", "1100000000000001002")),
                DiscordEvent.of("1100000000000005002", AT, GUILD, new EventPayload.ModalSubmitted(INTERACTION,
                        "modlog:reason:42", Map.of("reason", "spam"))),
                DiscordEvent.of("1100000000000005003", AT, GUILD, new EventPayload.SelectMenuChosen(INTERACTION,
                        "modlog:category:1100000000000000100:1733000000", "1100000000000001003", List.of("default"))),
                DiscordEvent.of("1100000000000005004", AT, GUILD, new EventPayload.Autocomplete(INTERACTION, "config",
                        null, "view", "section", "mod", List.of(
                                new CommandOptionValue("section", "STRING", "mod", null, null, null, null)))),
                DiscordEvent.of("7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", AT, GUILD,
                        new EventPayload.ConfigChanged("moderation", "moderation.logging.channels.default",
                                ALICE.id())),
                DiscordEvent.of("ai-automod:1100000000000001000", AT, GUILD,
                        new EventPayload.AiModerationRequested(message, List.of("toxicity", "harassment"),
                                new java.util.TreeMap<>(java.util.Map.of("toxicity", 0.95, "harassment", 0.9)),
                                List.of("flag", "delete", "warn"), "insults another member",
                                "anthropic:claude-haiku-4-5")));
    }

    static DiscordAction action(int n, String guild, ActionParams params) {
        var id = UUID.fromString(String.format("5e0f6b1a-0000-4000-8000-%012d", n));
        return new DiscordAction(id, params.kind(), DiscordAction.SCHEMA_VERSION, AT, guild,
                params.kind().name().startsWith("INTERACTION") || params.kind().name().startsWith("AUTOCOMPLETE")
                        ? null : "spam", MODERATION, params);
    }

    static List<DiscordAction> actions() {
        var embed = new Embed("Case #7 — WARN", null, 0xFEE75C,
                List.of(new EmbedField("Target", "<@" + BOB.id() + "> (bob)", true)), "Case #7", AT, null);
        return List.of(
                action(1, GUILD, new ActionParams.Ban(BOB.id(), 86400)),
                action(2, GUILD, new ActionParams.Unban(BOB.id())),
                action(3, GUILD, new ActionParams.Kick(BOB.id())),
                action(4, GUILD, new ActionParams.Timeout(BOB.id(), AT.plusSeconds(3600))),
                action(5, GUILD, new ActionParams.RemoveTimeout(BOB.id())),
                action(6, GUILD, new ActionParams.AddRole(BOB.id(), ROLE)),
                action(7, GUILD, new ActionParams.RemoveRole(BOB.id(), ROLE)),
                action(23, GUILD, new ActionParams.AffixNickname(BOB.id(), "⭐ ", " [L5]")),
                action(8, GUILD, new ActionParams.SendMessage(CHANNEL,
                        new MessageBody(null, List.of(embed), List.of()), null)),
                action(9, null, new ActionParams.SendDm(BOB.id(), new MessageBody("⏰ Reminder: stand up", List.of(),
                        List.of(new Button("reminder_snooze_42_15m", "Snooze 15m", ButtonStyle.SECONDARY),
                                new Button("reminder_dismiss_42", "Dismiss", ButtonStyle.PRIMARY))))),
                action(10, GUILD, new ActionParams.EditMessage(CHANNEL, "1100000000000001004",
                        new MessageBody(null, List.of(embed), List.of()))),
                action(11, GUILD, new ActionParams.DeleteMessage(CHANNEL, "1100000000000001000")),
                action(12, GUILD, new ActionParams.BulkDelete(CHANNEL,
                        List.of("1100000000000001000", "1100000000000001001"))),
                action(13, GUILD, new ActionParams.EditChannel(CHANNEL, "general", "Be nice", null)),
                action(14, GUILD, new ActionParams.SetSlowmode(CHANNEL, 300)),
                action(15, GUILD, new ActionParams.LockChannel(CHANNEL)),
                action(16, GUILD, new ActionParams.UnlockChannel(CHANNEL)),
                action(17, GUILD, new ActionParams.AddReaction(CHANNEL, "1100000000000001000", "💬")),
                action(18, GUILD, new ActionParams.RemoveReaction(CHANNEL, "1100000000000001000", "💬")),
                action(19, GUILD, new ActionParams.InteractionReply(INTERACTION.applicationId(), INTERACTION.token(),
                        MessageBody.text("✅ **bob** has been warned. (Case #7)"))),
                action(20, GUILD, new ActionParams.InteractionFollowup(INTERACTION.applicationId(),
                        INTERACTION.token(), new MessageBody("Choose a log category, then its channel.", List.of(),
                                List.of(), List.of(new ActionParams.SelectMenu("modlog:category:1100000000000000100:"
                                        + AT.getEpochSecond(), ActionParams.SelectMenuType.STRING, "Log category",
                                        List.of(new ActionParams.SelectOption("Bans", "bans",
                                                "ban, tempban, unban, softban"))))), true,
                        INTERACTION.user().id(), false)),
                action(21, GUILD, new ActionParams.AutocompleteChoices("1100000000000005004",
                        List.of(new ActionParams.Choice("moderation", "moderation")))),
                action(22, GUILD, new ActionParams.Purge(CHANNEL, 50, ActionParams.Purge.USER_PREFIX + BOB.id())),
                action(23, GUILD, new ActionParams.RegisterAlias("w", "warn")),
                action(24, GUILD, new ActionParams.UnregisterAlias("w")));
    }

    static List<ActionResult> results() {
        var actions = actions();
        return List.of(
                withTime(ActionResult.ok(actions.get(7), List.of("1100000000000001005"), 1)),
                withTime(ActionResult.purged(actions.get(21), new ActionResult.Purged(50, 2, 1,
                        List.of("1100000000000001007", "1100000000000001006")), 1)),
                withTime(ActionResult.failed(actions.get(0), ActionStatus.FAILED, 50013, "Missing Permissions", 1)),
                withTime(ActionResult.failed(actions.get(2), ActionStatus.FAILED_TRANSIENT, 500,
                        "500: Internal Server Error", 4)),
                withTime(ActionResult.ok(commandAnswer(actions.get(20)), List.of("1100000000000001008"), 1)));
    }

    /** {@code action} as the answer to a completed slash command: its origin names the command (command usage). */
    private static DiscordAction commandAnswer(DiscordAction action) {
        return new DiscordAction(action.actionId(), action.kind(), action.schemaVersion(), action.requestedAt(),
                action.guildId(), action.reason(), new Origin(MODERATION.service(), MODERATION.sourceEventId(),
                        new Origin.AnsweredCommand("modlog", INTERACTION.user().id(), CHANNEL, true)),
                action.params());
    }

    private static ActionResult withTime(ActionResult r) {
        return new ActionResult(r.actionId(), r.kind(), r.schemaVersion(), r.guildId(), r.status(), r.errorCode(),
                r.errorMessage(), r.createdIds(), r.attempts(), AT.plusSeconds(1), r.origin(), r.replayed(), r.purged());
    }

    private ContractExamples() {
    }
}
