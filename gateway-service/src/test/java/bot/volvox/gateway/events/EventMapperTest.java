package bot.volvox.gateway.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import bot.volvox.gateway.SandboxTestResource;
import bot.volvox.gateway.discord.DiscordConnection;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.sandbox.DemoGuild;
import bot.volvox.sandbox.DiscordSandbox;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.contract.EventPayload;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.voice.GuildVoiceUpdateEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.hooks.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EventMapper}, one row per kind of Discord event: the sandbox acts as a user does, the gateway's own JDA
 * turns Discord's gateway payload into a JDA event, and the row checks what the mapper makes of it. A listener of
 * its own maps every JDA event it sees beside the gateway's, so the mapper is checked on real JDA objects.
 */
@QuarkusTest
@QuarkusTestResource(value = VolvoxStackTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SandboxTestResource.class, restrictToAnnotatedClass = false)
class EventMapperTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<DiscordEvent> MAPPED = new CopyOnWriteArrayList<>();
    static final EventListener MAPPER = EventMapperTest::map;
    static DiscordSandbox discord;
    static DemoGuild demo;

    @Inject
    DiscordConnection connection;

    @BeforeEach
    void listen() {
        discord = SandboxTestResource.sandbox();
        demo = discord.demo();
        await().atMost(WAIT).until(() -> connection.allOwnedShardsConnected());
        connection.shards().removeEventListener(MAPPER);
        connection.shards().addEventListener(MAPPER);
    }

    private static void map(GenericEvent event) {
        DiscordEvent mapped = null;
        if (event instanceof MessageReceivedEvent e) {
            mapped = EventMapper.messageCreated(e);
        } else if (event instanceof MessageUpdateEvent e) {
            mapped = EventMapper.messageUpdated(e);
        } else if (event instanceof MessageDeleteEvent e) {
            mapped = EventMapper.messageDeleted(e);
        } else if (event instanceof MessageReactionAddEvent e) {
            mapped = EventMapper.reactionAdded(e);
        } else if (event instanceof GuildVoiceUpdateEvent e) {
            mapped = EventMapper.voice(e);
        } else if (event instanceof GuildMemberJoinEvent e) {
            mapped = EventMapper.memberJoined(e);
        } else if (event instanceof SlashCommandInteractionEvent e) {
            mapped = EventMapper.slashCommand(e, true);
        }
        if (mapped != null) {
            MAPPED.add(mapped);
        }
    }

    /** A row: what a user does in the sandbox, and what the mapped event must say. */
    record Row(String name, Function<DiscordSandbox, String> act, String type, Consumer<DiscordEvent> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("a message with a mention", sandbox -> sandbox.sendMessage("alice", "general",
                        "hello <@" + sandbox.demo().bobId() + "> row-1"), "message.created", event -> {
                            var message = ((EventPayload.MessageCreated) event.payload()).message();
                            assertThat(event.guildId()).isEqualTo(demo.guildId());
                            assertThat(message.channelId()).isEqualTo(demo.generalChannelId());
                            assertThat(message.author().id()).isEqualTo(demo.aliceId());
                            assertThat(message.author().bot()).isFalse();
                            assertThat(message.content()).endsWith("row-1");
                            assertThat(message.mentionedUserIds()).containsExactly(demo.bobId());
                            assertThat(message.memberRoleIds()).isNotNull();
                            assertThat(message.memberRoleNames()).hasSameSizeAs(message.memberRoleIds());
                            assertThat(message.memberPermissions()).isNotNull().matches("\\d+");
                            assertThat(event.id()).isEqualTo(message.messageId());
                        }),
                new Row("an edit", sandbox -> {
                    String id = sandbox.sendMessage("alice", "general", "before row-2");
                    sandbox.editMessage(id, "after row-2");
                    return id;
                }, "message.updated", event -> assertThat(((EventPayload.MessageUpdated) event.payload()).message()
                        .content()).isEqualTo("after row-2")),
                new Row("a delete", sandbox -> {
                    String id = sandbox.sendMessage("alice", "general", "doomed row-3");
                    sandbox.deleteMessage(id);
                    return id;
                }, "message.deleted", event -> assertThat(((EventPayload.MessageDeleted) event.payload())
                        .channelId()).isEqualTo(demo.generalChannelId())),
                new Row("a reaction", sandbox -> {
                    String id = sandbox.sendMessage("alice", "general", "react row-4");
                    sandbox.react("bob", id, "🔥");
                    return id;
                }, "reaction.added", event -> {
                    var reaction = (EventPayload.ReactionAdded) event.payload();
                    assertThat(reaction.userId()).isEqualTo(demo.bobId());
                    assertThat(reaction.emoji().name()).isEqualTo("🔥");
                    assertThat(reaction.channelId()).isEqualTo(demo.generalChannelId());
                }),
                new Row("joining voice", sandbox -> {
                    sandbox.leaveVoice("carol");
                    sandbox.joinVoice("carol", "Lounge");
                    return sandbox.demo().carolId();
                }, "voice.joined", event -> assertThat(((EventPayload.VoiceJoined) event.payload()).channelId())
                        .isEqualTo(demo.loungeVoiceChannelId())),
                new Row("a member joining", sandbox -> sandbox.memberJoin("rowfive"), "member.joined",
                        event -> assertThat(((EventPayload.MemberJoined) event.payload()).user().username())
                                .isEqualTo("rowfive")),
                new Row("a slash command with a user and a string", sandbox -> sandbox.runSlashCommand("admin",
                        "general", "warn", Map.of("user", sandbox.demo().bobId(), "reason", "row-6")),
                        "interaction.slash-command", event -> {
                            var command = (EventPayload.SlashCommand) event.payload();
                            assertThat(command.commandName()).isEqualTo("warn");
                            assertThat(command.interaction().deferred()).isTrue();
                            assertThat(command.interaction().user().id()).isEqualTo(demo.adminId());
                            assertThat(command.interaction().botTopRolePosition()).isNotNull();
                            assertThat(command.interaction().guildName()).isEqualTo(DemoGuild.NAME);
                            assertThat(command.interaction().guildOwnerId()).isEqualTo(demo.ownerId());
                            assertThat(command.option("reason").value()).isEqualTo("row-6");
                            assertThat(command.option("user").user().user().id()).isEqualTo(demo.bobId());
                            assertThat(command.option("user").user().roleIds()).isNotNull();
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void mapsWhatDiscordSends(Row row) {
        int before = MAPPED.size();
        String subject = row.act().apply(discord);
        DiscordEvent mapped = await().atMost(WAIT).until(() -> MAPPED.stream().skip(before)
                .filter(event -> event.type().equals(row.type()) && mentions(event, subject)).findFirst().orElse(null),
                event -> event != null);
        row.check().accept(mapped);
    }

    /** Whether the mapped event is about {@code subject} (a message, user or interaction id the act returned). */
    private static boolean mentions(DiscordEvent event, String subject) {
        return event.id() != null && event.id().equals(subject) || event.payload().toString().contains(subject);
    }
}
