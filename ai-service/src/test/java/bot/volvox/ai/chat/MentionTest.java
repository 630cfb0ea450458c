package bot.volvox.ai.chat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AiTestBase;
import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.anthropiclocal.AnthropicLocal;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.anthropiclocal.Scenario;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.guildconfig.GuildConfigs;
import bot.volvox.platform.testing.discord.DiscordEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mention mode end to end inside the service: Kafka in, the real SDK against the local model, Kafka out, PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AnthropicLocalResource.class, restrictToAnnotatedClass = false)
class MentionTest extends AiTestBase {
    static final String BOT = "800000000000000042";

    @Inject
    GuildConfigs configs;

    private static DiscordEvent mention(String guild, String channel, String text) {
        return DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "<@" + BOT + "> " + text,
                List.of(BOT), List.of());
    }

    private static DiscordEvent replyTo(String guild, String channel, String messageId, String text) {
        String id = DiscordEvents.snowflake();
        EventPayload.Message message = new EventPayload.Message(channel, id,
                DiscordEvents.author(DiscordEvents.snowflake(), "user"), text, List.of(), List.of(), List.of(), false,
                messageId, null, List.of(), Instant.now(), null);
        return DiscordEvent.of(id, Instant.now(), guild, new EventPayload.MessageCreated(message));
    }

    private static String messageId(DiscordEvent event) {
        return ((EventPayload.MessageCreated) event.payload()).message().messageId();
    }

    private List<ActionParams.SendMessage> sends(DiscordEvent event) {
        return gateway.actionsOf(event.id()).stream().map(DiscordAction::params)
                .filter(ActionParams.SendMessage.class::isInstance).map(ActionParams.SendMessage.class::cast).toList();
    }

    private ActionParams.SendMessage awaitReply(DiscordEvent event) {
        return await().atMost(WAIT).until(() -> sends(event), list -> !list.isEmpty()).get(0);
    }

    private long requestsContaining(String text) {
        return model.requests().stream().map(RecordedRequest::body).filter(body -> body.contains(text)).count();
    }

    @Test
    void aMentionIsAnsweredAsAReplyAndEverythingIsRecorded() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        DiscordEvent event = mention(guild, channel, "what is kafka?");
        gateway.publish(event);

        ActionParams.SendMessage reply = awaitReply(event);
        assertThat(reply.channelId()).isEqualTo(channel);
        assertThat(reply.replyToMessageId()).isEqualTo(messageId(event));
        assertThat(reply.body().content()).startsWith("[" + AnthropicLocal.LABEL + "]")
                .contains("what is kafka?").hasSizeLessThanOrEqualTo(2000);
        assertThat(model.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.stream()).isTrue();
            assertThat(seen.apiKey()).isEqualTo("sk-test-local");
        });

        // the user row at once; the assistant row once the gateway reported the sent message's id
        String sentId = await().atMost(WAIT).until(() -> rows(
                "SELECT discord_message_id FROM conversations WHERE channel_id = $1 AND role = 'assistant'", channel),
                list -> list.size() == 1).get(0).getString(0);
        List<DiscordAction> requested = await().atMost(WAIT).until(() -> gateway.actionsOf(event.id()),
                list -> list.size() >= 3);
        assertThat(requested).extracting(DiscordAction::params).containsExactly(
                new ActionParams.AddReaction(channel, messageId(event), MentionConsumer.WORKING), reply,
                new ActionParams.RemoveReaction(channel, messageId(event), MentionConsumer.WORKING));
        assertThat(gateway.resultOf(requested.get(1).actionId()).createdIds()).containsExactly(sentId);
        Row user = rows("SELECT * FROM conversations WHERE channel_id = $1 AND role = 'user'", channel).get(0);
        assertThat(user.getString("discord_message_id")).isEqualTo(messageId(event));
        assertThat(user.getString("user_id")).isEqualTo(event.payload().actorId());
        assertThat(user.getString("content")).isEqualTo("what is kafka?");
        assertThat(user.getString("guild_id")).isEqualTo(guild);
        Row assistant = rows("SELECT * FROM conversations WHERE channel_id = $1 AND role = 'assistant'", channel).get(0);
        assertThat(assistant.getString("content")).isEqualTo(reply.body().content());
        assertThat(assistant.getString("user_id")).isEqualTo(BOT);

        Row usage = rows("SELECT * FROM ai_usage WHERE guild_id = $1", guild).get(0);
        assertThat(usage.getString("type")).isEqualTo("respond");
        assertThat(usage.getString("model")).isEqualTo("anthropic:local-test-model");
        assertThat(usage.getString("channel_id")).isEqualTo(channel);
        assertThat(usage.getString("user_id")).isEqualTo(event.payload().actorId());
        assertThat(usage.getInteger("input_tokens")).isPositive();
        assertThat(usage.getInteger("output_tokens")).isPositive();
        assertThat(usage.getInteger("cache_read_tokens")).isZero();
        assertThat(usage.getBigDecimal("cost_usd")).isPositive();
        assertThat(usage.getInteger("duration_ms")).isNotNegative();
    }

    @Test
    void aRedeliveredMentionIsAnsweredOnceAndARepliedToBotMessageCountsAsAMention() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        DiscordEvent event = mention(guild, channel, "only once please");
        gateway.publish(event);
        awaitReply(event);
        gateway.publish(event); // Kafka redelivers

        // a reply to the bot's answer, without a mention, is answered too: the redelivery was handled before it
        String sentId = await().atMost(WAIT).until(() -> rows(
                "SELECT discord_message_id FROM conversations WHERE channel_id = $1 AND role = 'assistant'", channel),
                list -> list.size() == 1).get(0).getString(0);
        DiscordEvent reply = replyTo(guild, channel, sentId, "and what about redis?");
        gateway.publish(reply);
        assertThat(awaitReply(reply).replyToMessageId()).isEqualTo(messageId(reply));

        assertThat(gateway.distinctActions(guild).stream().filter(a -> a.origin().sourceEventId().equals(event.id()))
                .filter(a -> a.params() instanceof ActionParams.SendMessage)).hasSize(1);
        assertThat(requestsContaining("only once please")).as("the second request holds the history").isEqualTo(2);
        assertThat(model.requests()).hasSize(2);
        assertThat(rows("SELECT count(*) FROM conversations WHERE channel_id = $1 AND role = 'user'", channel)
                .get(0).getLong(0)).isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM ai_usage WHERE guild_id = $1", guild).get(0).getLong(0)).isEqualTo(2);
    }

    @Test
    void offBlockedAndUnmentionedChannelsGetNothing() {
        String guild = DiscordEvents.guild();
        String offChannel = DiscordEvents.snowflake();
        String blocked = DiscordEvents.snowflake();
        String open = DiscordEvents.snowflake();
        config(guild, "ai", "{\"channelModes\": {\"" + offChannel + "\": \"off\"}, \"blockedChannelIds\": [\""
                + blocked + "\"]}");
        DiscordEvent inOff = mention(guild, offChannel, "hello off");
        DiscordEvent inBlocked = mention(guild, blocked, "hello blocked");
        DiscordEvent plain = DiscordEvents.message(guild, open, DiscordEvents.snowflake(), "no mention here",
                List.of(), List.of());
        DiscordEvent marker = mention(guild, open, "the last one");
        gateway.publish(inOff);
        gateway.publish(inBlocked);
        gateway.publish(plain);
        gateway.publish(marker);
        // messages are handled concurrently: an ignored one leaves no trace, so wait a while for nothing to come
        awaitReply(marker);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sends(inOff).isEmpty()
                && sends(inBlocked).isEmpty() && sends(plain).isEmpty() && model.requests().size() == 1);
    }

    @Test
    void providerFailuresGetAClearReplyNeverAMadeUpAnswer() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        model.script(Scenario.BAD_REQUEST);
        DiscordEvent failing = mention(guild, channel, "this fails");
        gateway.publish(failing);
        assertThat(awaitReply(failing).body().content()).isEqualTo(MentionConsumer.TROUBLE);
        // the failed call is recorded all the same: no tokens, no cost, how it failed
        List<Row> failed = rows("SELECT * FROM ai_usage WHERE guild_id = $1", guild);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getString("type")).isEqualTo("respond");
        assertThat(failed.get(0).getString("error")).isEqualTo("rejected");
        assertThat(failed.get(0).getInteger("input_tokens")).isZero();
        assertThat(failed.get(0).getBigDecimal("cost_usd")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(failed.get(0).getString("model")).isNotBlank();

        // a guild naming a provider without a key: AI is not configured for it, and no call is made
        String other = DiscordEvents.guild();
        config(other, "triage", "{\"respondModel\": \"moonshot:kimi-k2.6\"}");
        DiscordEvent unconfigured = mention(other, channel, "anyone there?");
        gateway.publish(unconfigured);
        assertThat(awaitReply(unconfigured).body().content()).isEqualTo(MentionConsumer.NOT_CONFIGURED);
        assertThat(requestsContaining("anyone there?")).isZero();
        assertThat(rows("SELECT count(*) FROM ai_usage WHERE guild_id = $1", other).get(0).getLong(0))
                .as("no call was made, so none is recorded").isZero();

        DiscordEvent empty = mention(guild, channel, "");
        gateway.publish(empty);
        assertThat(awaitReply(empty).body().content()).isEqualTo(MentionConsumer.EMPTY);
    }

    @Test
    void theDailyBudgetStopsCalls() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        rows("INSERT INTO ai_usage (guild_id, channel_id, type, model, cost_usd) VALUES ($1, $2, 'respond', 'x:y', $3)",
                guild, channel, new BigDecimal("0.5"));
        String modLog = DiscordEvents.snowflake();
        config(guild, "triage", "{\"dailyBudgetUsd\": 0.5, \"moderationLogChannel\": \"" + modLog + "\"}");
        DiscordEvent event = mention(guild, channel, "over budget");
        gateway.publish(event);
        assertThat(awaitReply(event).body().content()).isEqualTo(MentionConsumer.BUDGET);
        assertThat(requestsContaining("over budget")).isZero();

        // the mod log hears of it once an hour, however many calls are stopped
        DiscordEvent again = mention(guild, channel, "still over budget");
        gateway.publish(again);
        awaitReply(again);
        List<ActionParams.SendMessage> notices = gateway.distinctActions(guild).stream().map(DiscordAction::params)
                .filter(ActionParams.SendMessage.class::isInstance).map(ActionParams.SendMessage.class::cast)
                .filter(send -> send.channelId().equals(modLog)).toList();
        assertThat(notices).singleElement().satisfies(notice -> assertThat(notice.body().content())
                .startsWith("⚠️ **AI spend cap reached**: this server's daily budget of $0.50 is exceeded (spent $0.5000"));
    }

    @Test
    void aMemberOverTheSlidingWindowIsAskedToWait() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String author = DiscordEvents.snowflake();
        config(guild, "ai", "{\"rateLimit\": {\"userCalls\": 2, \"windowSeconds\": 600}}");
        List<DiscordEvent> mentions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mentions.add(DiscordEvents.message(guild, channel, author, "<@" + BOT + "> question " + i, List.of(BOT),
                    List.of()));
        }
        mentions.forEach(gateway::publish);
        // handled concurrently: whichever comes third is asked to wait
        List<String> replies = mentions.stream().map(m -> awaitReply(m).body().content()).toList();
        assertThat(replies.stream().filter(r -> r.startsWith("⏳ Too many questions at once here"))).hasSize(1);
        assertThat(replies.stream().filter(r -> r.startsWith("[" + AnthropicLocal.LABEL + "]"))).hasSize(2);
        assertThat(model.requests()).hasSize(2);
    }

    private String outcome(DiscordEvent event) {
        return outcome(event.id());
    }

    private String outcome(String eventId) {
        return await().atMost(WAIT).until(() -> rows(
                "SELECT outcome::text FROM processed_events WHERE consumer = 'ai-service' AND event_id = $1",
                eventId), list -> list.size() == 1 && list.get(0).getString(0) != null).get(0).getString(0);
    }

    private long usageRows(String guild, String type) {
        return rows("SELECT count(*) FROM ai_usage WHERE guild_id = $1 AND type = $2", guild, type).get(0).getLong(0);
    }

    @Test
    void aVibeChannelClassifiesTriggerWordsAnswersWhenSureThenCoolsDown() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        config(guild, "ai", "{\"channelModes\": {\"" + channel + "\": \"vibe\"}}");
        DiscordEvent chatter = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "nice weather today",
                List.of(), List.of());
        DiscordEvent trigger = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(),
                "does Volvox know how to deploy?", List.of(), List.of());
        model.script(Scenario.CLASSIFY, Scenario.SUCCESS);
        gateway.publish(chatter);
        gateway.publish(trigger);

        ActionParams.SendMessage reply = awaitReply(trigger);
        assertThat(reply.replyToMessageId()).isEqualTo(messageId(trigger));
        assertThat(reply.body().content()).contains("does Volvox know how to deploy?");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sends(chatter).isEmpty());
        assertThat(model.requests()).extracting(RecordedRequest::scenario)
                .containsExactly(Scenario.CLASSIFY, Scenario.SUCCESS);
        assertThat(usageRows(guild, "classify")).isEqualTo(1);
        assertThat(usageRows(guild, "respond")).isEqualTo(1);

        // within triage.responseCooldownMs of that answer: silent, and no classify call
        DiscordEvent again = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "volvox again?",
                List.of(), List.of());
        gateway.publish(again);
        assertThat(outcome(again)).contains("\"chunks\": []");
        assertThat(sends(again)).isEmpty();
        assertThat(model.requests()).hasSize(2);

        // a short thanks within a minute of the answer: ❤️, no model call
        DiscordEvent thanks = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "thanks!", List.of(),
                List.of());
        gateway.publish(thanks);
        DiscordAction heart = await().atMost(WAIT).until(() -> gateway.actionsOf(thanks.id()), l -> !l.isEmpty())
                .get(0);
        assertThat(heart.params()).isEqualTo(new ActionParams.AddReaction(channel, messageId(thanks), "❤️"));
        assertThat(model.requests()).hasSize(2);

        // the cooldown in force is the one configured now: cleared by an administrator, the channel answers at once
        config(guild, "triage", "{\"responseCooldownMs\": 0}");
        configs.invalidate(guild).await().atMost(WAIT);
        model.script(Scenario.CLASSIFY, Scenario.SUCCESS);
        DiscordEvent afterClearing = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(),
                "volvox, and now?", List.of(), List.of());
        gateway.publish(afterClearing);
        assertThat(awaitReply(afterClearing).body().content()).contains("volvox, and now?");
        assertThat(model.requests()).hasSize(4);
    }

    private static DiscordEvent inThread(String guild, String thread, String parent, String text,
            List<String> mentions) {
        String id = DiscordEvents.snowflake();
        EventPayload.Message message = new EventPayload.Message(thread, id,
                DiscordEvents.author(DiscordEvents.snowflake(), "user"), text, List.of(), mentions, List.of(), false,
                null, null, List.of(), Instant.now(), null, null, null, parent);
        return DiscordEvent.of(id, Instant.now(), guild, new EventPayload.MessageCreated(message));
    }

    private List<String> classifyRequests() {
        return model.requests().stream().filter(r -> r.body().contains("messages-to-evaluate"))
                .map(RecordedRequest::body).toList();
    }

    @Test
    void aVibeBufferIsEvaluatedOnceAfterItsDebounceAndAnswersAtMostMaxResponses() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        config(guild, "ai", "{\"defaultChannelMode\": \"vibe\"}");
        // 2–4 buffered messages: half of defaultInterval, long enough for all three to arrive first
        config(guild, "triage", "{\"defaultInterval\": 3600}");
        model.script(Scenario.CLASSIFY_EVERY_MESSAGE, Scenario.SUCCESS, Scenario.SUCCESS);
        List<DiscordEvent> chatter = List.of(
                DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "how do I rebase", List.of(),
                        List.of()),
                DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "onto main I mean", List.of(),
                        List.of()),
                DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "without losing work", List.of(),
                        List.of()));
        chatter.forEach(gateway::publish);

        // the verdict names all three; triage.maxResponsesPerEval (2) answers the first two, each as a reply to it
        ActionParams.SendMessage first = awaitReply(chatter.get(0));
        ActionParams.SendMessage second = awaitReply(chatter.get(1));
        assertThat(first.replyToMessageId()).isEqualTo(messageId(chatter.get(0)));
        assertThat(second.replyToMessageId()).isEqualTo(messageId(chatter.get(1)));
        assertThat(outcome(chatter.get(2))).contains("\"chunks\": []");
        assertThat(sends(chatter.get(2))).isEmpty();
        assertThat(classifyRequests()).as("one evaluation of the whole buffer").hasSize(1);
        chatter.forEach(message -> assertThat(classifyRequests().get(0)).contains(messageId(message)));
        assertThat(usageRows(guild, "classify")).isEqualTo(1);
        assertThat(usageRows(guild, "respond")).isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM conversations WHERE channel_id = $1 AND role = 'user'", channel).get(0)
                .getLong(0)).as("every accumulated message is history").isEqualTo(3);
    }

    @Test
    void aThreadInheritsItsChannelsModeAndBlock() {
        String guild = DiscordEvents.guild();
        String parent = DiscordEvents.snowflake();
        String blocked = DiscordEvents.snowflake();
        config(guild, "ai", "{\"channelModes\": {\"" + parent + "\": \"vibe\"}, \"blockedChannelIds\": [\""
                + blocked + "\"]}");
        model.script(Scenario.CLASSIFY, Scenario.SUCCESS);
        DiscordEvent trigger = inThread(guild, DiscordEvents.snowflake(), parent, "volvox, is this thread vibing?",
                List.of());
        gateway.publish(trigger);
        assertThat(awaitReply(trigger).replyToMessageId()).isEqualTo(messageId(trigger));

        DiscordEvent mentionInBlocked = inThread(guild, DiscordEvents.snowflake(), blocked,
                "<@" + BOT + "> hello from a blocked thread", List.of(BOT));
        DiscordEvent after = mention(guild, parent, "still there?");
        gateway.publish(mentionInBlocked);
        gateway.publish(after);
        awaitReply(after);
        assertThat(sends(mentionInBlocked)).isEmpty();
        assertThat(requestsContaining("blocked thread")).isZero();
    }

    @Inject
    bot.volvox.ai.triage.VibeChannels vibe;

    @Test
    void aVibeBufferMovedToAnotherReplicaIsRebuiltFromConversations() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        config(guild, "ai", "{\"defaultChannelMode\": \"vibe\"}");
        String earlier = DiscordEvents.snowflake();
        String evaluated = DiscordEvents.snowflake();
        // what the replica that held the channel before had accumulated: one message still buffered, one evaluated
        rows("INSERT INTO conversations (channel_id, guild_id, role, content, username, discord_message_id, user_id) "
                + "VALUES ($1, $2, 'user', 'buffered before the move', 'carol', $3, '1'), "
                + "($1, $2, 'user', 'evaluated before the move', 'dave', $4, '2')", channel, guild, earlier, evaluated);
        rows("INSERT INTO processed_events (consumer, event_id) VALUES ('ai-service', $1)", evaluated);
        vibe.dropAll();

        model.script(Scenario.CLASSIFY, Scenario.SUCCESS);
        DiscordEvent trigger = DiscordEvents.message(guild, channel, DiscordEvents.snowflake(), "volvox, go on",
                List.of(), List.of());
        gateway.publish(trigger);
        awaitReply(trigger);
        assertThat(classifyRequests()).hasSize(1);
        assertThat(classifyRequests().get(0)).contains(earlier).contains("buffered before the move")
                .doesNotContain(evaluated);
        assertThat(outcome(earlier)).contains("\"chunks\": []");
    }

    @Test
    void aRecoveredVerdictCountsAsHalfSure() {
        String unsure = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        config(unsure, "ai", "{\"defaultChannelMode\": \"vibe\"}");
        model.script(Scenario.CLASSIFY_NEEDS_RECOVERY);
        DiscordEvent gated = DiscordEvents.message(unsure, channel, DiscordEvents.snowflake(), "volvox, thoughts?",
                List.of(), List.of());
        gateway.publish(gated);
        assertThat(outcome(gated)).contains("\"chunks\": []");
        assertThat(usageRows(unsure, "classify")).as("the classify call is recorded").isEqualTo(1);
        assertThat(sends(gated)).isEmpty();

        String lenient = DiscordEvents.guild();
        config(lenient, "ai", "{\"defaultChannelMode\": \"vibe\"}");
        config(lenient, "triage", "{\"confidenceThreshold\": 0.4}");
        model.script(Scenario.CLASSIFY_NEEDS_RECOVERY, Scenario.SUCCESS);
        DiscordEvent answered = DiscordEvents.message(lenient, DiscordEvents.snowflake(), DiscordEvents.snowflake(),
                "volvox, thoughts?", List.of(), List.of());
        gateway.publish(answered);
        assertThat(awaitReply(answered).body().content()).contains("volvox, thoughts?");
    }

    @Test
    void quietModeSilencesAChannelUntilLifted() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String modRole = DiscordEvents.snowflake();
        config(guild, "quietMode", "{\"enabled\": true}");
        config(guild, "permissions", "{\"moderatorRoleIds\": [\"" + modRole + "\"]}");
        String moderator = DiscordEvents.snowflake();

        DiscordEvent refused = mention(guild, channel, "quiet 2h");
        gateway.publish(refused);
        assertThat(awaitReply(refused).body().content()).isEqualTo("❌ You can't change quiet mode here.");

        DiscordEvent hush = DiscordEvents.message(guild, channel, moderator, "<@" + BOT + "> hush for 2 hours",
                List.of(BOT), List.of(modRole));
        gateway.publish(hush);
        assertThat(awaitReply(hush).body().content()).startsWith("🤫 Going quiet in this channel for 2 hours");

        DiscordEvent ignored = mention(guild, channel, "are you there?");
        gateway.publish(ignored);
        assertThat(outcome(ignored)).contains("\"chunks\": []");
        DiscordEvent status = mention(guild, channel, "status");
        gateway.publish(status);
        assertThat(awaitReply(status).body().content()).startsWith("🤫 Quiet in this channel until");

        DiscordEvent wake = DiscordEvents.message(guild, channel, moderator, "<@" + BOT + "> unquiet", List.of(BOT),
                List.of(modRole));
        gateway.publish(wake);
        assertThat(awaitReply(wake).body().content()).startsWith("👋 I'm back");
        DiscordEvent asked = mention(guild, channel, "and now?");
        gateway.publish(asked);
        assertThat(awaitReply(asked).body().content()).contains("and now?");
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void badInputAndGarbageFromTheProviderGetClearReplies() {
        String guild = DiscordEvents.guild();
        String channel = DiscordEvents.snowflake();
        String huge = "x\uD800y" + "z".repeat(3996); // 4000 characters with a lone surrogate
        DiscordEvent long4000 = mention(guild, channel, huge);
        gateway.publish(long4000);
        assertThat(awaitReply(long4000).body().content()).startsWith("[" + AnthropicLocal.LABEL + "]");
        String stored = rows("SELECT content FROM conversations WHERE discord_message_id = $1", messageId(long4000))
                .get(0).getString(0);
        assertThat(stored).hasSize(MentionConsumer.MAX_INPUT).startsWith("x\uFFFDy");
        assertThat(model.requests()).singleElement().satisfies(request -> assertThat(request.body())
                .as("the model never sees the lone surrogate").doesNotContain("\\ud800").contains("x\uFFFDy"));

        DiscordEvent onlySurrogate = mention(guild, DiscordEvents.snowflake(), "\uDC00");
        gateway.publish(onlySurrogate);
        assertThat(awaitReply(onlySurrogate).body().content()).startsWith("[" + AnthropicLocal.LABEL + "]");
        assertThat(rows("SELECT content FROM conversations WHERE discord_message_id = $1", messageId(onlySurrogate))
                .get(0).getString(0)).isEqualTo("\uFFFD");

        for (String blank : new String[] {"", "   \n\t "}) {
            DiscordEvent empty = mention(guild, DiscordEvents.snowflake(), blank);
            gateway.publish(empty);
            assertThat(awaitReply(empty).body().content()).isEqualTo(MentionConsumer.EMPTY);
            assertThat(outcome(empty)).as("an empty mention's record is done with, not retried").isNotNull();
        }

        model.script(Scenario.MALFORMED_JSON);
        String garbageChannel = DiscordEvents.snowflake();
        DiscordEvent garbage = mention(guild, garbageChannel, "answer with garbage");
        gateway.publish(garbage);
        assertThat(awaitReply(garbage).body().content()).isEqualTo(MentionConsumer.TROUBLE);
        assertThat(outcome(garbage)).as("the garbage answer's record is done with, its reply stored").isNotNull();
        assertThat(await().atMost(WAIT).until(() -> rows("SELECT error FROM ai_usage WHERE channel_id = $1",
                garbageChannel), list -> !list.isEmpty())).singleElement()
                .satisfies(row -> assertThat(row.getString("error")).isEqualTo("malformed"));
        // nothing stuck: the channel's next mention gets a real answer (the scripted garbage was used up)
        DiscordEvent after = mention(guild, garbageChannel, "and now properly?");
        gateway.publish(after);
        assertThat(awaitReply(after).body().content()).startsWith("[" + AnthropicLocal.LABEL + "]")
                .contains("and now properly?");
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithAReasonAndTheNextMentionAnswered() {
        String guild = DiscordEvents.guild();
        String marker = "not json at all " + java.util.UUID.randomUUID();
        try (var dlq = deadLetters(Topics.MESSAGE + ".dlq")) {
            gateway.publishRaw(Topics.MESSAGE, guild, "{" + marker);
            DiscordEvent event = mention(guild, DiscordEvents.snowflake(), "still alive?");
            gateway.publish(event);
            assertThat(awaitReply(event).body().content()).contains("still alive?");
            assertThat(awaitDeadLetters(dlq, marker)).singleElement().asString().isNotBlank();
        }
    }
}
