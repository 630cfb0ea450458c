package bot.volvox.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.sandbox.InteractionState;
import bot.volvox.sandbox.RecordedCall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system scaled out on one machine: 2 gateway replicas holding 2 of 4 shards each, 2 moderation, 2 ai,
 * 2 analytics and 3 scheduler processes, every topic with 4 partitions, the sandbox serving one guild per shard. A
 * mixed load in every guild (moderators' {@code /warn} and {@code /remind}, members' messages, reactions and voice),
 * paced so that two cores defer every command within Discord's 3 s; then one replica of each service is killed with
 * SIGKILL (the gateway's between the loads, and it comes back, as its StatefulSet pod would: its shards have no other
 * holder) and the same load runs again, one replica of each consumer killed half-way through it. Every command is deferred in time and answered exactly once, every case, reminder DM and counted message
 * exists exactly once, and no Discord call fails with 10004 Unknown Guild (an action reaching a replica without its
 * guild's shard).
 */
class ScaleOutEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /** Commands not yet deferred at once: the pace that keeps a loaded 2-core machine within Discord's 3 s. */
    private static final int IN_FLIGHT = 2;
    private static final int WARNS_PER_GUILD = 4;
    private static final int REMINDERS_PER_GUILD = 2;
    private static final int MESSAGES_PER_GUILD = 20;

    private static ScaledOutSystem system;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private final List<Command> commands = new ArrayList<>();
    private final int[] messagesSent = new int[16];

    /** One command run in a guild, and what it must have caused. */
    record Command(int guild, String interactionId, String kind, String marker) {
    }

    @BeforeAll
    static void startScaledOut() {
        system = ScaledOutSystem.start(new ScaledOutSystem.Shape(2, 2, 2, 2, 2, 3, 4));
        for (int guild = 0; guild < guilds(); guild++) {
            DiscordSandbox sandbox = system.sandbox().inGuild(guild);
            Map.of("engagement.enabled", "true", "voice.enabled", "true").forEach((path, value) -> {
                String id = sandbox.runSlashCommand("admin", "general", "config set",
                        Map.of("path", path, "value", value));
                await("/config set " + path).atMost(PATIENCE).until(() -> sandbox.interaction(id).answer() != null);
                assertThat(sandbox.interaction(id).answer()).as("/config set " + path).startsWith("✅");
            });
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static int guilds() {
        return system.shape().shardTotal();
    }

    @Test
    void everyCommandAndEffectExactlyOnceAcrossAKillNineOfOneReplicaOfEachService() throws Exception {
        assertThat(system.sandbox().guilds()).extracting(guild -> system.gatewayOf(guild.guildId()).index)
                .as("guilds on both gateway replicas").contains(0, 1);

        runMixedLoad("before", () -> { });
        verify("before");

        // the killed gateway's shards have no other holder: it comes back, as its pod would; interactions sent to
        // a shard while no process holds it are lost at Discord too, so it is killed between the loads
        system.kill(system.replicas("gateway-service").get(1));
        system.restart(system.replicas("gateway-service").get(1));
        // the consumers are killed in the middle of the load, with records in flight on their partitions
        runMixedLoad("after", () -> {
            for (String service : List.of("moderation-service", "ai-service", "analytics-service",
                    "scheduler-service")) {
                system.kill(system.replicas(service).get(1));
            }
        });
        verify("after");

        List<RecordedCall> unknownGuild = system.sandbox().calls().stream().filter(call -> call.errorCode() == 10004)
                .toList();
        assertThat(unknownGuild).as("Discord calls answered 10004 Unknown Guild").isEmpty();
    }

    /** Commands, messages, a reaction and a voice session in every guild, commands paced by their deferrals. */
    private void runMixedLoad(String phase, Runnable atHalf) {
        List<String> pending = new ArrayList<>();
        int rounds = Math.max(WARNS_PER_GUILD, MESSAGES_PER_GUILD);
        for (int round = 0; round < rounds; round++) {
            if (round == WARNS_PER_GUILD / 2) {
                atHalf.run();
            }
            for (int guild = 0; guild < guilds(); guild++) {
                DiscordSandbox sandbox = system.sandbox().inGuild(guild);
                if (round < MESSAGES_PER_GUILD) {
                    String message = sandbox.sendMessage("alice", "general", "scaleout " + RUN + " " + phase + " "
                            + round);
                    messagesSent[guild]++;
                    if (round == 0) {
                        sandbox.react("bob", message, "👍");
                        sandbox.joinVoice("carol", "Lounge");
                    }
                }
                if (round < WARNS_PER_GUILD) {
                    String marker = "scaleout " + RUN + " " + phase + " warn " + guild + "-" + round;
                    paced(pending, guild, "warn", marker, () -> sandbox.runSlashCommand("moderator", "general",
                            "warn", Map.of("user", "bob", "reason", marker)));
                }
                if (round < REMINDERS_PER_GUILD) {
                    String marker = "scaleout-" + RUN + "-" + phase + "-remind-" + guild + "-" + round;
                    paced(pending, guild, "remind", marker, () -> sandbox.runSlashCommand("moderator", "general",
                            "remind me", Map.of("when", "in 5 seconds", "message", marker)));
                }
            }
        }
        for (int guild = 0; guild < guilds(); guild++) {
            system.sandbox().inGuild(guild).leaveVoice("carol");
        }
    }

    private void paced(List<String> pending, int guild, String kind, String marker,
                       java.util.function.Supplier<String> run) {
        DiscordSandbox sandbox = system.sandbox().inGuild(guild);
        await("an earlier command deferred").atMost(Duration.ofSeconds(10)).until(() -> {
            pending.removeIf(id -> acknowledgedOrRefused(id));
            return pending.size() < IN_FLIGHT;
        });
        String id = run.get();
        pending.add(guild + ":" + id);
        commands.add(new Command(guild, id, kind, marker));
    }

    private static boolean acknowledgedOrRefused(String pendingId) {
        String[] parts = pendingId.split(":");
        InteractionState state = system.sandbox().inGuild(Integer.parseInt(parts[0])).interaction(parts[1]);
        return state.acknowledged() || state.rejectedCallbacks() > 0;
    }

    private void verify(String phase) throws Exception {
        List<Command> ofPhase = commands.stream().filter(command -> command.marker().contains(" " + phase + " ")
                || command.marker().contains("-" + phase + "-")).toList();
        for (Command command : ofPhase) {
            DiscordSandbox sandbox = system.sandbox().inGuild(command.guild());
            await("/" + command.kind() + " " + command.marker() + " answered").atMost(PATIENCE)
                    .until(() -> sandbox.interaction(command.interactionId()).answer() != null);
            InteractionState state = sandbox.interaction(command.interactionId());
            assertThat(state.deferred()).as(command.marker() + " deferred").isTrue();
            assertThat(state.rejectedCallbacks()).as(command.marker() + " callbacks refused (late or twice)").isZero();
            assertThat(state.callbackElapsedMs()).as(command.marker() + " deferred within 3 s").isBetween(0L, 3000L);
            assertThat(state.answer()).as(command.marker()).doesNotStartWith("❌");
        }
        for (int guild = 0; guild < guilds(); guild++) {
            DemoGuild demo = system.sandbox().guilds().get(guild);
            int g = guild;
            await("every case of guild " + guild).atMost(PATIENCE).until(() -> count(
                    "SELECT count(*) FROM mod_cases WHERE guild_id = ? AND reason LIKE ?", demo.guildId(),
                    "scaleout " + RUN + " " + phase + " %") >= WARNS_PER_GUILD);
            await("alice's messages counted in guild " + guild).atMost(PATIENCE).until(() -> count(
                    "SELECT coalesce(sum(messages_sent), 0) FROM user_stats WHERE guild_id = ? AND user_id = ?",
                    demo.guildId(), demo.aliceId()) >= messagesSent[g]);
            await("carol's voice session closed in guild " + guild).atMost(PATIENCE).until(() -> count(
                    "SELECT count(*) FROM voice_sessions WHERE guild_id = ? AND user_id = ? AND left_at IS NULL",
                    demo.guildId(), demo.carolId()) == 0);
            DiscordSandbox sandbox = system.sandbox().inGuild(guild);
            await("the reminders' DMs in guild " + guild).atMost(PATIENCE).until(() -> reminderDms(sandbox, phase)
                    >= REMINDERS_PER_GUILD);
        }
        // what came late and twice would come within this: the totals must stay exact for 5 s
        await("cases, messages and reminder DMs exactly once, for 5 s").during(Duration.ofSeconds(5))
                .atMost(PATIENCE).until(() -> exactlyOnce(phase, messagesSent));
        for (int guild = 0; guild < guilds(); guild++) {
            DemoGuild demo = system.sandbox().guilds().get(guild);
            DiscordSandbox sandbox = system.sandbox().inGuild(guild);
            assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = ? AND reason LIKE ?", demo.guildId(),
                    "scaleout " + RUN + " " + phase + " %")).as("cases of guild " + guild).isEqualTo(WARNS_PER_GUILD);
            assertThat(count("SELECT count(DISTINCT case_number) FROM mod_cases WHERE guild_id = ?", demo.guildId()))
                    .as("case numbers of guild " + guild + " distinct")
                    .isEqualTo(count("SELECT count(*) FROM mod_cases WHERE guild_id = ?", demo.guildId()));
            assertThat(count("SELECT coalesce(sum(messages_sent), 0) FROM user_stats WHERE guild_id = ? AND user_id = ?",
                    demo.guildId(), demo.aliceId())).as("alice's messages in guild " + guild)
                    .isEqualTo(messagesSent[guild]);
            assertThat(reminderDms(sandbox, phase)).as("reminder DMs in guild " + guild)
                    .isEqualTo(REMINDERS_PER_GUILD);
        }
        for (Command command : ofPhase) {
            InteractionState state = system.sandbox().inGuild(command.guild()).interaction(command.interactionId());
            long answers = system.sandbox().calls().stream().filter(call -> call.path().contains(state.token()))
                    .filter(call -> call.is("PATCH", "webhooks/\\d+/[^/]+/messages/@original")
                            || call.is("POST", "webhooks/\\d+/[^/]+"))
                    .count();
            assertThat(answers).as(command.marker() + " answered once").isEqualTo(1);
        }
        System.out.printf("scale-out %s: %d commands, %d messages in %d guilds; load average %s%n", phase,
                ofPhase.size(), java.util.Arrays.stream(messagesSent).sum(), guilds(), loadAverage());
    }

    /** Whether every guild's cases, alice's counted messages and the reminder DMs of {@code phase} are exact. */
    private static boolean exactlyOnce(String phase, int[] messagesSent) throws SQLException {
        for (int guild = 0; guild < guilds(); guild++) {
            DemoGuild demo = system.sandbox().guilds().get(guild);
            if (count("SELECT count(*) FROM mod_cases WHERE guild_id = ? AND reason LIKE ?", demo.guildId(),
                    "scaleout " + RUN + " " + phase + " %") != WARNS_PER_GUILD
                    || count("SELECT coalesce(sum(messages_sent), 0) FROM user_stats WHERE guild_id = ? AND user_id = ?",
                            demo.guildId(), demo.aliceId()) != messagesSent[guild]
                    || reminderDms(system.sandbox().inGuild(guild), phase) != REMINDERS_PER_GUILD) {
                return false;
            }
        }
        return true;
    }

    private static long reminderDms(DiscordSandbox sandbox, String phase) {
        return sandbox.directMessages("moderator").stream()
                .filter(message -> message.fromBot() && (message.content() + message.embeds())
                        .contains("scaleout-" + RUN + "-" + phase + "-remind-"))
                .count();
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long count(String sql, String... parameters) throws SQLException {
        try (Connection connection = system.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
