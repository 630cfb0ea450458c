package bot.volvox.sandbox;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A sandbox serving four guilds to a bot with two shards (two real JDA clients, one per shard, as two gateway
 * replicas would run them): each shard is sent only its guilds and their events, and REST works in every guild.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiGuildSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int GUILDS = 4;
    private static final int SHARDS = 2;

    private DiscordSandbox sandbox;
    private final List<JDA> shards = new ArrayList<>();
    private final List<List<MessageReceivedEvent>> messagesByShard = new ArrayList<>();

    @BeforeAll
    void connectOneJdaPerShard() throws InterruptedException {
        sandbox = DiscordSandbox.start(0, GUILDS);
        for (int shard = 0; shard < SHARDS; shard++) {
            List<MessageReceivedEvent> received = new CopyOnWriteArrayList<>();
            messagesByShard.add(received);
            EventListener listener = event -> {
                if (event instanceof MessageReceivedEvent message) {
                    received.add(message);
                } else if (event instanceof SlashCommandInteractionEvent slash) {
                    slash.deferReply(true).queue(hook -> hook.sendMessage("warned in "
                            + slash.getGuild().getName()).queue());
                }
            };
            shards.add(JDABuilder.createLight(sandbox.botToken(), GatewayIntent.GUILD_MESSAGES,
                            GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_MEMBERS)
                    .useSharding(shard, SHARDS)
                    .setRestConfig(new RestConfig().setBaseUrl(sandbox.restBaseUrl()))
                    .setSessionController(new SessionControllerAdapter() {
                        @Override
                        public String getGateway() {
                            return sandbox.gatewayUrl();
                        }
                    })
                    .setCompression(Compression.NONE)
                    .addEventListeners(listener)
                    .build());
        }
        for (JDA jda : shards) {
            jda.awaitReady();
        }
    }

    @AfterAll
    void shutDown() throws InterruptedException {
        for (JDA jda : shards) {
            jda.shutdownNow();
            jda.awaitShutdown(10, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static int shardOf(DemoGuild guild) {
        return Snowflakes.shardOf(Long.parseLong(guild.guildId()), SHARDS);
    }

    @Test
    void theGuildsCoverEveryShardAndGuildZeroIsTheDemoGuild() {
        List<DemoGuild> guilds = sandbox.guilds();
        assertThat(guilds).hasSize(GUILDS);
        assertThat(guilds.get(0)).isEqualTo(sandbox.demo());
        for (int total = 1; total <= GUILDS; total++) {
            Set<Integer> covered = new HashSet<>();
            for (DemoGuild guild : guilds) {
                covered.add(Snowflakes.shardOf(Long.parseLong(guild.guildId()), total));
            }
            assertThat(covered).as("shards of %d covered", total).hasSize(total);
        }
        assertThat(guilds).extracting(DemoGuild::botUserId).containsOnly(sandbox.demo().botUserId());
        assertThat(guilds).extracting(DemoGuild::aliceId).doesNotHaveDuplicates();
        assertThat(guilds).extracting(DemoGuild::generalChannelId).doesNotHaveDuplicates();
    }

    @Test
    void eachShardIsSentOnlyItsOwnGuilds() {
        for (int shard = 0; shard < SHARDS; shard++) {
            int owner = shard;
            List<String> expected = sandbox.guilds().stream().filter(guild -> shardOf(guild) == owner)
                    .map(DemoGuild::guildId).toList();
            assertThat(expected).isNotEmpty();
            assertThat(shards.get(shard).getGuilds()).extracting(Guild::getId)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aGuildsMessagesReachOnlyItsShardAndTheBotAnswersInThatGuild() {
        for (int index = 0; index < GUILDS; index++) {
            DiscordSandbox guild = sandbox.inGuild(index);
            DemoGuild demo = guild.demo();
            String content = "hello from guild " + index;
            guild.sendMessage("alice", "general", content);
            int owner = shardOf(demo);
            await().atMost(WAIT).until(() -> messagesByShard.get(owner).stream()
                    .anyMatch(event -> event.getMessage().getContentRaw().equals(content)));
            MessageReceivedEvent received = messagesByShard.get(owner).stream()
                    .filter(event -> event.getMessage().getContentRaw().equals(content)).findFirst().orElseThrow();
            assertThat(received.getGuild().getId()).isEqualTo(demo.guildId());
            assertThat(received.getAuthor().getId()).isEqualTo(demo.aliceId());
            assertThat(messagesByShard.get(1 - owner)).noneMatch(event ->
                    event.getMessage().getContentRaw().equals(content));

            String answer = "answer in guild " + index;
            received.getChannel().sendMessage(answer).complete();
            assertThat(guild.messages("general")).anyMatch(message -> message.fromBot()
                    && message.content().equals(answer));
            for (int other = 0; other < GUILDS; other++) {
                if (other != index) {
                    assertThat(sandbox.inGuild(other).messages("general"))
                            .noneMatch(message -> message.content().equals(answer));
                }
            }
        }
    }

    @Test
    void restRoutesAnswerPerGuildAndAGuildOfAnotherShardIsStillKnown() {
        DemoGuild third = sandbox.guilds().get(2);
        JDA owner = shards.get(shardOf(third));
        Guild guild = owner.getGuildById(third.guildId());
        assertThat(guild.getName()).isEqualTo(DemoGuild.NAME + " 3");
        assertThat(guild.retrieveMemberById(third.bobId()).complete().getUser().getName()).isEqualTo("bob");
        assertThatThrownBy(() -> guild.retrieveMemberById(sandbox.demo().bobId()).complete())
                .isInstanceOf(ErrorResponseException.class)
                .satisfies(e -> assertThat(((ErrorResponseException) e).getErrorCode()).isEqualTo(10007));

        guild.kick(net.dv8tion.jda.api.entities.UserSnowflake.fromId(third.carolId())).complete();
        assertThat(sandbox.inGuild(2).member("carol").inGuild()).isFalse();
        assertThat(sandbox.member("carol").inGuild()).isTrue();
    }

    @Test
    void slashCommandsInEveryGuildAreDeferredInTimeByTheirShard() {
        shards.get(0).updateCommands().addCommands(Commands.slash("warn", "Warn a member")
                .addOption(OptionType.USER, "user", "Who", true)).complete();
        for (int index = 0; index < GUILDS; index++) {
            DiscordSandbox guild = sandbox.inGuild(index);
            String interaction = guild.runSlashCommand("moderator", "general", "warn", Map.of("user", "bob"));
            await().atMost(WAIT).until(() -> guild.interaction(interaction).followups().size() == 1);
            InteractionState state = guild.interaction(interaction);
            assertThat(state.deferred()).isTrue();
            assertThat(state.callbackElapsedMs()).isBetween(0L, 3000L);
            String name = index == 0 ? DemoGuild.NAME : DemoGuild.NAME + " " + (index + 1);
            assertThat(state.followups().get(0).content()).isEqualTo("warned in " + name);
        }
        assertThat(sandbox.calls()).noneMatch(call -> call.errorCode() == 10004);
    }
}
