package bot.volvox.gateway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobalRequestBudgetTest {

    @Test
    void interactionEndpointsAreNotCountedAgainstTheGlobalLimit() {
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/interactions/123/aW50ZXJhY3Rpb24/callback"))
                .isFalse();
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/webhooks/900/aW50ZXJhY3Rpb24/messages/@original"))
                .isFalse();
    }

    @Test
    void everyOtherRequestIsCounted() {
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/channels/42/messages")).isTrue();
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/users/@me/channels")).isTrue();
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/guilds/7/bans/8")).isTrue();
        assertThat(GlobalRequestBudget.countsAgainstGlobalLimit("/api/v10/channels/42/webhooks")).isTrue();
    }
}
