package bot.volvox.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Discord's REST rules and error codes, the gateway handshake and sharding, and the /sandbox HTTP API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private DiscordSandbox sandbox;
    private DemoGuild demo;

    @BeforeAll
    void start() {
        sandbox = DiscordSandbox.start(0);
        demo = sandbox.demo();
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @BeforeEach
    void freshGuild() {
        sandbox.reset();
    }

    private HttpResponse<String> rest(String method, String path, Object body) {
        return send(method, sandbox.restBaseUrl() + path, body, "Bot " + sandbox.botToken());
    }

    private HttpResponse<String> sandboxApi(String method, String path, Object body) {
        return send(method, sandbox.sandboxApiUrl() + path, body, null);
    }

    private HttpResponse<String> send(String method, String url, Object body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int code(HttpResponse<String> response) {
        return new JsonObject(response.body()).getInteger("code");
    }

    @Test
    void restNeedsTheBotToken() {
        HttpResponse<String> anonymous = send("GET", sandbox.restBaseUrl() + "users/@me", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body())).isEqualTo(new JsonObject().put("message", "401: Unauthorized")
                .put("code", 0));
        assertThat(send("GET", sandbox.restBaseUrl() + "users/@me", null, "Bot wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> self = rest("GET", "users/@me", null);
        assertThat(self.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(self.body()).getString("id")).isEqualTo(demo.botUserId());
        assertThat(self.headers().firstValue("X-RateLimit-Bucket")).isPresent();
        assertThat(self.headers().firstValue("X-RateLimit-Remaining")).hasValue("49");
    }

    /** Discord sends no Content-Type with a 204; clients that see "application/json" may try to parse nothing. */
    @Test
    void noContentAnswersCarryNoContentType() {
        String general = "channels/" + demo.generalChannelId();
        String guild = "guilds/" + demo.guildId();
        String message = sandbox.sendMessage("alice", "general", "react to me");
        String other = sandbox.sendMessage("bob", "general", "and me");
        String third = sandbox.sendMessage("bob", "general", "me too");
        sandbox.react("alice", message, "🔥");
        String command = new JsonArray(rest("PUT", "applications/" + demo.applicationId() + "/commands",
                "[{\"name\":\"ping\",\"description\":\"pong\"}]").body()).getJsonObject(0).getString("id");
        List<String[]> noContentCalls = List.of(
                new String[]{"PUT", general + "/messages/" + message + "/reactions/%F0%9F%91%8D/@me", null},
                new String[]{"DELETE", general + "/messages/" + message + "/reactions/%F0%9F%91%8D/@me", null},
                new String[]{"DELETE", general + "/messages/" + message + "/reactions/%F0%9F%94%A5/" + demo.aliceId(), null},
                new String[]{"POST", general + "/typing", null},
                new String[]{"PUT", general + "/permissions/" + demo.mutedRoleId(), "{\"type\":0,\"allow\":\"0\",\"deny\":\"2048\"}"},
                new String[]{"DELETE", general + "/permissions/" + demo.mutedRoleId(), null},
                new String[]{"DELETE", general + "/messages/" + message, null},
                new String[]{"POST", general + "/messages/bulk-delete", "{\"messages\":[\"" + other + "\",\"" + third + "\"]}"},
                new String[]{"PUT", guild + "/members/" + demo.aliceId() + "/roles/" + demo.mutedRoleId(), null},
                new String[]{"DELETE", guild + "/members/" + demo.aliceId() + "/roles/" + demo.mutedRoleId(), null},
                new String[]{"DELETE", guild + "/members/" + demo.bobId(), null},
                new String[]{"PUT", guild + "/bans/" + demo.carolId(), "{}"},
                new String[]{"DELETE", guild + "/bans/" + demo.carolId(), null},
                new String[]{"DELETE", "applications/" + demo.applicationId() + "/commands/" + command, null});
        for (String[] call : noContentCalls) {
            HttpResponse<String> response = rest(call[0], call[1], call[2]);
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(204);
            assertThat(response.headers().firstValue("Content-Type")).as(call[0] + " " + call[1]).isEmpty();
            assertThat(response.body()).isEmpty();
        }
        HttpResponse<String> withContent = rest("GET", general, null);
        assertThat(withContent.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void unknownEntitiesAnswerWithDiscordErrorCodes() {
        String guild = "guilds/" + demo.guildId();
        assertThat(code(rest("GET", guild + "/members/123456789012345678", null))).isEqualTo(10007);
        assertThat(code(rest("GET", "channels/123456789012345678", null))).isEqualTo(10003);
        assertThat(code(rest("GET", "channels/" + demo.generalChannelId() + "/messages/123456789012345678", null)))
                .isEqualTo(10008);
        HttpResponse<String> unban = rest("DELETE", guild + "/bans/" + demo.aliceId(), null);
        assertThat(unban.statusCode()).isEqualTo(404);
        assertThat(code(unban)).isEqualTo(10026);
    }

    @Test
    void theBotCannotActOnTheOwnerOrAboveItsTopRole() {
        String guild = "guilds/" + demo.guildId();
        for (String user : List.of(demo.ownerId(), demo.adminId())) {
            HttpResponse<String> ban = rest("PUT", guild + "/bans/" + user, new JsonObject());
            assertThat(ban.statusCode()).isEqualTo(403);
            assertThat(new JsonObject(ban.body()).getString("message")).isEqualTo("Missing Permissions");
            assertThat(code(ban)).isEqualTo(50013);
        }
        assertThat(sandbox.member("admin").inGuild()).isTrue();

        HttpResponse<String> kick = send("DELETE", sandbox.restBaseUrl() + guild + "/members/" + demo.moderatorId(),
                null, "Bot " + sandbox.botToken());
        assertThat(kick.statusCode()).isEqualTo(204);
        assertThat(sandbox.member("moderator").inGuild()).isFalse();
    }

    @Test
    void timeoutsAreLimitedTo28Days() {
        String member = "guilds/" + demo.guildId() + "/members/" + demo.aliceId();
        HttpResponse<String> tooLong = rest("PATCH", member, new JsonObject().put("communication_disabled_until",
                sandbox.now().plus(Duration.ofDays(29)).toString()));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(code(tooLong)).isEqualTo(50035);
        assertThat(new JsonObject(tooLong.body()).getJsonObject("errors").containsKey("communication_disabled_until"))
                .isTrue();

        Instant until = sandbox.now().plus(Duration.ofHours(1));
        assertThat(rest("PATCH", member, new JsonObject().put("communication_disabled_until", until.toString()))
                .statusCode()).isEqualTo(200);
        assertThat(sandbox.member("alice").timeoutUntil()).isEqualTo(until);

        rest("PATCH", member, new JsonObject().putNull("communication_disabled_until"));
        assertThat(sandbox.member("alice").timeoutUntil()).isNull();
    }

    @Test
    void messagesFollowDiscordsContentRulesAndKeepAllowedMentions() {
        String messages = "channels/" + demo.generalChannelId() + "/messages";
        assertThat(code(rest("POST", messages, new JsonObject().put("content", "")))).isEqualTo(50006);
        assertThat(code(rest("POST", messages, new JsonObject().put("content", "y".repeat(2001))))).isEqualTo(50035);

        JsonObject allowedMentions = new JsonObject().put("parse", new JsonArray().add("users"));
        HttpResponse<String> sent = rest("POST", messages, new JsonObject().put("content", "@everyone hi")
                .put("allowed_mentions", allowedMentions));
        assertThat(sent.statusCode()).isEqualTo(200);
        String id = new JsonObject(sent.body()).getString("id");
        assertThat(sandbox.message(id).orElseThrow().allowedMentions()).isEqualTo(allowedMentions.encode());

        String other = sandbox.sendMessage("bob", "general", "spam");
        HttpResponse<String> single = rest("POST", messages + "/bulk-delete", new JsonObject()
                .put("messages", new JsonArray().add(id)));
        assertThat(code(single)).isEqualTo(50035);
        assertThat(rest("POST", messages + "/bulk-delete", new JsonObject()
                .put("messages", new JsonArray().add(id).add(other))).statusCode()).isEqualTo(204);
        assertThat(sandbox.messages("general")).isEmpty();
    }

    private List<String> historyIds(String query) {
        HttpResponse<String> page = rest("GET", "channels/" + demo.generalChannelId() + "/messages" + query, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return new JsonArray(page.body()).stream().map(m -> ((JsonObject) m).getString("id")).toList();
    }

    @Test
    void messageHistoryIsNewestFirstAndPagesLikeDiscord() {
        Instant now = sandbox.now();
        String weeksOld = sandbox.postPastMessage("alice", "general", "old", now.minus(Duration.ofDays(20)), List.of());
        String daysOld = sandbox.postPastMessage("bob", "general", "log attached", now.minus(Duration.ofDays(3)),
                List.of("log.txt"));
        String first = sandbox.sendMessage("alice", "general", "one");
        String second = sandbox.sendMessage("bob", "general", "two");
        String third = sandbox.sendMessage("alice", "general", "three");

        assertThat(historyIds("")).containsExactly(third, second, first, daysOld, weeksOld);
        assertThat(historyIds("?limit=2")).containsExactly(third, second);
        assertThat(historyIds("?limit=2&before=" + second)).containsExactly(first, daysOld);
        assertThat(historyIds("?limit=2&after=" + weeksOld)).containsExactly(first, daysOld);
        assertThat(historyIds("?limit=3&around=" + first)).containsExactly(second, first, daysOld);
        assertThat(historyIds("?limit=1&around=" + first)).containsExactly(first);
        for (String limit : List.of("0", "101", "x")) {
            HttpResponse<String> refused = rest("GET", "channels/" + demo.generalChannelId() + "/messages?limit="
                    + limit, null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(code(refused)).isEqualTo(50035);
        }
        JsonObject withFile = new JsonObject(rest("GET", "channels/" + demo.generalChannelId() + "/messages/" + daysOld,
                null).body());
        assertThat(withFile.getJsonArray("attachments").getJsonObject(0).getString("filename")).isEqualTo("log.txt");
        assertThat(withFile.getString("timestamp")).isEqualTo(sandbox.message(daysOld).orElseThrow().timestamp()
                .toString());
    }

    @Test
    void bulkDeleteTakesTwoToAHundredMessagesYoungerThanTwoWeeks() {
        String messages = "channels/" + demo.generalChannelId() + "/messages";
        String weeksOld = sandbox.postPastMessage("alice", "general", "old", sandbox.now().minus(Duration.ofDays(15)),
                List.of());
        String fresh = sandbox.sendMessage("alice", "general", "fresh");
        String fresher = sandbox.sendMessage("bob", "general", "fresher");

        HttpResponse<String> tooOld = rest("POST", messages + "/bulk-delete", new JsonObject()
                .put("messages", new JsonArray().add(weeksOld).add(fresh)));
        assertThat(tooOld.statusCode()).isEqualTo(400);
        assertThat(code(tooOld)).isEqualTo(50034);
        JsonArray hundredAndOne = new JsonArray();
        for (int i = 0; i < 101; i++) {
            hundredAndOne.add(fresh);
        }
        assertThat(code(rest("POST", messages + "/bulk-delete", new JsonObject().put("messages", hundredAndOne))))
                .isEqualTo(50035);
        assertThat(sandbox.messages("general")).extracting(DiscordSandbox.SandboxMessage::id)
                .containsExactly(weeksOld, fresh, fresher);

        assertThat(rest("POST", messages + "/bulk-delete", new JsonObject()
                .put("messages", new JsonArray().add(fresh).add(fresher))).statusCode()).isEqualTo(204);
        assertThat(rest("DELETE", messages + "/" + weeksOld, null).statusCode()).isEqualTo(204);
        assertThat(sandbox.messages("general")).isEmpty();
        assertThat(code(rest("DELETE", messages + "/" + weeksOld, null))).isEqualTo(10008);
    }

    @Test
    void aDmToAMemberWithClosedDmsFails() {
        HttpResponse<String> dm = rest("POST", "users/@me/channels", new JsonObject().put("recipient_id",
                demo.carolId()));
        String channelId = new JsonObject(dm.body()).getString("id");
        HttpResponse<String> sent = rest("POST", "channels/" + channelId + "/messages", new JsonObject()
                .put("content", "You were warned"));
        assertThat(sent.statusCode()).isEqualTo(403);
        assertThat(code(sent)).isEqualTo(50007);
        assertThat(new JsonObject(sent.body()).getString("message")).isEqualTo("Cannot send messages to this user");
    }

    @Test
    void interactionCallbacksFollowDiscordsDeadlines() {
        String first = sandbox.runSlashCommand("alice", "general", "ping", Map.of());
        String token = sandbox.interaction(first).token();
        JsonObject defer = new JsonObject().put("type", 5).put("data", new JsonObject().put("flags", 64));
        assertThat(rest("POST", "interactions/" + first + "/" + token + "/callback", defer).statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = rest("POST", "interactions/" + first + "/" + token + "/callback", defer);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(code(again)).isEqualTo(40060);
        assertThat(sandbox.interaction(first).rejectedCallbacks()).isEqualTo(1);
        assertThat(sandbox.interaction(first).ephemeral()).isTrue();

        String late = sandbox.runSlashCommand("alice", "general", "ping", Map.of());
        sandbox.advanceClock(Duration.ofSeconds(4));
        HttpResponse<String> tooLate = rest("POST", "interactions/" + late + "/" + sandbox.interaction(late).token()
                + "/callback", defer);
        assertThat(code(tooLate)).isEqualTo(10062);
        assertThat(sandbox.interaction(late).acknowledged()).isFalse();

        String followup = "webhooks/" + demo.applicationId() + "/" + token;
        assertThat(rest("POST", followup, new JsonObject().put("content", "done")).statusCode()).isEqualTo(200);
        assertThat(sandbox.interaction(first).originalContent()).isEqualTo("done");
        sandbox.advanceClock(Duration.ofMinutes(15));
        HttpResponse<String> expired = rest("POST", followup, new JsonObject().put("content", "too late"));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(code(expired)).isEqualTo(50027);
    }

    @Test
    void injectedFaultsHitOnlyTheNextMatchingCalls() {
        sandbox.failNext("GET", "users/@me", 500);
        assertThat(rest("GET", "users/@me", null).statusCode()).isEqualTo(500);
        assertThat(rest("GET", "users/@me", null).statusCode()).isEqualTo(200);

        sandbox.rateLimitNext("POST", "channels/\\d+/messages", Duration.ofMillis(2500), 1);
        HttpResponse<String> limited = rest("POST", "channels/" + demo.generalChannelId() + "/messages",
                new JsonObject().put("content", "hi"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(new JsonObject(limited.body()).getDouble("retry_after")).isEqualTo(2.5);
        assertThat(sandbox.messages("general")).isEmpty();
        assertThat(sandbox.calls()).extracting(RecordedCall::status).containsExactly(500, 200, 429);
    }

    @Test
    void theSandboxHttpApiActsAsUsersAndShowsWhatHappened() {
        HttpResponse<String> posted = sandboxApi("POST", "/messages", new JsonObject().put("user", "alice")
                .put("channel", "general").put("content", "hi from http"));
        assertThat(posted.statusCode()).isEqualTo(200);
        String messageId = new JsonObject(posted.body()).getString("id");

        JsonArray messages = new JsonArray(sandboxApi("GET", "/channels/general/messages", null).body());
        assertThat(messages.getJsonObject(0).getString("id")).isEqualTo(messageId);
        assertThat(messages.getJsonObject(0).getString("authorId")).isEqualTo(demo.aliceId());

        assertThat(sandboxApi("POST", "/reactions", new JsonObject().put("user", "bob").put("message", messageId)
                .put("emoji", "🔥")).statusCode()).isEqualTo(200);
        assertThat(sandbox.message(messageId).orElseThrow().reactions()).containsEntry("🔥", List.of(demo.bobId()));

        assertThat(sandboxApi("POST", "/voice", new JsonObject().put("user", "bob").put("channel", "Lounge"))
                .statusCode()).isEqualTo(200);
        assertThat(new JsonObject(sandboxApi("GET", "/members/bob", null).body()).getString("voiceChannelId"))
                .isEqualTo(demo.loungeVoiceChannelId());

        HttpResponse<String> slash = sandboxApi("POST", "/interactions/slash", new JsonObject().put("user", "maya")
                .put("channel", "general").put("command", "warn").put("options", new JsonObject().put("user", "bob")));
        String interactionId = new JsonObject(slash.body()).getString("id");
        JsonObject interaction = new JsonObject(sandboxApi("GET", "/interactions/" + interactionId, null).body());
        assertThat(interaction.getBoolean("acknowledged")).isFalse();
        assertThat(interaction.getString("userId")).isEqualTo(demo.moderatorId());

        rest("GET", "users/@me", null);
        JsonArray calls = new JsonArray(sandboxApi("GET", "/calls", null).body());
        assertThat(calls.getJsonObject(calls.size() - 1).getString("path")).isEqualTo("users/@me");

        HttpResponse<String> unknownUser = sandboxApi("POST", "/messages", new JsonObject().put("user", "nobody")
                .put("channel", "general").put("content", "x"));
        assertThat(unknownUser.statusCode()).isEqualTo(400);
        assertThat(sandboxApi("GET", "/nothing-here", null).statusCode()).isEqualTo(404);

        assertThat(sandboxApi("POST", "/reset", new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(new JsonArray(sandboxApi("GET", "/channels/general/messages", null).body())).isEmpty();
    }

    @Test
    void theDemoCliPostsAsADemoUser() {
        int exit = new CommandLine(new SandboxCli()).execute("--port", Integer.toString(sandbox.port()), "--as", "bob",
                "--follow-ms", "0", "say", "general", "hello", "from", "the", "cli");

        assertThat(exit).isZero();
        assertThat(sandbox.messages("general")).extracting(DiscordSandbox.SandboxMessage::content)
                .containsExactly("hello from the cli");
        assertThat(sandbox.messages("general").get(0).authorId()).isEqualTo(demo.bobId());
    }

    @Test
    void demoHelpPrintsTheUsageWithEveryExampleAndSucceeds() {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cli = SandboxCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));

        assertThat(cli.execute("help")).isZero();
        assertThat(out.toString()).contains("Usage: ./volvox demo", "say", "slash", "watch");
        // one example per line, as typed in a shell
        SandboxCli.EXAMPLES.forEach(example -> assertThat(out.toString().lines())
                .anySatisfy(line -> assertThat(line).contains(example.commandLine())));
    }

    /** A raw gateway client: collects frames and the close code. */
    private final class RawGateway implements WebSocket.Listener {
        final List<JsonObject> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        RawGateway() {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(sandbox.gatewayUrl() + "?v=10&encoding=json"),
                    this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        void identify(String token, int shard, int shards) {
            socket.sendText(new JsonObject().put("op", 2).put("d", new JsonObject().put("token", token)
                    .put("intents", 1 | (1 << 9)).put("shard", new JsonArray().add(shard).add(shards))).encode(), true);
        }

        List<String> dispatchTypes() {
            return frames.stream().filter(frame -> frame.getInteger("op") == 0).map(frame -> frame.getString("t"))
                    .toList();
        }
    }

    @Test
    void aLongPollForCallsAnswersWhenTheBotCallsAndOtherwiseAfterItsWait() throws Exception {
        long mark = sandbox.lastCallSeq();
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() ->
                sandboxApi("GET", "/calls?since=" + mark + "&waitMs=" + Duration.ofMinutes(1).toMillis(), null));

        rest("GET", "users/@me", null);

        JsonArray calls = new JsonArray(waiting.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).body());
        assertThat(calls.size()).isEqualTo(1);
        assertThat(calls.getJsonObject(0).getString("path")).isEqualTo("users/@me");
        long last = calls.getJsonObject(0).getLong("seq");
        assertThat(new JsonArray(sandboxApi("GET", "/calls?since=" + last + "&waitMs=100", null).body())).isEmpty();
    }

    @Test
    void theGatewayServesEachShardItsOwnGuildAndRefusesDuplicatesAndBadTokens() {
        int owningShard = Snowflakes.shardOf(Long.parseLong(demo.guildId()), 2);
        RawGateway owner = new RawGateway();
        RawGateway other = new RawGateway();
        owner.identify(sandbox.botToken(), owningShard, 2);
        other.identify(sandbox.botToken(), 1 - owningShard, 2);

        await().atMost(WAIT).until(() -> owner.dispatchTypes().contains("GUILD_CREATE"));
        await().atMost(WAIT).until(() -> other.dispatchTypes().contains("READY"));
        JsonObject hello = owner.frames.get(0);
        assertThat(hello.getInteger("op")).isEqualTo(10);
        assertThat(hello.getJsonObject("d").getInteger("heartbeat_interval")).isPositive();
        JsonObject ready = owner.frames.get(1).getJsonObject("d");
        assertThat(ready.getString("resume_gateway_url")).isEqualTo(sandbox.gatewayUrl());
        assertThat(ready.getJsonArray("shard")).isEqualTo(new JsonArray().add(owningShard).add(2));
        assertThat(other.dispatchTypes()).containsExactly("READY");

        owner.socket.sendText(new JsonObject().put("op", 1).put("d", 2).encode(), true);
        await().atMost(WAIT).until(() -> owner.frames.stream().anyMatch(frame -> frame.getInteger("op") == 11));

        sandbox.sendMessage("alice", "general", "only for the owning shard");
        await().atMost(WAIT).until(() -> owner.dispatchTypes().contains("MESSAGE_CREATE"));
        assertThat(other.dispatchTypes()).doesNotContain("MESSAGE_CREATE");
        JsonObject created = owner.frames.stream().filter(frame -> "MESSAGE_CREATE".equals(frame.getString("t")))
                .findFirst().orElseThrow().getJsonObject("d");
        assertThat(created.getString("content")).as("no MESSAGE_CONTENT intent").isEmpty();
        assertThat(created.getJsonObject("author").getString("id")).isEqualTo(demo.aliceId());

        RawGateway duplicate = new RawGateway();
        duplicate.identify(sandbox.botToken(), owningShard, 2);
        assertThat(duplicate.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(4005);

        RawGateway impostor = new RawGateway();
        impostor.identify("not-the-token", 0, 1);
        assertThat(impostor.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(4004);

        owner.socket.abort();
        other.socket.abort();
    }
}
