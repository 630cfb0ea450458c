package bot.volvox.sandbox;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.guild.GuildBanEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The real JDA 6 client, changed only in its REST base URL, gateway URL and compression, against the sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdaAgainstSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private DiscordSandbox sandbox;
    private DemoGuild demo;
    private JDA jda;
    private final List<GenericEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connectJda() throws InterruptedException {
        sandbox = DiscordSandbox.start(0);
        demo = sandbox.demo();
        EventListener recorder = events::add;
        EventListener slashHandler = event -> {
            if (event instanceof ButtonInteractionEvent button) {
                button.editMessage("confirmed by " + button.getUser().getName()).setComponents().queue();
            } else if (event instanceof CommandAutoCompleteInteractionEvent autocomplete) {
                autocomplete.replyChoiceStrings(autocomplete.getFocusedOption().getValue() + "-one").queue();
            } else if (event instanceof ModalInteractionEvent modal) {
                modal.reply("thanks: " + modal.getValue("details").getAsString()).setEphemeral(true).queue();
            } else if (event instanceof SlashCommandInteractionEvent slash && slash.getName().equals("warn")) {
                String target = slash.getOption("user").getAsUser().getId();
                slash.deferReply(true).queue(hook -> hook.sendMessage("Warned <@" + target + ">: "
                        + slash.getOption("reason").getAsString()).queue());
            }
        };
        jda = JDABuilder.createLight(sandbox.botToken(), GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MESSAGES,
                        GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_MESSAGE_REACTIONS,
                        GatewayIntent.GUILD_VOICE_STATES, GatewayIntent.GUILD_MODERATION,
                        GatewayIntent.DIRECT_MESSAGES)
                .setRestConfig(new RestConfig().setBaseUrl(sandbox.restBaseUrl()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return sandbox.gatewayUrl();
                    }
                })
                .setCompression(Compression.NONE)
                .setMemberCachePolicy(MemberCachePolicy.ALL)
                .setChunkingFilter(ChunkingFilter.ALL)
                .enableCache(CacheFlag.VOICE_STATE, CacheFlag.MEMBER_OVERRIDES)
                .addEventListeners(recorder, slashHandler)
                .build();
        jda.awaitReady();
    }

    @AfterAll
    void shutDown() throws InterruptedException {
        if (jda != null) {
            jda.shutdownNow();
            jda.awaitShutdown(10, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Guild guild() {
        return jda.getGuildById(demo.guildId());
    }

    @Test
    void jdaReachesReadyWithTheDemoGuildAndItsMembersCached() {
        assertThat(jda.getStatus()).isEqualTo(JDA.Status.CONNECTED);
        assertThat(jda.getSelfUser().getId()).isEqualTo(demo.botUserId());
        assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(demo.applicationId());
        Guild guild = guild();
        assertThat(guild).isNotNull();
        assertThat(guild.getName()).isEqualTo(DemoGuild.NAME);
        assertThat(guild.getOwnerId()).isEqualTo(demo.ownerId());
        assertThat(guild.getTextChannels()).extracting(channel -> channel.getName())
                .containsExactly("general", "announcements", "mod-log");
        assertThat(guild.getVoiceChannelById(demo.loungeVoiceChannelId()).getName()).isEqualTo("Lounge");
        assertThat(guild.getRoles()).extracting(role -> role.getName())
                .containsExactly("Admin", "Bot", "Moderator", "Member", "Muted", "@everyone");
        assertThat(guild.getMemberCache().size()).isGreaterThanOrEqualTo(7);
        assertThat(guild.getMemberById(demo.moderatorId()).getRoles()).extracting(role -> role.getName())
                .contains("Moderator");
        assertThat(guild.getSelfMember().getRoles()).extracting(role -> role.getId()).containsExactly(demo.botRoleId());
        assertThat(guild.getSelfMember().canInteract(guild.getMemberById(demo.adminId()))).isFalse();
        assertThat(guild.getSelfMember().canInteract(guild.getMemberById(demo.moderatorId()))).isTrue();
        assertThat(sandbox.calls()).anyMatch(call -> call.is("GET", "users/@me") && call.status() == 200);
    }

    @Test
    void aUserMessageReachesJdaWithItsContent() {
        String id = sandbox.sendMessage("alice", "general", "hello from alice");

        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(event -> {
            assertThat(event).isInstanceOf(MessageReceivedEvent.class);
            Message message = ((MessageReceivedEvent) event).getMessage();
            assertThat(message.getId()).isEqualTo(id);
            assertThat(message.getContentRaw()).isEqualTo("hello from alice");
            assertThat(message.getAuthor().getId()).isEqualTo(demo.aliceId());
            assertThat(message.getChannel().getId()).isEqualTo(demo.generalChannelId());
        }));
    }

    @Test
    void aReactionReachesJda() {
        String id = sandbox.sendMessage("bob", "general", "react to me");
        sandbox.react("alice", id, "👍");

        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(event -> {
            assertThat(event).isInstanceOf(MessageReactionAddEvent.class);
            MessageReactionAddEvent reaction = (MessageReactionAddEvent) event;
            assertThat(reaction.getMessageId()).isEqualTo(id);
            assertThat(reaction.getUserId()).isEqualTo(demo.aliceId());
            assertThat(reaction.getEmoji().getName()).isEqualTo("👍");
        }));
    }

    @Test
    void aSlashCommandIsDeferredEphemerallyInTimeAndFollowedUp() {
        jda.updateCommands().addCommands(Commands.slash("warn", "Warn a member")
                .addOption(OptionType.USER, "user", "Who", true)
                .addOption(OptionType.STRING, "reason", "Why", true)).complete();
        assertThat(sandbox.registeredCommandNames()).contains("warn");

        String interactionId = sandbox.runSlashCommand("moderator", "general", "warn",
                Map.of("user", "bob", "reason", "spam links"));

        await().atMost(WAIT).until(() -> sandbox.interaction(interactionId).followups().size() == 1);
        InteractionState state = sandbox.interaction(interactionId);
        assertThat(state.deferred()).isTrue();
        assertThat(state.callbackType()).isEqualTo(5);
        assertThat(state.ephemeral()).isTrue();
        assertThat(state.callbackElapsedMs()).isBetween(0L, 3000L);
        assertThat(state.followups().get(0).content()).isEqualTo("Warned <@" + demo.bobId() + ">: spam links");
        assertThat(state.followups().get(0).ephemeral()).isTrue();
        assertThat(sandbox.messages("general")).noneMatch(message -> message.content().startsWith("Warned"));
    }

    @Test
    void buttonAutocompleteAndModalInteractionsReachJdaAndItsAnswersAreRecorded() {
        Message prompt = guild().getTextChannelById(demo.generalChannelId()).sendMessage("Confirm?")
                .addComponents(ActionRow.of(Button.primary("confirm", "Confirm"))).complete();

        String press = sandbox.pressButton("alice", prompt.getId(), "confirm");
        await().atMost(WAIT).until(() -> sandbox.interaction(press).acknowledged());
        assertThat(sandbox.interaction(press).callbackType()).isEqualTo(7);
        assertThat(sandbox.message(prompt.getId()).orElseThrow().content()).isEqualTo("confirmed by alice");
        assertThat(sandbox.message(prompt.getId()).orElseThrow().components()).isNull();

        String complete = sandbox.autocomplete("bob", "general", "search", Map.of("topic", "jav"), "topic");
        await().atMost(WAIT).until(() -> sandbox.interaction(complete).acknowledged());
        assertThat(sandbox.interaction(complete).callbackType()).isEqualTo(8);
        assertThat(sandbox.interaction(complete).callbackBody()).contains("jav-one");

        String submit = sandbox.submitModal("carol", "general", "report", Map.of("details", "spam in #general"));
        await().atMost(WAIT).until(() -> sandbox.interaction(submit).acknowledged());
        InteractionState modal = sandbox.interaction(submit);
        assertThat(modal.callbackType()).isEqualTo(4);
        assertThat(modal.ephemeral()).isTrue();
        assertThat(modal.callbackContent()).isEqualTo("thanks: spam in #general");
        assertThat(sandbox.messages("general")).noneMatch(message -> message.content().startsWith("thanks"));
    }

    @Test
    void aBanThroughJdaBansTheMemberInTheSandbox() {
        String mallory = sandbox.memberJoin("mallory");
        await().atMost(WAIT).until(() -> guild().getMemberById(mallory) != null);

        guild().ban(UserSnowflake.fromId(mallory), 0, TimeUnit.SECONDS).reason("raid account").complete();

        DiscordSandbox.MemberState state = sandbox.member(mallory);
        assertThat(state.banned()).isTrue();
        assertThat(state.inGuild()).isFalse();
        assertThat(sandbox.bans()).containsEntry(mallory, "raid account");
        assertThat(sandbox.calls()).anyMatch(call -> call.is("PUT", "guilds/\\d+/bans/" + mallory)
                && "raid account".equals(call.auditLogReason()) && call.status() == 204);
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(event -> {
            assertThat(event).isInstanceOf(GuildBanEvent.class);
            assertThat(((GuildBanEvent) event).getUser().getId()).isEqualTo(mallory);
        }));
    }

    @Test
    void everyModerationActionThroughJdaChangesTheSandboxAndComesBackAsAnEvent() {
        long mark = sandbox.lastCallSeq();
        String trent = sandbox.memberJoin("trent");
        String victor = sandbox.memberJoin("victor");
        await().atMost(WAIT).until(() -> guild().getMemberById(trent) != null && guild().getMemberById(victor) != null);
        Member member = guild().getMemberById(trent);
        Role muted = guild().getRoleById(demo.mutedRoleId());
        TextChannel general = guild().getTextChannelById(demo.generalChannelId());

        guild().addRoleToMember(member, muted).reason("muted for spam").complete();
        assertThat(sandbox.member(trent).roles()).contains(demo.mutedRoleId());
        await().atMost(WAIT).until(() -> guild().getMemberById(trent).getRoles().contains(muted));
        guild().removeRoleFromMember(member, muted).complete();
        assertThat(sandbox.member(trent).roles()).doesNotContain(demo.mutedRoleId());

        member.timeoutFor(Duration.ofMinutes(10)).reason("cool down").complete();
        assertThat(sandbox.member(trent).timedOut(sandbox.now())).isTrue();
        await().atMost(WAIT).until(() -> guild().getMemberById(trent).isTimedOut());
        guild().getMemberById(trent).removeTimeout().complete();
        assertThat(sandbox.member(trent).timeoutUntil()).isNull();
        await().atMost(WAIT).until(() -> !guild().getMemberById(trent).isTimedOut());

        general.getManager().setSlowmode(30).reason("slow down").complete();
        await().atMost(WAIT).until(() -> guild().getTextChannelById(demo.generalChannelId()).getSlowmode() == 30);
        general.upsertPermissionOverride(muted).deny(Permission.MESSAGE_ADD_REACTION).complete();
        await().atMost(WAIT).until(() -> guild().getTextChannelById(demo.generalChannelId())
                .getPermissionOverride(muted) != null);
        general.getManager().setSlowmode(0).complete();

        String reactTo = sandbox.sendMessage(trent, "general", "react to this");
        general.addReactionById(reactTo, Emoji.fromUnicode("✅")).complete();
        assertThat(sandbox.message(reactTo).orElseThrow().reactions()).containsEntry("✅", List.of(demo.botUserId()));
        general.deleteMessageById(reactTo).complete();
        assertThat(sandbox.message(reactTo)).isEmpty();
        String first = sandbox.sendMessage(trent, "general", "spam 1");
        String second = sandbox.sendMessage(trent, "general", "spam 2");
        general.deleteMessagesByIds(List.of(first, second)).complete();
        assertThat(sandbox.message(first)).isEmpty();
        assertThat(sandbox.message(second)).isEmpty();

        guild().kick(member).reason("bye").complete();
        assertThat(sandbox.member(trent).inGuild()).isFalse();
        await().atMost(WAIT).until(() -> guild().getMemberById(trent) == null);

        guild().ban(UserSnowflake.fromId(victor), 0, TimeUnit.SECONDS).complete();
        guild().unban(UserSnowflake.fromId(victor)).reason("appeal accepted").complete();
        assertThat(sandbox.bans()).doesNotContainKey(victor);
        assertThat(sandbox.callsSince(mark)).filteredOn(call -> call.status() >= 400).isEmpty();
        assertThat(sandbox.callsSince(mark)).anyMatch(call -> call.is("PATCH", "channels/" + demo.generalChannelId())
                && call.body().contains("\"rate_limit_per_user\":30") && "slow down".equals(call.auditLogReason()));
    }

    @Test
    void contentOver2000CharactersIsRefusedWith50035() {
        // JDA refuses such content itself, so the raw route shows what Discord (the sandbox) answers.
        assertThatThrownBy(() -> guild().getTextChannelById(demo.generalChannelId()).sendMessage("x".repeat(2001)))
                .isInstanceOf(IllegalArgumentException.class);

        RestActionImpl<DataObject> tooLong = new RestActionImpl<>(jda,
                Route.Messages.SEND_MESSAGE.compile(demo.generalChannelId()),
                DataObject.empty().put("content", "x".repeat(2001)));

        assertThatThrownBy(tooLong::complete).isInstanceOfSatisfying(ErrorResponseException.class,
                error -> assertThat(error.getErrorCode()).isEqualTo(50035));
        assertThat(sandbox.messages("general")).noneMatch(message -> message.content().length() > 2000);
    }

    @Test
    void aForcedDisconnectIsResumedAndMissedEventsAreReplayed() {
        int identifiesBefore = sandbox.gatewayIdentifies();
        int resumesBefore = sandbox.gatewayResumes();
        String[] missed = new String[1];

        sandbox.disconnectGatewayAndThen(() -> missed[0] = sandbox.sendMessage("bob", "general", "while you were away"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(event -> {
            assertThat(event).isInstanceOf(MessageReceivedEvent.class);
            assertThat(((MessageReceivedEvent) event).getMessageId()).isEqualTo(missed[0]);
            assertThat(((MessageReceivedEvent) event).getMessage().getContentRaw()).isEqualTo("while you were away");
        }));
        assertThat(sandbox.gatewayResumes()).isEqualTo(resumesBefore + 1);
        assertThat(sandbox.gatewayIdentifies()).isEqualTo(identifiesBefore);
        await().atMost(WAIT).until(() -> jda.getStatus() == JDA.Status.CONNECTED);
    }

    @Test
    void aForced429IsRetriedByJda() {
        long mark = sandbox.lastCallSeq();
        sandbox.rateLimitNext("POST", "channels/" + demo.announcementsChannelId() + "/messages",
                Duration.ofMillis(1000), 1);

        Message sent = guild().getTextChannelById(demo.announcementsChannelId())
                .sendMessage("posted after a rate limit").complete();

        assertThat(sent.getContentRaw()).isEqualTo("posted after a rate limit");
        List<RecordedCall> posts = sandbox.callsSince(mark).stream()
                .filter(call -> call.is("POST", "channels/" + demo.announcementsChannelId() + "/messages")).toList();
        assertThat(posts).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(900));
        assertThat(sandbox.messages("announcements")).extracting(DiscordSandbox.SandboxMessage::content)
                .contains("posted after a rate limit");
    }

    @Test
    void aDmToAMemberWithClosedDmsFailsWith50007() {
        var carol = jda.retrieveUserById(demo.carolId()).complete();

        assertThatThrownBy(() -> carol.openPrivateChannel().flatMap(dm -> dm.sendMessage("hi")).complete())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        error -> assertThat(error.getErrorCode()).isEqualTo(50007));

        jda.retrieveUserById(demo.aliceId()).complete().openPrivateChannel()
                .flatMap(dm -> dm.sendMessage("welcome!")).complete();
        assertThat(sandbox.directMessages("alice")).extracting(DiscordSandbox.SandboxMessage::content)
                .containsExactly("welcome!");
    }
}
