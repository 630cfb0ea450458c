package bot.volvox.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.anthropiclocal.Scenario;
import bot.volvox.sandbox.DiscordSandbox.SandboxMessage;
import bot.volvox.sandbox.RecordedCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ai-service through the whole system: a member mentions the bot in the sandbox, the gateway brings it to
 * ai-service, the local Anthropic server answers, and the reply comes back through the gateway into the channel.
 * The system's own ai-service runs without a provider key; the first test uses it as it is, the others replace it
 * by one pointed at the local model ({@link WholeSystem#aiServiceOn}), restored after the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AiEndToEndTest extends WholeSystemTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static AnthropicLocal model;
    private static WholeSystem.Replacement localAi;

    /** The local model and the ai-service pointed at it, started by the first test that needs them. */
    private static AnthropicLocal model() {
        if (model == null) {
            model = AnthropicLocal.start(0, Duration.ZERO);
            localAi = system.aiServiceOn(model);
        }
        return model;
    }

    @AfterAll
    static void restoreTheSystemsAiService() {
        if (localAi != null) {
            localAi.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    @Order(1)
    void withoutAProviderKeyAMentionIsAnsweredThatAiIsNotConfigured() {
        String question = "<@" + demo.botUserId() + "> what is kafka? " + UUID.randomUUID();
        String messageId = sandbox.sendMessage("alice", "general", question);

        JsonObject reply = awaitReplyTo(messageId);
        assertThat(reply.getString("content")).startsWith("⚠️ AI is not configured on this bot")
                .doesNotContain(AnthropicLocal.LABEL);
    }

    @Test
    @Order(2)
    void aMentionIsAnsweredAsAReplyToItAndEverythingIsRecorded() throws SQLException {
        AnthropicLocal local = model();
        String token = UUID.randomUUID().toString();
        int usageBefore = count("SELECT count(*) FROM ai_usage WHERE type = 'respond' AND user_id = ?", demo.aliceId());
        String messageId = sandbox.sendMessage("alice", "general",
                "<@" + demo.botUserId() + "> what is kafka? " + token);

        JsonObject reply = awaitReplyTo(messageId);
        assertThat(reply.getString("content")).startsWith("[" + AnthropicLocal.LABEL + "]").contains(token);
        // users only: a model's answer never pings @everyone, @here or a role
        assertThat(reply.getJsonObject("allowed_mentions").getJsonArray("parse"))
                .isEqualTo(new JsonArray().add("users"));
        assertThat(local.requests()).anyMatch(request -> request.body().contains(token));
        SandboxMessage sent = await("the reply in #general").atMost(WAIT)
                .until(() -> botMessageContaining(token), Optional::isPresent).get();

        await("the conversation's rows").atMost(WAIT).until(() -> texts(
                "SELECT role || ':' || discord_message_id || ':' || user_id FROM conversations WHERE channel_id = ?"
                        + " AND discord_message_id IN (?, ?) ORDER BY role", demo.generalChannelId(), messageId,
                sent.id()).size() == 2);
        assertThat(texts("SELECT role || ':' || discord_message_id || ':' || user_id FROM conversations"
                        + " WHERE channel_id = ? AND discord_message_id IN (?, ?) ORDER BY role",
                demo.generalChannelId(), messageId, sent.id())).containsExactly(
                "assistant:" + sent.id() + ":" + demo.botUserId(), "user:" + messageId + ":" + demo.aliceId());
        await("the ai_usage row").atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM ai_usage WHERE type = 'respond' AND user_id = ?", demo.aliceId()) > usageBefore);
    }

    @Test
    @Order(3)
    void aThumbOnTheBotsReplyIsRecordedAndRemovingItDeletesTheRow() throws SQLException {
        model();
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                "{\"ai\": {\"feedback\": {\"enabled\": true}}}");
        try {
            String token = UUID.randomUUID().toString();
            sandbox.sendMessage("bob", "general", "<@" + demo.botUserId() + "> tell me about redis " + token);
            SandboxMessage reply = await("the reply in #general").atMost(WAIT)
                    .until(() -> botMessageContaining(token), Optional::isPresent).get();
            // the reply is known as the bot's once its sent result is recorded; a 👍 faster than that is not
            // counted (a person is never that fast, a loaded test machine can be)
            await("the reply recorded as the bot's").atMost(WAIT).until(() -> count(
                    "SELECT count(*) FROM conversations WHERE role = 'assistant' AND discord_message_id = ?",
                    reply.id()) == 1);

            sandbox.react("alice", reply.id(), "👍");
            await("the feedback row").atMost(WAIT).until(() -> texts(
                    "SELECT user_id || ':' || feedback_type FROM ai_feedback WHERE message_id = ?", reply.id()),
                    rows -> rows.equals(List.of(demo.aliceId() + ":positive")));

            sandbox.unreact("alice", reply.id(), "👍");
            await("the feedback row removed").atMost(WAIT).until(() -> texts(
                    "SELECT user_id FROM ai_feedback WHERE message_id = ?", reply.id()).isEmpty());
        } finally {
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"ai\": {\"feedback\": {\"enabled\": false}}}");
        }
    }

    @Test
    @Order(4)
    void aVibeChannelClassifiesAMessageWithATriggerWordAndAnswersIt() throws SQLException {
        AnthropicLocal local = model();
        String general = demo.generalChannelId();
        // no cooldown: the bot answered in #general moments ago (the earlier scenarios), and a vibe channel stays
        // silent for triage.responseCooldownMs after the bot's last answer there
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                "{\"ai\": {\"channelModes\": {\"" + general + "\": \"vibe\"}}, \"triage\": {\"responseCooldownMs\": 0}}");
        try {
            awaitVibeModeInEffect();
            int classifyBefore = count("SELECT count(*) FROM ai_usage WHERE type = 'classify' AND channel_id = ?",
                    general);
            local.script(Scenario.CLASSIFY);
            String token = UUID.randomUUID().toString();
            // no mention: only the vibe mode and the trigger word make the bot look at it
            String messageId = sandbox.sendMessage("alice", "general", "does volvox know how redis streams work? "
                    + token);

            JsonObject reply = awaitReplyTo(messageId);
            assertThat(reply.getString("content")).startsWith("[" + AnthropicLocal.LABEL + "]").contains(token);
            assertThat(local.requests().stream().filter(request -> request.body().contains(token))
                    .map(RecordedRequest::scenario)).containsExactly(Scenario.CLASSIFY, Scenario.SUCCESS);
            await("the classify call's ai_usage row").atMost(WAIT).until(() -> count(
                    "SELECT count(*) FROM ai_usage WHERE type = 'classify' AND channel_id = ?", general)
                    > classifyBefore);
        } finally {
            // an unused scripted verdict would answer the next scenario's call
            local.reset();
            // mention is the default mode: the other scenarios find #general as it was
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"ai\": {\"channelModes\": {\"" + general + "\": \"mention\"}}, \"triage\": {\"responseCooldownMs\": 10000}}");
        }
    }

    /**
     * Returns once ai-service handles #general in vibe mode: the config change reaches it through volvox.config a
     * little after the API answered. A plain message (no trigger word) is stored in conversations only in vibe mode,
     * so one is sent every few seconds until one is stored. Every probe from that one on is in vibe mode (the
     * guild's messages are handled in order), including one sent just before the check that found it: all of them
     * are awaited, stored and evaluated (silent: the local model's plain text is no verdict), so no probe is left to
     * take the scripted verdict.
     */
    private static void awaitVibeModeInEffect() throws SQLException {
        List<String> probes = new ArrayList<>();
        await("#general in vibe mode at ai-service").atMost(WAIT).pollInterval(Duration.ofSeconds(5)).until(() -> {
            probes.add(sandbox.sendMessage("alice", "general", "just chatting " + UUID.randomUUID()));
            return !stored(probes).isEmpty();
        });
        List<String> storedSoFar = stored(probes);
        List<String> inVibeMode = probes.subList(probes.stream().filter(storedSoFar::contains).findFirst()
                .map(probes::indexOf).orElseThrow(), probes.size());
        await("the probes' evaluation").atMost(WAIT).until(() -> stored(inVibeMode).size() == inVibeMode.size()
                && texts("SELECT event_id FROM processed_events WHERE consumer = 'ai-service' AND event_id = ANY"
                        + " (string_to_array(?, ','))", String.join(",", inVibeMode)).size() == inVibeMode.size());
    }

    private static List<String> stored(List<String> messageIds) throws SQLException {
        return texts("SELECT discord_message_id FROM conversations WHERE role = 'user' AND discord_message_id = ANY"
                + " (string_to_array(?, ','))", String.join(",", messageIds));
    }

    @Test
    @Order(5)
    void onceTheDailyBudgetIsReachedAMentionMakesNoProviderCallAndTheNoticeIsPosted() throws SQLException {
        AnthropicLocal local = model();
        // the earlier scenarios' calls were priced (the local model is in the price table), so any spend exceeds this
        assertThat(count("SELECT count(*) FROM ai_usage WHERE guild_id = ? AND cost_usd > 0", demo.guildId()))
                .isPositive();
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                "{\"triage\": {\"dailyBudgetUsd\": 0.000001, \"moderationLogChannel\": \""
                        + demo.modLogChannelId() + "\"}}");
        try {
            int calls = local.requests().size();
            String token = UUID.randomUUID().toString();
            String messageId = sandbox.sendMessage("bob", "general",
                    "<@" + demo.botUserId() + "> what does a budget do? " + token);

            JsonObject reply = awaitReplyTo(messageId);
            assertThat(reply.getString("content")).startsWith("⚠️ This server's daily AI budget is used up");
            await("the budget notice in #mod-log").atMost(WAIT).until(() -> sandbox.messages("mod-log").stream()
                    .anyMatch(message -> demo.botUserId().equals(message.authorId()) && message.content() != null
                            && message.content().contains("AI spend cap reached")));
            assertThat(local.requests()).hasSize(calls).noneMatch(request -> request.body().contains(token));
        } finally {
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"triage\": {\"dailyBudgetUsd\": 10, \"moderationLogChannel\": null}}");
        }
    }

    @Test
    @Order(6)
    void tldrSummarisesTheChannelAndASecondOneWithinTheCooldownIsTurnedAway() throws SQLException {
        AnthropicLocal local = model();
        int tldrBefore = count("SELECT count(*) FROM ai_usage WHERE type = 'tldr' AND channel_id = ?",
                demo.generalChannelId());
        // a short cooldown, so #general is free again soon after this scenario
        ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(), "{\"tldr\": {\"cooldownSeconds\": 60}}");
        try {
            int calls = local.requests().size();
            String summary = awaitAnswer(sandbox.runSlashCommand("alice", "general", "tldr", Map.of()));
            assertThat(summary).startsWith("📝 **TL;DR**").contains("[" + AnthropicLocal.LABEL + "]");
            // the summarised transcript holds the earlier scenarios' conversation in #general
            assertThat(local.requests().subList(calls, local.requests().size()))
                    .anyMatch(request -> request.body().contains("what is kafka?"));
            await("the tldr ai_usage row").atMost(WAIT).until(() -> count(
                    "SELECT count(*) FROM ai_usage WHERE type = 'tldr' AND channel_id = ?", demo.generalChannelId())
                    > tldrBefore);

            int afterFirst = local.requests().size();
            assertThat(awaitAnswer(sandbox.runSlashCommand("bob", "general", "tldr", Map.of())))
                    .startsWith("⏳ `/tldr` was used in this channel recently");
            assertThat(local.requests()).hasSize(afterFirst);
        } finally {
            ConfigApi.patch(system.serviceUrl("moderation-service"), demo.guildId(),
                    "{\"tldr\": {\"cooldownSeconds\": 300}}");
        }
    }

    /** The body of the bot's message create that replies to {@code messageId}, once the gateway sent it. */
    private static JsonObject awaitReplyTo(String messageId) {
        RecordedCall call = sandbox.awaitCall(seen -> seen.is("POST", "(.*/)?channels/" + demo.generalChannelId()
                + "/messages") && seen.body() != null && seen.body().startsWith("{")
                && messageId.equals(Optional.ofNullable(new JsonObject(seen.body()).getJsonObject("message_reference"))
                        .map(reference -> reference.getString("message_id")).orElse(null)), WAIT);
        return new JsonObject(call.body());
    }

    /**
     * The bot's answer to an interaction. Not {@link DemoUsers#awaitReply}: while ai-service is replaced, the system's
     * own ai-service process is down, which that helper takes for a crash.
     */
    private static String awaitAnswer(String interactionId) {
        return await("the answer to interaction " + interactionId).atMost(WAIT)
                .until(() -> sandbox.interaction(interactionId).answer(), answer -> answer != null);
    }

    private static Optional<SandboxMessage> botMessageContaining(String token) {
        return sandbox.messages("general").stream()
                .filter(message -> demo.botUserId().equals(message.authorId()) && message.content() != null
                        && message.content().contains(token))
                .findFirst();
    }

    private static int count(String sql, String... parameters) throws SQLException {
        return Integer.parseInt(texts(sql, parameters).get(0));
    }

    private static List<String> texts(String sql, String... parameters) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1));
                }
            }
            return rows;
        }
    }
}
