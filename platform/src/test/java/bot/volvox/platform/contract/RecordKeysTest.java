package bot.volvox.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import bot.volvox.platform.contract.ActionParams.MessageBody;

/** Which partition an action lands on: one guild's in order, one user's DMs in order, nothing piled on one key. */
class RecordKeysTest {
    static final Origin ORIGIN = new Origin("moderation-service", "1");

    @Test
    void aGuildsActionsShareTheGuildsKey() {
        DiscordAction action = DiscordAction.of(UUID.randomUUID(), "111", null, ORIGIN,
                new ActionParams.SendDm("222", MessageBody.text("hi")));
        assertThat(action.key()).isEqualTo("111");
    }

    @Test
    void theAnswerToAnInteractionInADmIsKeyedByItsUser() {
        DiscordAction alice = followup("alice-id");
        DiscordAction bob = followup("bob-id");
        assertThat(alice.key()).isEqualTo("dm:alice-id");
        assertThat(bob.key()).isEqualTo("dm:bob-id");
    }

    @Test
    void aGuildlessActionWithoutAUserIsKeyedByItsOwnIdNotByANullUser() {
        DiscordAction first = followup(null);
        DiscordAction second = followup(null);
        assertThat(List.of(first.key(), second.key())).doesNotContain("dm:null").doesNotHaveDuplicates();
        assertThat(first.key()).isEqualTo(first.actionId().toString());
    }

    private static DiscordAction followup(String userId) {
        return DiscordAction.of(UUID.randomUUID(), null, null, ORIGIN,
                new ActionParams.InteractionFollowup("app", "token", MessageBody.text("ok"), true, userId, true));
    }
}
