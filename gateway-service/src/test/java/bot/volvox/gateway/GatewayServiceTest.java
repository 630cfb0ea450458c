package bot.volvox.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import bot.volvox.gateway.interactions.InteractionListener;
import bot.volvox.gateway.restarts.BotRestarts;
import bot.volvox.local.LocalStack;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;
import bot.volvox.sandbox.RecordedCall;
import bot.volvox.platform.commands.CommandRegistry;
import bot.volvox.platform.commands.OwningService;
import bot.volvox.platform.commands.SlashCommand;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.ActionResult;
import bot.volvox.platform.contract.ActionStatus;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;
import bot.volvox.platform.contract.Origin;
import bot.volvox.platform.contract.Topics;
import bot.volvox.platform.kafka.ActionResultDeserializer;
import bot.volvox.platform.kafka.DiscordEventDeserializer;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SandboxTestResource.class, restrictToAnnotatedClass = false)
class GatewayServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The tests' actions are moderation-service's, so their results are on its topic. */
    private static final Origin ORIGIN = new Origin(OwningService.MODERATION.serviceName(), null);
    private static final String RESULTS = Topics.actionResults(OwningService.MODERATION);

    @Inject
    BotRestarts restarts;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redisData;

    DiscordSandbox discord;
    DemoGuild demo;

    @BeforeEach
    void connected() {
        discord = SandboxTestResource.sandbox();
        demo = discord.demo();
        await().atMost(WAIT).until(() -> discord.connectedGatewaySessions() > 0
                && discord.registeredCommandNames().size() == CommandRegistry.all().size());
    }

    // ------------------------------------------------------------------------------------------ events out

    @Test
    void aMessageBecomesADiscordMessageRecordKeyedByGuild() {
        String text = "hello gateway " + UUID.randomUUID();
        try (var consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            String messageId = discord.sendMessage("alice", "general", text);

            var record = KafkaTopics.await(consumer, r -> contains(r, text), WAIT);

            assertThat(record.key()).isEqualTo(demo.guildId());
            DiscordEvent event = event(record);
            assertThat(event.id()).isEqualTo(messageId);
            assertThat(event.guildId()).isEqualTo(demo.guildId());
            var message = ((EventPayload.MessageCreated) event.payload()).message();
            assertThat(message.content()).isEqualTo(text);
            assertThat(message.author().id()).isEqualTo(demo.aliceId());
            assertThat(message.channelId()).isEqualTo(demo.generalChannelId());
            assertThat(message.memberRoleIds()).contains(demo.memberRoleId());
        }
    }

    /**
     * The test profile's event buffer holds 8 events, so a burst of 400 fills it many times over: the JDA thread waits
     * for room instead of dropping, and the single publisher thread keeps the guild's order.
     */
    @Test
    void aBurstLargerThanTheEventBufferArrivesCompleteAndInOrder() {
        String run = UUID.randomUUID().toString();
        int count = 400;
        try (var consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            for (int i = 0; i < count; i++) {
                discord.sendMessage("alice", "general", "burst " + run + " #" + i + ";");
            }
            List<Integer> seen = new java.util.ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    int at = value.indexOf("burst " + run + " #");
                    if (at >= 0 && value.contains("\"message.created\"")) {
                        int from = at + ("burst " + run + " #").length();
                        seen.add(Integer.parseInt(value.substring(from, value.indexOf(';', from))));
                    }
                }
                return seen.size() >= count;
            });
            assertThat(seen).isEqualTo(java.util.stream.IntStream.range(0, count).boxed().toList());
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString("volvox_gateway_events_buffered"));
    }

    @Test
    void reactionsVoiceAndMemberChangesArePublishedToTheirTopics() {
        String messageId = discord.sendMessage("alice", "general", "react here " + UUID.randomUUID());
        try (var reactions = KafkaTopics.consumer(Topics.REACTION);
             var voice = KafkaTopics.consumer(Topics.VOICE);
             var members = KafkaTopics.consumer(Topics.MEMBER)) {
            discord.react("moderator", messageId, "🎉");
            var reaction = KafkaTopics.await(reactions, r -> contains(r, messageId), WAIT);
            assertThat(reaction.key()).isEqualTo(demo.guildId());
            var added = (EventPayload.ReactionAdded) event(reaction).payload();
            assertThat(added.userId()).isEqualTo(demo.moderatorId());
            assertThat(added.messageAuthorId()).isEqualTo(demo.aliceId());
            assertThat(added.emoji().name()).isEqualTo("🎉");

            discord.joinVoice("moderator", "Lounge");
            var joined = KafkaTopics.await(voice, r -> contains(r, "voice.joined") && contains(r, demo.moderatorId()), WAIT);
            assertThat(((EventPayload.VoiceJoined) event(joined).payload()).channelId())
                    .isEqualTo(demo.loungeVoiceChannelId());
            discord.leaveVoice("moderator");
            KafkaTopics.await(voice, r -> contains(r, "voice.left") && contains(r, demo.moderatorId()), WAIT);

            String name = "erin-" + UUID.randomUUID().toString().substring(0, 6);
            String erin = discord.memberJoin(name);
            var join = KafkaTopics.await(members, r -> contains(r, "member.joined") && contains(r, erin), WAIT);
            assertThat(((EventPayload.MemberJoined) event(join).payload()).user().username()).isEqualTo(name);
            discord.memberLeave(erin);
            KafkaTopics.await(members, r -> contains(r, "member.left") && contains(r, erin), WAIT);
        }
    }

    @Test
    void whoIsInVoiceIsPublishedWhenTheSessionIsReadyAndAgainAfterAResume() {
        try (var voice = KafkaTopics.consumer(Topics.VOICE)) {
            // the first ready: one snapshot of the guild (the consumer reads the topic from its beginning)
            var ready = KafkaTopics.await(voice, r -> contains(r, "voice.snapshot"), WAIT);
            assertThat(ready.key()).isEqualTo(demo.guildId());

            discord.joinVoice("alice", "Lounge");
            KafkaTopics.await(voice, r -> contains(r, "voice.joined") && contains(r, demo.aliceId()), WAIT);
            int resumes = discord.gatewayResumes();
            discord.disconnectGateway();
            var resumed = KafkaTopics.await(voice, r -> contains(r, "voice.snapshot") && contains(r, demo.aliceId()),
                    WAIT);
            assertThat(discord.gatewayResumes()).isGreaterThan(resumes);
            DiscordEvent snapshot = event(resumed);
            assertThat(snapshot.guildId()).isEqualTo(demo.guildId());
            assertThat(((EventPayload.VoiceSnapshot) snapshot.payload()).members())
                    .contains(new EventPayload.VoiceState(demo.aliceId(), demo.loungeVoiceChannelId()));
        } finally {
            discord.leaveVoice("alice");
        }
    }

    @Test
    void slashCommandsAreRegisteredDeferredWithinThreeSecondsAndPublished() {
        assertThat(discord.registeredCommandNames()).containsExactlyInAnyOrderElementsOf(
                CommandRegistry.all().stream().map(SlashCommand::name).toList());
        try (var consumer = KafkaTopics.consumer(Topics.MODERATION_INTERACTIONS)) {
            String interactionId = discord.runSlashCommand("alice", "general", "warn",
                    Map.of("user", demo.bobId(), "reason", "spam"));

            await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).deferred());
            InteractionState state = discord.interaction(interactionId);
            assertThat(state.callbackElapsedMs()).isBetween(0L, 3000L);
            assertThat(state.ephemeral()).as("/warn is ephemeral in the registry").isTrue();

            var record = KafkaTopics.await(consumer, r -> contains(r, interactionId), WAIT);
            assertThat(record.key()).isEqualTo(demo.guildId());
            var command = (EventPayload.SlashCommand) event(record).payload();
            assertThat(command.commandName()).isEqualTo("warn");
            assertThat(command.interaction().deferred()).isTrue();
            assertThat(command.interaction().ephemeral()).isTrue();
            assertThat(command.interaction().user().id()).isEqualTo(demo.aliceId());
            assertThat(command.interaction().topRolePosition()).as("alice's Member role").isEqualTo(2);
            assertThat(command.interaction().botTopRolePosition())
                    .as("the bot's own Bot role: above Moderator (3), below Admin (5)").isEqualTo(4);
            assertThat(command.interaction().token()).isEqualTo(state.token());
            assertThat(command.option("user").user().user().id()).isEqualTo(demo.bobId());
            assertThat(command.option("user").user().topRolePosition()).as("bob's Member role").isEqualTo(2);
            assertThat(command.option("reason").value()).isEqualTo("spam");
        }
        String rank = discord.runSlashCommand("alice", "general", "rank", Map.of());
        await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(rank).deferred());
        assertThat(discord.interaction(rank).ephemeral()).as("/rank is public").isFalse();
    }

    @Test
    void aUserOverTheCommandLimitIsToldToWaitAndNothingIsPublished() {
        try (var consumer = KafkaTopics.consumer(Topics.ANALYTICS_INTERACTIONS)) {
            String last = null;
            for (int i = 0; i < 5; i++) {
                last = discord.runSlashCommand("moderator", "general", "leaderboard", Map.of());
            }
            String lastAllowed = last;
            KafkaTopics.await(consumer, r -> contains(r, lastAllowed), WAIT);

            String limited = discord.runSlashCommand("moderator", "general", "leaderboard", Map.of());

            await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(limited).acknowledged());
            InteractionState state = discord.interaction(limited);
            assertThat(state.callbackType()).isEqualTo(4);
            assertThat(state.ephemeral()).isTrue();
            assertThat(state.callbackContent()).contains("Try again in").containsPattern("\\d+ second");
            assertThat(KafkaTopics.collect(consumer, r -> contains(r, limited), Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void losingRedisDoesNotStopTheGateway() {
        var redis = LocalStack.forTests().redis().orElseThrow();
        redis.stop();
        try (var consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            String text = "while redis is down " + UUID.randomUUID();
            discord.sendMessage("alice", "general", text);
            KafkaTopics.await(consumer, r -> contains(r, text), WAIT);

            String interactionId = discord.runSlashCommand("alice", "general", "rank", Map.of());
            await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).deferred());
        } finally {
            redis.restart();
        }
        String afterRestart = "redis is back " + UUID.randomUUID();
        try (var consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            discord.sendMessage("alice", "general", afterRestart);
            KafkaTopics.await(consumer, r -> contains(r, afterRestart), WAIT);
        }
        // and uses Redis again: readiness says so, and the shared command limit is kept there, not in memory
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'redis' }.data.redis",
                        equalTo("up")));
        String limitKey = "gateway:commands:" + demo.aliceId();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            discord.runSlashCommand("alice", "general", "rank", Map.of());
            return redisData.key().exists(limitKey);
        });
    }

    @Test
    void aSlowCommandLimitCheckHoldsBackNoOtherEvent() {
        try (var interactions = KafkaTopics.consumer(Topics.ANALYTICS_INTERACTIONS);
             var messages = KafkaTopics.consumer(Topics.MESSAGE)) {
            // Redis answers nobody for 3 s: the limit check gives up after 750 ms and lets the command through
            redisData.execute("CLIENT", "PAUSE", "3000", "ALL");
            String interactionId = discord.runSlashCommand("bob", "general", "rank", Map.of());
            String text = "sent after the command " + UUID.randomUUID();
            discord.sendMessage("bob", "general", text);

            var message = KafkaTopics.await(messages, r -> contains(r, text), WAIT);
            var interaction = KafkaTopics.await(interactions, r -> contains(r, interactionId), WAIT);
            assertThat(message.timestamp())
                    .as("the message that came after the command was not held behind its limit check")
                    .isLessThan(interaction.timestamp());
            assertThat(discord.interaction(interactionId).deferred()).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------ actions in

    @Test
    void eachActionKindBecomesTheRightDiscordCall() {
        String dave = discord.memberJoin("dave-" + UUID.randomUUID().toString().substring(0, 6));
        String anchor = discord.sendMessage("alice", "general", "react to me");
        String doomed = discord.sendMessage("alice", "general", "delete me");
        String bulk1 = discord.sendMessage("alice", "general", "bulk 1");
        String bulk2 = discord.sendMessage("alice", "general", "bulk 2");
        String g = demo.guildId();
        String general = demo.generalChannelId();
        var cases = List.of(
                new Case(new ActionParams.Timeout(demo.bobId(), Instant.now().plusSeconds(600)), "PATCH",
                        "guilds/" + g + "/members/" + demo.bobId(), "communication_disabled_until"),
                new Case(new ActionParams.RemoveTimeout(demo.bobId()), "PATCH",
                        "guilds/" + g + "/members/" + demo.bobId(), "communication_disabled_until"),
                new Case(new ActionParams.AddRole(demo.bobId(), demo.mutedRoleId()), "PUT",
                        "guilds/" + g + "/members/" + demo.bobId() + "/roles/" + demo.mutedRoleId(), null),
                new Case(new ActionParams.RemoveRole(demo.bobId(), demo.mutedRoleId()), "DELETE",
                        "guilds/" + g + "/members/" + demo.bobId() + "/roles/" + demo.mutedRoleId(), null),
                new Case(new ActionParams.AffixNickname(dave, "⭐ ", null), "PATCH",
                        "guilds/" + g + "/members/" + dave, "\"nick\""),
                new Case(new ActionParams.Kick(dave), "DELETE", "guilds/" + g + "/members/" + dave, null),
                new Case(new ActionParams.Ban(dave, 3600), "PUT", "guilds/" + g + "/bans/" + dave,
                        "delete_message_seconds"),
                new Case(new ActionParams.Unban(dave), "DELETE", "guilds/" + g + "/bans/" + dave, null),
                new Case(new ActionParams.SendMessage(general, ActionParams.MessageBody.text("action says hi"), null),
                        "POST", "channels/" + general + "/messages", "action says hi"),
                new Case(new ActionParams.SendDm(demo.bobId(), ActionParams.MessageBody.text("psst")), "POST",
                        "channels/\\d+/messages", "psst"),
                new Case(new ActionParams.AddReaction(general, anchor, "👍"), "PUT",
                        "channels/" + general + "/messages/" + anchor + "/reactions/.+/@me", null),
                new Case(new ActionParams.DeleteMessage(general, doomed), "DELETE",
                        "channels/" + general + "/messages/" + doomed, null),
                new Case(new ActionParams.BulkDelete(general, List.of(bulk1, bulk2)), "POST",
                        "channels/" + general + "/messages/bulk-delete", bulk1),
                new Case(new ActionParams.SetSlowmode(general, 30), "PATCH", "channels/" + general,
                        "rate_limit_per_user"),
                new Case(new ActionParams.EditChannel(general, null, "a calm place", null), "PATCH",
                        "channels/" + general, "a calm place"),
                // #announcements: the bot's own role may send there, so it can lock and unlock it again
                new Case(new ActionParams.LockChannel(demo.announcementsChannelId()), "PUT",
                        "channels/" + demo.announcementsChannelId() + "/permissions/" + demo.everyoneRoleId(), "deny"),
                new Case(new ActionParams.UnlockChannel(demo.announcementsChannelId()), "PUT",
                        "channels/" + demo.announcementsChannelId() + "/permissions/" + demo.everyoneRoleId(), null));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            for (Case c : cases) {
                long mark = discord.lastCallSeq();
                DiscordAction action = DiscordAction.of(UUID.randomUUID(), g, "test " + c.params().kind(), ORIGIN,
                        c.params());
                sendAction(action);

                ActionResult result = awaitResult(results, action.actionId());
                assertThat(result.status()).as(c.params().kind() + ": " + result.errorMessage())
                        .isEqualTo(ActionStatus.OK);
                RecordedCall call = discord.awaitCall(rc -> rc.seq() > mark && rc.is(c.method(), c.pathRegex()),
                        Duration.ofSeconds(5));
                assertThat(call.status()).as(c.params().kind().name()).isLessThan(300);
                if (c.bodyContains() != null) {
                    assertThat(call.body()).as(c.params().kind().name()).contains(c.bodyContains());
                }
            }
        }
        assertThat(discord.member("bob").roles()).doesNotContain(demo.mutedRoleId());
        assertThat(discord.bans()).doesNotContainKey(dave);
    }

    @Test
    void interactionAnswersSkipTheGlobalBudgetWhileOtherCallsWaitForIt() {
        String interactionId = discord.runSlashCommand("alice", "general", "warn",
                Map.of("user", demo.bobId(), "reason", "budget"));
        await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).deferred());
        String token = discord.interaction(interactionId).token();
        // Another replica has spent the whole second: 50 slots dated 4 s ahead of Redis' clock keep it spent for 5 s.
        assertThat(redisData.execute("PING").toString()).isEqualTo("PONG");
        long redisNowMs = redisNowMs();
        String key = "gateway:discord:global-requests";
        redisData.execute("DEL", key);
        for (int i = 0; i < 50; i++) {
            redisData.execute("ZADD", key, Long.toString(redisNowMs + 4000), "other-replica-" + i);
        }
        redisData.execute("PEXPIRE", key, "10000");
        long mark = discord.lastCallSeq();
        String text = "waits for the budget " + UUID.randomUUID();
        DiscordAction message = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text(text), null));
        DiscordAction answer = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.InteractionFollowup(null, token, ActionParams.MessageBody.text("warned"), true,
                        demo.aliceId(), true));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(message);
            sendAction(answer);

            assertThat(awaitResult(results, answer.actionId()).status()).isEqualTo(ActionStatus.OK);
            assertThat(discord.interaction(interactionId).answer()).isEqualTo("warned");
            assertThat(redisNowMs()).as("the budget was still spent when the answer went out")
                    .isLessThan(redisNowMs + 4000);
            assertThat(discord.callsSince(mark).stream().filter(c -> c.body().contains(text)))
                    .as("the message waits for the global budget").isEmpty();

            assertThat(awaitResult(results, message.actionId()).status()).isEqualTo(ActionStatus.OK);
            assertThat(redisNowMs()).as("the message went out once the budget freed up")
                    .isGreaterThanOrEqualTo(redisNowMs + 4000);
        } finally {
            redisData.execute("DEL", key);
        }
    }

    @Test
    void aFullDmQueueDoesNotHoldBackAModeratorsAnswer() {
        String interactionId = discord.runSlashCommand("alice", "general", "warn",
                Map.of("user", demo.bobId(), "reason", "dm queue"));
        await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).deferred());
        String token = discord.interaction(interactionId).token();
        // The global budget is spent for the next 20 s (as by another replica), so every DM waits for it; 100 DMs,
        // more than the gateway runs and queues at once (8 + 32), are ahead of the answer on the topic, so the answer
        // only goes out if it is read past them (its own consumer group). 20 s, not less: the answer must go
        // out while the DMs still wait even when a loaded machine takes seconds for it (it once took 13 s at load 20).
        long redisNowMs = redisNowMs();
        long budgetFreeAtMs = redisNowMs + 20_000;
        String key = "gateway:discord:global-requests";
        redisData.execute("DEL", key);
        for (int i = 0; i < 50; i++) {
            redisData.execute("ZADD", key, Long.toString(budgetFreeAtMs), "other-replica-" + i);
        }
        redisData.execute("PEXPIRE", key, "30000");
        long mark = discord.lastCallSeq();
        String text = "queued DM " + UUID.randomUUID();
        List<DiscordAction> dms = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            dms.add(DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SendDm(demo.bobId(), ActionParams.MessageBody.text(text + " #" + i))));
        }
        DiscordAction answer = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.InteractionFollowup(null, token, ActionParams.MessageBody.text("warned, DMs queued"),
                        true, demo.aliceId(), true));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            dms.forEach(GatewayServiceTest::sendAction);
            sendAction(answer);

            assertThat(awaitResult(results, answer.actionId()).status()).isEqualTo(ActionStatus.OK);
            assertThat(discord.interaction(interactionId).answer()).isEqualTo("warned, DMs queued");
            long answeredAtMs = redisNowMs();
            assertThat(answeredAtMs).as("the DMs were still waiting for the budget when the answer went out (answered"
                    + " %d ms after the budget was spent)", answeredAtMs - redisNowMs).isLessThan(budgetFreeAtMs);
            assertThat(discord.callsSince(mark).stream().filter(c -> c.body().contains(text)))
                    .as("no queued DM went out before the answer").isEmpty();

            for (DiscordAction dm : dms) {
                assertThat(awaitResult(results, dm.actionId()).status()).as("every DM is delivered once the budget frees")
                        .isEqualTo(ActionStatus.OK);
            }
            assertThat(discord.callsSince(mark).stream()
                    .filter(c -> c.is("POST", "channels/\\d+/messages") && c.body().contains(text))).hasSize(100);
        } finally {
            redisData.execute("DEL", key);
        }
    }

    @Test
    void anAnswerThatOvertakesItsDeferralIsTriedAgainUntilTheDeferralLands() {
        // Discord holds the deferral back for 1.5 s: the answer arrives first and finds no interaction (10015).
        discord.rateLimitNext("POST", "interactions/\\d+/.+/callback", Duration.ofMillis(1500), 1);
        String interactionId = discord.runSlashCommand("alice", "general", "warn",
                Map.of("user", demo.bobId(), "reason", "overtaken"));
        String token = discord.interaction(interactionId).token();
        DiscordAction answer = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.InteractionFollowup(null, token, ActionParams.MessageBody.text("overtaken"), true,
                        demo.aliceId(), true));
        long mark = discord.lastCallSeq();
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(answer);

            assertThat(awaitResult(results, answer.actionId()).status()).isEqualTo(ActionStatus.OK);
        } finally {
            discord.clearFaults();
        }
        assertThat(discord.interaction(interactionId).deferred()).isTrue();
        assertThat(discord.interaction(interactionId).answer()).isEqualTo("overtaken");
        assertThat(discord.callsSince(mark).stream().filter(c -> c.errorCode() == 10015))
                .as("the answer did overtake the deferral").isNotEmpty();
    }

    @Test
    void anInteractionIsPublishedOnlyOnceDiscordAcceptedItsDeferral() {
        // Discord holds the deferral back for 1.5 s: published before it lands, a fast owner's answer would overtake it
        discord.rateLimitNext("POST", "interactions/\\d+/.+/callback", Duration.ofMillis(1500), 1);
        try (var consumer = KafkaTopics.consumer(Topics.MODERATION_INTERACTIONS)) {
            String interactionId = discord.runSlashCommand("alice", "general", "warn",
                    Map.of("user", demo.bobId(), "reason", "deferred first"));

            KafkaTopics.await(consumer, r -> contains(r, interactionId), WAIT);
            assertThat(discord.interaction(interactionId).deferred())
                    .as("the deferral was accepted before the interaction reached Kafka").isTrue();
        } finally {
            discord.clearFaults();
        }
    }

    @Test
    void aUsersDmChannelIsOpenedOnceForSeveralDms() {
        // a user JDA does not hold in its cache (no shared guild any more), as most users a bot DMs on a big server
        String frank = discord.memberJoin("frank-" + UUID.randomUUID().toString().substring(0, 6));
        try (var members = KafkaTopics.consumer(Topics.MEMBER)) {
            discord.memberLeave(frank);
            KafkaTopics.await(members, r -> contains(r, "member.left") && contains(r, frank), WAIT);
        }
        long mark = discord.lastCallSeq();
        try (var results = KafkaTopics.consumer(RESULTS)) {
            for (int i = 0; i < 3; i++) {
                DiscordAction dm = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                        new ActionParams.SendDm(frank, ActionParams.MessageBody.text("dm " + i)));
                sendAction(dm);
                assertThat(awaitResult(results, dm.actionId()).status()).isEqualTo(ActionStatus.OK);
            }
        }
        var calls = discord.callsSince(mark);
        assertThat(calls.stream().filter(c -> c.is("POST", "users/@me/channels") && c.body().contains(frank)))
                .as("the DM channel is opened once, then reused").hasSize(1);
        assertThat(calls.stream().filter(c -> c.is("GET", "users/" + frank))).as("no user look-up before a DM")
                .isEmpty();
        assertThat(calls.stream().filter(c -> c.is("POST", "channels/\\d+/messages") && c.body().contains("dm ")))
                .hasSize(3);
    }

    private long redisNowMs() {
        var time = redisData.execute("TIME");
        return time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
    }

    @Test
    void theSameActionDeliveredTwiceRunsOnceAndDifferentIdsRunTwice() {
        String text = "exactly once " + UUID.randomUUID();
        var params = new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text(text), null);
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN, params);
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(action);
            sendAction(action);

            var both = awaitResults(results, action.actionId(), 2);
            assertThat(both).extracting(ActionResult::replayed).containsExactlyInAnyOrder(false, true);
            assertThat(both.get(0).createdIds()).isEqualTo(both.get(1).createdIds()).hasSize(1);
            assertThat(countMessages(text)).isEqualTo(1);

            DiscordAction another = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN, params);
            sendAction(another);
            assertThat(awaitResult(results, another.actionId()).status()).isEqualTo(ActionStatus.OK);
            assertThat(countMessages(text)).isEqualTo(2);
        }
    }

    @Test
    void aMalformedActionLandsInTheDeadLetterTopicWithItsReason() {
        String key = "poison-" + UUID.randomUUID();
        byte[] poison = "{\"actionId\": \"not-a-uuid\", \"params\": {\"kind\": \"NUKE\"}}"
                .getBytes(StandardCharsets.UTF_8);
        try (var dlq = KafkaTopics.consumer(Topics.dlq(Topics.ACTION))) {
            KafkaTopics.send(Topics.ACTION, key, poison);

            var record = KafkaTopics.await(dlq, r -> key.equals(r.key()), WAIT);
            assertThat(record.value()).isEqualTo(poison);
            assertThat(header(record, "dead-letter-reason")).isNotBlank();
            assertThat(header(record, "dead-letter-topic")).isEqualTo(Topics.ACTION);
        }
        // the consumer carried on: a good action after the poison one still runs
        try (var results = KafkaTopics.consumer(RESULTS)) {
            DiscordAction after = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text("still alive"),
                            null));
            sendAction(after);
            assertThat(awaitResult(results, after.actionId()).status()).isEqualTo(ActionStatus.OK);
        }
    }

    @Test
    void anActionWhoseOriginNamesNoServiceIsDeadLetteredUnrun() {
        long mark = discord.lastCallSeq();
        String text = "nobody would read this result " + UUID.randomUUID();
        DiscordAction unaddressed = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null,
                new Origin("gateway-test", null), new ActionParams.SendMessage(demo.generalChannelId(),
                        ActionParams.MessageBody.text(text), null));
        DiscordAction unaddressedAnswer = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, null,
                new ActionParams.InteractionFollowup("1", "token-" + UUID.randomUUID(),
                        ActionParams.MessageBody.text(text), true, null, true));
        try (var dlq = KafkaTopics.consumer(Topics.dlq(Topics.ACTION))) {
            sendAction(unaddressed);
            sendAction(unaddressedAnswer);
            // one poll may return both dead letters: read them together
            Map<String, ConsumerRecord<String, byte[]>> letters = new java.util.HashMap<>();
            await().atMost(WAIT).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                    for (DiscordAction action : List.of(unaddressed, unaddressedAnswer)) {
                        String id = action.actionId().toString();
                        if (new String(r.value(), StandardCharsets.UTF_8).contains(id)) {
                            letters.put(id, r);
                        }
                    }
                });
                return letters.size() == 2;
            });
            letters.values().forEach(letter -> assertThat(header(letter, "dead-letter-reason"))
                    .contains("origin.service").contains(OwningService.MODERATION.serviceName()));
        }
        // the consumers carried on, and neither unaddressed action reached Discord
        try (var results = KafkaTopics.consumer(RESULTS)) {
            DiscordAction after = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text("addressed"),
                            null));
            sendAction(after);
            assertThat(awaitResult(results, after.actionId()).status()).isEqualTo(ActionStatus.OK);
        }
        assertThat(discord.callsSince(mark).stream().filter(c -> c.body().contains(text))).isEmpty();
    }

    @Test
    void noPoisonRecordStopsTheActionConsumerHoweverLargeItIs() {
        String key = "large-poison-" + UUID.randomUUID();
        // as the issue saw it: 900 KB of JSON that is no action; and one as large as the broker takes
        byte[] large = ("{\"text\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] atTheLimit = ("{\"text\":\"" + "y".repeat(1_046_800) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (var dlq = KafkaTopics.consumer(Topics.dlq(Topics.ACTION));
                var results = KafkaTopics.consumer(RESULTS)) {
            KafkaTopics.send(Topics.ACTION, key + "-large", large);
            KafkaTopics.send(Topics.ACTION, key + "-limit", atTheLimit);
            DiscordAction after = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SendMessage(demo.generalChannelId(),
                            ActionParams.MessageBody.text("alive after poison"), null));
            sendAction(after);

            // one poll may return both dead letters: read them together
            Map<String, ConsumerRecord<String, byte[]>> letters = new java.util.HashMap<>();
            await().atMost(WAIT).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(key)) {
                        letters.put(r.key(), r);
                    }
                });
                return letters.size() == 2;
            });
            assertThat(letters.get(key + "-large").value()).isEqualTo(large);
            var bounded = letters.get(key + "-limit");
            assertThat(header(bounded, "dead-letter-bounded")).isEqualTo("true");
            assertThat(new String(bounded.value(), StandardCharsets.UTF_8)).contains("\"size\":" + atTheLimit.length);
            assertThat(awaitResult(results, after.actionId()).status()).isEqualTo(ActionStatus.OK);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then()
                .body(containsString("volvox_kafka_poison_records_total{channel=\"discord-actions\",outcome=\"bounded\"}"));
    }

    @Test
    void aPermanentDiscordErrorFailsAtOnceWithoutRetries() {
        long mark = discord.lastCallSeq();
        // Carol does not accept DMs: Discord answers 403 / 50007.
        DiscordAction dm = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.SendDm(demo.carolId(), ActionParams.MessageBody.text("hello carol")));
        // The admin's role is above the bot's: JDA refuses before calling, as Discord would (50013).
        DiscordAction kick = DiscordAction.of(UUID.randomUUID(), demo.guildId(), "no", ORIGIN,
                new ActionParams.Kick(demo.adminId()));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(dm);
            sendAction(kick);

            ActionResult dmResult = awaitResult(results, dm.actionId());
            assertThat(dmResult.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(dmResult.errorCode()).isEqualTo(50007);
            assertThat(dmResult.attempts()).isEqualTo(1);
            ActionResult kickResult = awaitResult(results, kick.actionId());
            assertThat(kickResult.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(kickResult.errorCode()).isEqualTo(50013);
        }
        var calls = discord.callsSince(mark);
        assertThat(calls.stream().filter(c -> c.is("POST", "channels/\\d+/messages") && c.errorCode() == 50007))
                .as("the refused DM is not retried").hasSize(1);
        assertThat(calls.stream().filter(c -> c.is("DELETE", "guilds/\\d+/members/" + demo.adminId()))).isEmpty();
    }

    @Test
    void aTransientServerErrorIsRetriedAndExhaustedRetriesReportFailedTransient() {
        String channel = demo.announcementsChannelId();
        long mark = discord.lastCallSeq();
        try (var results = KafkaTopics.consumer(RESULTS)) {
            discord.failNext("PATCH", "channels/" + channel, 500);
            DiscordAction once = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SetSlowmode(channel, 10));
            sendAction(once);
            ActionResult recovered = awaitResult(results, once.actionId());
            assertThat(recovered.status()).isEqualTo(ActionStatus.OK);
            assertThat(recovered.attempts()).isEqualTo(2);
            var patches = discord.calls().stream().filter(c -> c.is("PATCH", "channels/" + channel)
                    && c.body().contains("\"rate_limit_per_user\":10")).toList();
            assertThat(patches).extracting(RecordedCall::status).containsExactly(500, 200);

            discord.failNext("PATCH", "channels/" + channel, 500, 5);
            DiscordAction doomed = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SetSlowmode(channel, 20));
            sendAction(doomed);
            ActionResult failed = awaitResult(results, doomed.actionId());
            assertThat(failed.status()).isEqualTo(ActionStatus.FAILED_TRANSIENT);
            assertThat(failed.attempts()).isEqualTo(5);
            assertThat(failed.errorCode()).isEqualTo(500);
            assertThat(discord.callsSince(mark).stream().filter(c -> c.is("PATCH", "channels/" + channel)
                    && c.body().contains("\"rate_limit_per_user\":20"))).hasSize(5);
        } finally {
            discord.clearFaults();
        }
    }

    @Test
    void aStatusJdaAlreadyRetriedIsNotRetriedAgain() {
        String channel = demo.announcementsChannelId();
        long mark = discord.lastCallSeq();
        try (var results = KafkaTopics.consumer(RESULTS)) {
            for (int i = 0; i < 16; i++) {
                discord.failNext("PATCH", "channels/" + channel, 503);
            }
            DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                    new ActionParams.SetSlowmode(channel, 30));
            sendAction(action);
            ActionResult failed = awaitResult(results, action.actionId());
            assertThat(failed.status()).isEqualTo(ActionStatus.FAILED_TRANSIENT);
            assertThat(failed.errorCode()).isEqualTo(503);
            assertThat(discord.callsSince(mark).stream().filter(c -> c.is("PATCH", "channels/" + channel)
                    && c.body().contains("\"rate_limit_per_user\":30")))
                    .as("JDA's 4 requests, not 4 of ours times 4 of JDA's").hasSize(4);
        } finally {
            discord.clearFaults();
        }
    }

    @Test
    void messagesNeverPingEveryoneAndLongContentIsSplit() {
        String marker = UUID.randomUUID().toString();
        String line = "x".repeat(99) + "\n";
        String content = "@everyone @here <@&" + demo.memberRoleId() + "> " + marker + "\n" + line.repeat(45);
        long mark = discord.lastCallSeq();
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text(content), null));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(action);
            ActionResult result = awaitResult(results, action.actionId());
            assertThat(result.status()).isEqualTo(ActionStatus.OK);
            assertThat(result.createdIds()).hasSize(3);
        }
        List<RecordedCall> posts = discord.callsSince(mark).stream()
                .filter(c -> c.is("POST", "channels/" + demo.generalChannelId() + "/messages")).toList();
        assertThat(posts).hasSize(3);
        for (RecordedCall post : posts) {
            JsonObject body = new JsonObject(post.body());
            assertThat(body.getString("content").length()).isLessThanOrEqualTo(2000);
            assertThat(body.getJsonObject("allowed_mentions").getJsonArray("parse").getList())
                    .containsExactly("users");
        }
        assertThat(new JsonObject(posts.get(0).body()).getString("content")).startsWith("@everyone @here");
        // and the gateway does not publish its own messages back to discord.message
        try (var consumer = KafkaTopics.consumer(Topics.MESSAGE)) {
            assertThat(KafkaTopics.collect(consumer, r -> contains(r, marker), Duration.ofSeconds(2))).isEmpty();
        }
    }

    /** #general emptied, then six messages: five recent ones and one from three weeks ago. */
    private Map<String, String> purgeFixture() {
        discord.messages("general").forEach(message -> discord.deleteMessage(message.id()));
        Instant now = discord.now();
        var ids = new java.util.LinkedHashMap<String, String>();
        ids.put("oldAlice", discord.postPastMessage("alice", "general", "an old secret, see https://old.example",
                now.minus(Duration.ofDays(21)), List.of("old.png")));
        ids.put("attachment", discord.postPastMessage("bob", "general", "screenshot", now.minus(Duration.ofHours(1)),
                List.of("screen.png")));
        ids.put("alice", discord.sendMessage("alice", "general", "hello everyone"));
        ids.put("link", discord.sendMessage("bob", "general", "look at https://example.com/x"));
        ids.put("bot", discord.sendMessage("bot", "general", "beep, I am a bot"));
        ids.put("secret", discord.sendMessage("alice", "general", "this has a SECRET word"));
        return ids;
    }

    private ActionResult purge(KafkaConsumer<String, byte[]> results, int limit, String filter) {
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), "purge " + filter, ORIGIN,
                new ActionParams.Purge(demo.generalChannelId(), limit, filter));
        sendAction(action);
        ActionResult result = awaitResult(results, action.actionId());
        assertThat(result.status()).as(filter + ": " + result.errorMessage()).isEqualTo(ActionStatus.OK);
        return result;
    }

    private List<String> generalIds() {
        return discord.messages("general").stream().map(DiscordSandbox.SandboxMessage::id).toList();
    }

    @Test
    void purgeDeletesExactlyTheMessagesItsFilterSelectsAndSkipsThoseOlderThanTwoWeeks() {
        record Expectation(int limit, String filter, List<String> deleted, int tooOld) {
        }
        var expectations = List.of(
                new Expectation(100, "all", List.of("secret", "bot", "link", "alice", "attachment"), 1),
                new Expectation(2, "all", List.of("secret", "bot"), 0),
                new Expectation(100, "user:" + demo.aliceId(), List.of("secret", "alice"), 1),
                new Expectation(100, "bot", List.of("bot"), 0),
                new Expectation(100, "contains:SeCrEt", List.of("secret"), 1),
                new Expectation(100, "links", List.of("link"), 1),
                new Expectation(100, "attachments", List.of("attachment"), 1),
                new Expectation(100, "contains:nowhere to be found", List.of(), 0));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            for (Expectation expected : expectations) {
                Map<String, String> ids = purgeFixture();
                List<String> deleted = expected.deleted().stream().map(ids::get).toList();
                long mark = discord.lastCallSeq();

                ActionResult.Purged purged = purge(results, expected.limit(), expected.filter()).purged();

                String what = expected.limit() + " " + expected.filter();
                assertThat(purged.deletedIds()).as(what).containsExactlyElementsOf(deleted);
                assertThat(purged.deleted()).as(what).isEqualTo(deleted.size());
                assertThat(purged.scanned()).as(what).isEqualTo(Math.min(expected.limit(), ids.size()));
                assertThat(purged.tooOld()).as(what).isEqualTo(expected.tooOld());
                assertThat(generalIds()).as(what).containsExactlyInAnyOrderElementsOf(ids.values().stream()
                        .filter(id -> !deleted.contains(id)).toList());
                var calls = discord.callsSince(mark);
                assertThat(calls.stream().filter(c -> c.is("GET", "channels/" + demo.generalChannelId()
                        + "/messages"))).as(what).singleElement()
                        .satisfies(c -> assertThat(c.query()).contains("limit=" + expected.limit()));
                long bulk = calls.stream().filter(c -> c.is("POST", "channels/\\d+/messages/bulk-delete")).count();
                long single = calls.stream().filter(c -> c.is("DELETE", "channels/\\d+/messages/\\d+")).count();
                assertThat(bulk).as(what + ": bulk deletes").isEqualTo(deleted.size() > 1 ? 1 : 0);
                assertThat(single).as(what + ": single deletes").isEqualTo(deleted.size() == 1 ? 1 : 0);
            }
        }
    }

    @Test
    void aPurgeDeliveredTwiceDeletesOnceAndABadFilterOrLimitIsRefused() {
        Map<String, String> ids = purgeFixture();
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.Purge(demo.generalChannelId(), 100, "user:" + demo.bobId()));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            long mark = discord.lastCallSeq();
            sendAction(action);
            sendAction(action);

            var both = awaitResults(results, action.actionId(), 2);
            assertThat(both).extracting(ActionResult::replayed).containsExactlyInAnyOrder(false, true);
            assertThat(both).extracting(r -> r.purged().deletedIds())
                    .containsOnly(List.of(ids.get("link"), ids.get("attachment")));
            assertThat(discord.callsSince(mark).stream().filter(c -> c.is("GET", "channels/\\d+/messages")))
                    .hasSize(1);

            for (var bad : List.of(new ActionParams.Purge(demo.generalChannelId(), 101, "all"),
                    new ActionParams.Purge(demo.generalChannelId(), 10, "everything"))) {
                DiscordAction refused = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN, bad);
                sendAction(refused);
                ActionResult result = awaitResult(results, refused.actionId());
                assertThat(result.status()).isEqualTo(ActionStatus.FAILED);
                assertThat(result.errorCode()).isEqualTo(50035);
            }
        }
        assertThat(generalIds()).hasSize(4);
    }

    @Test
    void aSelectMenuIsPostedAndItsChoiceIsDeferredAndPublished() {
        String customId = "modlog:category:" + demo.aliceId() + ":" + Instant.now().getEpochSecond();
        var body = new ActionParams.MessageBody("Choose a log category", List.of(), List.of(), List.of(
                new ActionParams.SelectMenu(customId, ActionParams.SelectMenuType.STRING, "Log category",
                        List.of(new ActionParams.SelectOption("Bans", "bans", "ban, tempban"),
                                new ActionParams.SelectOption("Kicks", "kicks", null))),
                new ActionParams.SelectMenu("modlog:channel:bans", ActionParams.SelectMenuType.CHANNEL, "Channel",
                        List.of())));
        long mark = discord.lastCallSeq();
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.SendMessage(demo.generalChannelId(), body, null));
        String messageId;
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(action);
            ActionResult result = awaitResult(results, action.actionId());
            assertThat(result.status()).as(result.errorMessage()).isEqualTo(ActionStatus.OK);
            messageId = result.createdIds().get(0);
        }
        RecordedCall post = discord.awaitCall(c -> c.seq() > mark
                && c.is("POST", "channels/" + demo.generalChannelId() + "/messages"), Duration.ofSeconds(5));
        var rows = new JsonObject(post.body()).getJsonArray("components");
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.getJsonObject(0).getJsonArray("components").getJsonObject(0).getInteger("type"))
                .as("string select").isEqualTo(3);
        assertThat(rows.getJsonObject(1).getJsonArray("components").getJsonObject(0).getInteger("type"))
                .as("channel select").isEqualTo(8);

        try (var consumer = KafkaTopics.consumer(Topics.MODERATION_INTERACTIONS)) {
            String interactionId = discord.selectMenu("alice", messageId, customId, List.of("kicks"));

            await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).deferred());
            var record = KafkaTopics.await(consumer, r -> contains(r, interactionId), WAIT);
            var select = (EventPayload.SelectMenuChosen) event(record).payload();
            assertThat(select.customId()).isEqualTo(customId);
            assertThat(select.values()).containsExactly("kicks");
            assertThat(select.messageId()).isEqualTo(messageId);
            assertThat(select.interaction().user().id()).isEqualTo(demo.aliceId());
        }
    }

    @Test
    void aButtonNoServiceAnswersIsAnsweredByTheGatewayAndNotPublished() {
        // a message of an older release: its button's custom id has no ComponentPrefix
        String customId = "poll_vote_" + UUID.randomUUID();
        var body = new ActionParams.MessageBody("An old poll", List.of(),
                List.of(new ActionParams.Button(customId, "Vote", ActionParams.ButtonStyle.PRIMARY)),
                List.of());
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.SendMessage(demo.generalChannelId(), body, null));
        String messageId;
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(action);
            ActionResult result = awaitResult(results, action.actionId());
            assertThat(result.status()).as(result.errorMessage()).isEqualTo(ActionStatus.OK);
            messageId = result.createdIds().get(0);
        }
        List<KafkaConsumer<String, byte[]>> consumers = Topics.INTERACTIONS.stream().map(KafkaTopics::consumer).toList();
        try {
            String interactionId = discord.pressButton("alice", messageId, customId);

            await().atMost(Duration.ofSeconds(3)).until(() -> discord.interaction(interactionId).acknowledged());
            InteractionState state = discord.interaction(interactionId);
            assertThat(state.callbackContent()).isEqualTo(InteractionListener.NO_LONGER_HANDLED);
            assertThat(state.ephemeral()).isTrue();
            for (var consumer : consumers) {
                assertThat(KafkaTopics.collect(consumer, r -> contains(r, interactionId), Duration.ofSeconds(1)))
                        .as("published on " + consumer.subscription()).isEmpty();
            }
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
    }

    @Test
    void anActionClaimedByAnotherReplicaGetsThatReplicasOutcomeOrIsReportedInterruptedButNeverRuns() throws Exception {
        String text = "claimed elsewhere " + UUID.randomUUID();
        var params = new ActionParams.SendMessage(demo.generalChannelId(), ActionParams.MessageBody.text(text), null);
        DiscordAction stillRunning = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN, params);
        DiscordAction orphaned = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN, params);
        claimAsAnotherReplica(stillRunning.actionId(), Duration.ZERO);
        claimAsAnotherReplica(orphaned.actionId(), Duration.ofMinutes(5)); // longer ago than any action can run
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(stillRunning);
            sendAction(orphaned);

            ActionResult interrupted = awaitResult(results, orphaned.actionId());
            assertThat(interrupted.status()).isEqualTo(ActionStatus.FAILED_TRANSIENT);
            assertThat(interrupted.errorMessage()).startsWith("Interrupted");

            ActionResult theirs = ActionResult.ok(stillRunning, List.of("1234567890"), 1);
            pool.preparedQuery("UPDATE processed_events SET outcome = $3 WHERE consumer = $1 AND event_id = $2")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of("gateway-service", stillRunning.actionId().toString(),
                            new JsonObject(VolvoxJson.MAPPER.writeValueAsString(theirs))))
                    .await().indefinitely();
            ActionResult replay = awaitResult(results, stillRunning.actionId());
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.createdIds()).containsExactly("1234567890");
        }
        assertThat(countMessages(text)).as("neither action was executed here").isZero();
    }

    @Test
    void anIdempotentActionInterruptedOnAnotherReplicaIsRepeated() throws Exception {
        DiscordAction orphaned = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.AddRole(demo.aliceId(), demo.mutedRoleId()));
        claimAsAnotherReplica(orphaned.actionId(), Duration.ofMinutes(5));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(orphaned);

            ActionResult repeated = awaitResult(results, orphaned.actionId());
            assertThat(repeated.status()).isEqualTo(ActionStatus.OK);
        }
        assertThat(discord.member("alice").roles()).contains(demo.mutedRoleId());
        DiscordAction undo = DiscordAction.of(UUID.randomUUID(), demo.guildId(), null, ORIGIN,
                new ActionParams.RemoveRole(demo.aliceId(), demo.mutedRoleId()));
        try (var results = KafkaTopics.consumer(RESULTS)) {
            sendAction(undo);
            assertThat(awaitResult(results, undo.actionId()).status()).isEqualTo(ActionStatus.OK);
        }
    }

    private void claimAsAnotherReplica(UUID actionId, Duration ago) {
        pool.preparedQuery("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ($1, $2, now() - $3 * interval '1 second')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of("gateway-service", actionId.toString(), ago.toSeconds()))
                .await().indefinitely();
    }

    @Test
    void theStartIsRecordedInBotRestarts() {
        await().atMost(Duration.ofSeconds(60)).until(() -> restarts.rowId() != null);
        var row = pool.preparedQuery("SELECT reason, version FROM bot_restarts WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(restarts.rowId())).await().indefinitely().iterator()
                .next();
        assertThat(row.getString("reason")).isEqualTo("startup");
        assertThat(row.getString("version")).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------ helpers

    record Case(ActionParams params, String method, String pathRegex, String bodyContains) {
    }

    private long countMessages(String text) {
        return discord.messages("general").stream().filter(m -> text.equals(m.content())).count();
    }

    private static void sendAction(DiscordAction action) {
        try (var serializer = new VolvoxJsonSerializer()) {
            KafkaTopics.send(Topics.ACTION, action.key(), serializer.serialize(Topics.ACTION, action));
        }
    }

    private static ActionResult awaitResult(KafkaConsumer<String, byte[]> results, UUID actionId) {
        return awaitResults(results, actionId, 1).get(0);
    }

    /** Results read so far per consumer: one poll may bring the results of several actions. */
    private static final Map<KafkaConsumer<String, byte[]>, List<ActionResult>> SEEN =
            new java.util.IdentityHashMap<>();

    private static List<ActionResult> awaitResults(KafkaConsumer<String, byte[]> results, UUID actionId, int count) {
        List<ActionResult> seen = SEEN.computeIfAbsent(results, consumer -> new java.util.ArrayList<>());
        try (var deserializer = new ActionResultDeserializer()) {
            await().atMost(WAIT).until(() -> {
                for (var record : results.poll(Duration.ofMillis(200))) {
                    seen.add(deserializer.deserialize(RESULTS, record.value()));
                }
                return seen.stream().filter(r -> actionId.equals(r.actionId())).count() >= count;
            });
        }
        return seen.stream().filter(r -> actionId.equals(r.actionId())).toList();
    }

    private static boolean contains(ConsumerRecord<String, byte[]> record, String text) {
        return record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(text);
    }

    private static DiscordEvent event(ConsumerRecord<String, byte[]> record) {
        try (var deserializer = new DiscordEventDeserializer()) {
            return deserializer.deserialize(record.topic(), record.value());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
