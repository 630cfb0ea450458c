package bot.volvox.e2e;

import bot.volvox.sandbox.DiscordSandbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A moderator's commands in the sandbox guild, through the gateway, Kafka, moderation-service and back. */
class ModerationEndToEndTest extends WholeSystemTest {

    private static final Pattern CASE_NUMBER = Pattern.compile("Case #(\\d+)");

    @Test
    void aModeratorsBanBansTheMemberPostsTheCaseAndAnswersWithItsNumber() {
        String interaction = users.run("moderator", "ban", Map.of("user", "bob", "reason", "raiding the server"));

        String reply = users.awaitReply(interaction);
        assertThat(sandbox.interaction(interaction).deferred()).as("the gateway deferred before the work").isTrue();
        assertThat(reply).contains("bob").containsPattern(CASE_NUMBER);
        String caseNumber = caseNumber(reply);

        assertThat(sandbox.bans()).containsEntry(demo.bobId(), "raiding the server");
        assertThat(sandbox.member("bob").inGuild()).isFalse();
        await("the case in #mod-log").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sandbox.messages("mod-log")).anySatisfy(post -> assertThat(post.embeds())
                        .contains("Case #" + caseNumber + " — BAN")
                        .contains(demo.bobId())
                        .contains("raiding the server")));
    }

    @Test
    void aPlainMemberIsRefusedAndNothingHappens() {
        String reply = users.runAndAwaitReply("carol", "kick", Map.of("user", "admin", "reason", "I do not like them"));

        assertThat(reply).startsWith("❌").contains("permission");
        assertThat(sandbox.member("admin").inGuild()).isTrue();
        assertThat(sandbox.calls()).noneMatch(call -> call.is("DELETE", "guilds/" + demo.guildId() + "/members/" + demo.adminId()));
    }

    @Test
    void anAdminsPurgeDeletesTheChannelsLatestMessages() {
        String kept = sandbox.sendMessage("owner", "announcements", "keep this one");
        List<String> spam = List.of(sandbox.sendMessage("owner", "announcements", "buy now"),
                sandbox.sendMessage("owner", "announcements", "buy now!"),
                sandbox.sendMessage("owner", "announcements", "buy now!!"));

        String reply = users.awaitReply(users.runIn("announcements", "admin", "purge all", Map.of("count", 3)));

        assertThat(reply).contains("Deleted **3** message");
        assertThat(sandbox.messages("announcements")).extracting(DiscordSandbox.SandboxMessage::id)
                .contains(kept).doesNotContainAnyElementsOf(spam);
    }

    private static String caseNumber(String reply) {
        Matcher matcher = CASE_NUMBER.matcher(reply);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
