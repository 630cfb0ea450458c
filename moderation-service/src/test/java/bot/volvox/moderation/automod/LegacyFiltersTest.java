package bot.volvox.moderation.automod;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.config.ConfigWriter;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.message;
import static bot.volvox.platform.testing.discord.DiscordEvents.snowflake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The original's filters as a migrated guild configured them: {@code moderation.rateLimit},
 * {@code moderation.linkFilter}, the spam patterns, {@code alertChannelId} and {@code autoDelete}.
 */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class LegacyFiltersTest extends ModerationTestBase {
    static final String CHANNEL = "720000000000000001";
    static final String OTHER_CHANNEL = "720000000000000002";
    static final String ALERTS = "720000000000000009";

    @Inject
    ConfigWriter writer;

    private String guildWith(String path, String json) throws Exception {
        String guild = DiscordEvents.guild();
        set(guild, path, json);
        return guild;
    }

    private void set(String guild, String path, String json) throws Exception {
        writer.set(guild, path, VolvoxJson.MAPPER.readTree(json), "test").await().atMost(Duration.ofSeconds(10));
    }

    private static String source(DiscordEvent message) {
        return LegacyFilters.SOURCE_PREFIX + ((bot.volvox.platform.contract.EventPayload.MessageCreated) message
                .payload()).message().channelId() + ":" + message.id();
    }

    private List<DiscordAction> actions(DiscordEvent message) {
        return actionsOf(source(message));
    }

    private boolean deleted(DiscordEvent message) {
        return actions(message).stream().anyMatch(a -> a.kind() == ActionKind.DELETE_MESSAGE
                && ((ActionParams.DeleteMessage) a.params()).messageId().equals(message.id()));
    }

    private static ActionParams.Embed alertIn(List<DiscordAction> actions) {
        return actions.stream().filter(a -> a.kind() == ActionKind.SEND_MESSAGE)
                .map(a -> (ActionParams.SendMessage) a.params()).filter(m -> m.channelId().equals(ALERTS))
                .findFirst().orElseThrow().body().embeds().get(0);
    }

    private DiscordEvent say(String guild, String channel, String author, String text) {
        DiscordEvent event = message(guild, channel, author, text, List.of(), List.of());
        send(event);
        return event;
    }

    @Test
    void rateLimitDeletesTheExcessWarnsOnceThenTimesOutOnTheThirdTriggerWithAnAlert() throws Exception {
        String guild = guildWith("moderation.rateLimit", """
                {"enabled": true, "maxMessages": 2, "windowSeconds": 60, "muteAfterTriggers": 3,
                 "muteWindowSeconds": 300, "muteDurationSeconds": 600}""");
        set(guild, "moderation.alertChannelId", "\"" + ALERTS + "\"");
        String author = snowflake();
        List<DiscordEvent> burst = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            burst.add(say(guild, CHANNEL, author, "message " + i));
        }
        DiscordEvent elsewhere = say(guild, OTHER_CHANNEL, author, "per channel");

        await().atMost(WAIT).until(() -> deleted(burst.get(2)) && deleted(burst.get(3)) && deleted(burst.get(4)));
        assertThat(deleted(burst.get(0)) || deleted(burst.get(1))).isFalse();
        // 1st trigger: the "too fast" notice in the channel, deleted 10 s after it is posted
        DiscordAction notice = actions(burst.get(2)).stream().filter(a -> a.kind() == ActionKind.SEND_MESSAGE)
                .findFirst().orElseThrow();
        assertThat(KafkaGatewayText.of(notice)).isEqualTo("⚠️ <@" + author + ">, you're sending messages too fast! "
                + "Limit: 2 messages per 60 seconds.");
        assertThat(((ActionParams.SendMessage) notice.params()).channelId()).isEqualTo(CHANNEL);
        String noticeId = await().atMost(WAIT).until(() -> gateway.resultOf(notice.actionId()), r -> r != null)
                .createdIds().get(0);
        await().atMost(WAIT).until(() -> actions(burst.get(2)).stream().anyMatch(a -> a.kind() == ActionKind.DELETE_MESSAGE
                && ((ActionParams.DeleteMessage) a.params()).messageId().equals(noticeId)));
        // 2nd trigger: only the deletion
        assertThat(actions(burst.get(3))).extracting(DiscordAction::kind).containsOnly(ActionKind.DELETE_MESSAGE);
        // 3rd trigger: a timeout and the alert
        await().atMost(WAIT).until(() -> actions(burst.get(4)).stream().anyMatch(a -> a.kind() == ActionKind.TIMEOUT));
        ActionParams.Timeout timeout = (ActionParams.Timeout) actions(burst.get(4)).stream()
                .filter(a -> a.kind() == ActionKind.TIMEOUT).findFirst().orElseThrow().params();
        assertThat(timeout.userId()).isEqualTo(author);
        assertThat(timeout.until()).isBetween(java.time.Instant.now().plusSeconds(500),
                java.time.Instant.now().plusSeconds(601));
        ActionParams.Embed alert = alertIn(actions(burst.get(4)));
        assertThat(alert.title()).isEqualTo("⏱️ Rate Limit: Temp-Mute Applied");
        assertThat(alert.fields()).extracting(ActionParams.EmbedField::value)
                .contains("10 minute(s)", "Repeated rate limit violations (3 triggers in 5 minutes)");
        assertThat(deleted(elsewhere)).isFalse();
        // as in the original: no case, no warning, no audit row
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
        assertThat(count("SELECT count(*) FROM audit_logs WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void administratorsAndLegacyModRolesByIdOrNameAreExempt() throws Exception {
        String guild = guildWith("moderation.rateLimit", """
                {"enabled": true, "maxMessages": 1, "windowSeconds": 60}""");
        set(guild, "moderation.linkFilter", """
                {"enabled": true, "blockedDomains": ["evil.example"]}""");
        set(guild, "permissions.modRoles", "[\"Helpers\", \"730000000000000007\"]");
        String admin = snowflake();
        String helperByName = snowflake();
        String helperById = snowflake();
        String plain = snowflake();
        List<DiscordEvent> exempt = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            exempt.add(message(guild, CHANNEL, admin, "evil.example " + i, List.of(), List.of(),
                    DiscordEvents.ADMINISTRATOR, List.of()));
            exempt.add(message(guild, CHANNEL, helperByName, "evil.example " + i, List.of(),
                    List.of("730000000000000001"), DiscordEvents.NO_PERMISSIONS, List.of("Helpers")));
            exempt.add(message(guild, CHANNEL, helperById, "evil.example " + i, List.of(),
                    List.of("730000000000000007"), DiscordEvents.NO_PERMISSIONS, List.of("Other")));
        }
        exempt.forEach(this::send);
        DiscordEvent first = say(guild, CHANNEL, plain, "hello");
        DiscordEvent second = say(guild, CHANNEL, plain, "hello again");

        await().atMost(WAIT).until(() -> deleted(second));
        assertThat(deleted(first)).isFalse();
        assertThat(exempt).noneMatch(this::deleted);
    }

    @Test
    void linkFilterBlocksPhishingPatternsAndBlockedDomainsEvenWrittenBare() throws Exception {
        String guild = guildWith("moderation.linkFilter", """
                {"enabled": true, "blockedDomains": ["WWW.Evil.Example."]}""");
        set(guild, "moderation.alertChannelId", "\"" + ALERTS + "\"");
        String author = snowflake();
        DiscordEvent bare = say(guild, CHANNEL, author, "look at (sub.evil.example/page).");
        DiscordEvent markdown = say(guild, CHANNEL, author, "[docs](https://evil.example/x)");
        DiscordEvent nitro = say(guild, CHANNEL, author, "claim it: free-nitro.gift");
        DiscordEvent xyz = say(guild, CHANNEL, author, "https://login.xyz/steam/claim");
        DiscordEvent clean = say(guild, CHANNEL, author, "see example.org and notevil.example and v1.2");

        await().atMost(WAIT).until(() -> deleted(bare) && deleted(markdown) && deleted(nitro) && deleted(xyz));
        assertThat(alertIn(actions(bare)).title()).isEqualTo("🔗 Suspicious Link (Blocklisted Domain) Detected");
        assertThat(alertIn(actions(bare)).fields()).extracting(ActionParams.EmbedField::value)
                .contains("`sub.evil.example`", "look at (sub.evil.example/page).");
        assertThat(alertIn(actions(nitro)).title()).isEqualTo("🔗 Suspicious Link (Phishing Pattern) Detected");
        assertThat(alertIn(actions(nitro)).fields()).extracting(ActionParams.EmbedField::value)
                .contains("`free-nitro.gift`");
        assertThat(alertIn(actions(xyz)).title()).contains("Phishing Pattern");
        assertThat(deleted(clean)).isFalse();
        assertThat(count("SELECT count(*) FROM mod_cases WHERE guild_id = $1", guild)).isZero();
    }

    @Test
    void spamPatternsAlertDeleteOnlyWithAutoDeleteAndStopTheRulesAfterThem() throws Exception {
        String guild = guildWith("moderation.alertChannelId", "\"" + ALERTS + "\"");
        set(guild, "moderation.autoDelete", "true");
        String admin = snowflake();
        // no exemption from the spam patterns, as in the original
        DiscordEvent spam = message(guild, CHANNEL, admin, "Get FREE bitcoin now", List.of(), List.of(),
                DiscordEvents.ADMINISTRATOR, List.of());
        send(spam);
        await().atMost(WAIT).until(() -> deleted(spam));
        ActionParams.Embed alert = alertIn(actions(spam));
        assertThat(alert.title()).isEqualTo("⚠️ Potential Spam Detected");
        assertThat(alert.fields()).extracting(ActionParams.EmbedField::value).contains("<@" + admin + ">",
                "Get FREE bitcoin now", "[Jump](https://discord.com/channels/" + guild + "/" + CHANNEL + "/"
                        + spam.id() + ")");

        // without autoDelete: the alert only; without an alert channel: nothing, and the rules after it do not run
        String quiet = guildWith("moderation.automod", """
                {"enabled": true, "words": {"enabled": true, "words": ["claim"]}}""");
        DiscordEvent silent = say(quiet, CHANNEL, snowflake(), "airdrop: claim yours");
        DiscordEvent word = say(quiet, CHANNEL, snowflake(), "claim");
        await().atMost(WAIT).until(() -> actionsOf("automod:" + word.id()).stream()
                .anyMatch(a -> a.kind() == ActionKind.DELETE_MESSAGE));
        assertThat(actions(silent)).isEmpty();
        assertThat(actionsOf("automod:" + silent.id())).isEmpty();

        String alertOnly = guildWith("moderation.alertChannelId", "\"" + ALERTS + "\"");
        DiscordEvent kept = say(alertOnly, CHANNEL, snowflake(), "guaranteed profit, trust me");
        await().atMost(WAIT).until(() -> !actions(kept).isEmpty());
        assertThat(actions(kept)).extracting(DiscordAction::kind).containsOnly(ActionKind.SEND_MESSAGE);
    }

    /** The text of a SEND_MESSAGE. */
    static final class KafkaGatewayText {
        static String of(DiscordAction action) {
            return bot.volvox.platform.testing.discord.KafkaGateway.text(((ActionParams.SendMessage) action.params())
                    .body());
        }
    }
}
