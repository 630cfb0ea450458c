package bot.volvox.moderation.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.moderation.testing.ModerationTestBase;
import bot.volvox.platform.contract.ActionKind;
import bot.volvox.platform.contract.ActionParams.SelectMenu;
import bot.volvox.platform.contract.ActionParams.SelectMenuType;
import bot.volvox.platform.contract.ActionParams.SelectOption;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.DiscordEvents;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static bot.volvox.platform.testing.discord.DiscordEvents.slash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /modlog setup: the category menu, then a channel menu, then the write. */
@QuarkusTest
@QuarkusTestResource(VolvoxStackTestResource.class)
class ModLogSetupTest extends ModerationTestBase {
    private static final String CHANNEL = "730000000000000042";

    @Test
    void choosingACategoryThenAChannelSetsThatLogChannel() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        DiscordEvent setup = slash(guild, admin, "modlog", "setup");
        send(setup);

        ActionParams.InteractionFollowup menu = followup(setup.id());
        assertThat(menu.ephemeral()).isTrue();
        SelectMenu categories = menu.body().selectMenus().get(0);
        assertThat(categories.type()).isEqualTo(SelectMenuType.STRING);
        assertThat(categories.customId()).startsWith("modlog:category:" + admin.id() + ":");
        assertThat(categories.options()).extracting(SelectOption::value)
                .containsExactly("default", "warns", "bans", "kicks", "timeouts", "purges", "locks");

        DiscordEvent bans = DiscordEvents.select(guild, admin, Instant.now(), categories.customId(), "bans");
        send(bans);
        ActionParams.InteractionFollowup channelMenu = followup(bans.id());
        assertThat(channelMenu.ephemeral()).isTrue();
        SelectMenu channels = channelMenu.body().selectMenus().get(0);
        assertThat(channels.type()).isEqualTo(SelectMenuType.CHANNEL);
        assertThat(channels.customId()).startsWith("modlog:channel:bans:" + admin.id() + ":");

        DiscordEvent chosen = DiscordEvents.select(guild, admin, Instant.now(), channels.customId(), CHANNEL);
        send(chosen);
        assertThat(reply(chosen)).contains("**Bans** logs now go to <#" + CHANNEL + ">");
        assertThat(rows("SELECT value #>> '{logging,channels,bans}' FROM config WHERE guild_id = $1 "
                + "AND key = 'moderation'", guild).get(0).getString(0)).isEqualTo(CHANNEL);

        // a redelivered choice writes the same value and gets the same answer (same action id)
        send(chosen);
        await().atMost(WAIT).until(() -> actionsOf(chosen.id()).size() >= 2);
        assertThat(actionsOf(chosen.id())).extracting(DiscordAction::actionId).containsOnly(
                actionsOf(chosen.id()).get(0).actionId());
    }

    @Test
    void viewShowsTheChannelsAndDisableClearsAllSeven() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        DiscordEvent chosen = DiscordEvents.select(guild, admin, Instant.now(),
                "modlog:channel:kicks:" + admin.id() + ":" + Instant.now().getEpochSecond(), CHANNEL);
        send(chosen);
        assertThat(reply(chosen)).contains("**Kicks** logs now go to");

        DiscordEvent view = slash(guild, admin, "modlog", "view");
        send(view);
        assertThat(reply(view)).contains("kicks: <#" + CHANNEL + ">", "bans: not set");

        DiscordEvent disable = slash(guild, admin, "modlog", "disable");
        send(disable);
        assertThat(reply(disable)).contains("Moderation logging disabled");
        assertThat(rows("SELECT value #> '{logging,channels}' FROM config WHERE guild_id = $1 AND key = 'moderation'",
                guild).get(0).getJsonObject(0).getMap())
                .containsOnlyKeys("default", "warns", "bans", "kicks", "timeouts", "purges", "locks")
                .allSatisfy((category, channel) -> assertThat(channel).isNull());
    }

    @Test
    void anotherUserOrAnExpiredMenuChangesNothing() {
        String guild = DiscordEvents.guild();
        Invoker admin = Invoker.admin();
        long started = Instant.now().getEpochSecond();
        String channelMenu = "modlog:channel:warns:" + admin.id() + ":" + started;

        DiscordEvent stranger = DiscordEvents.select(guild, Invoker.plain(), Instant.now(), channelMenu, CHANNEL);
        send(stranger);
        assertThat(reply(stranger)).contains("Only the moderator who ran `/modlog setup`");

        DiscordEvent late = DiscordEvents.select(guild, admin, Instant.ofEpochSecond(started).plus(Duration.ofMinutes(6)),
                channelMenu, CHANNEL);
        send(late);
        assertThat(reply(late)).contains("This setup expired");

        assertThat(count("SELECT count(*) FROM config WHERE guild_id = $1", guild)).isZero();
    }

    private ActionParams.InteractionFollowup followup(String sourceId) {
        List<DiscordAction> answers = await().atMost(WAIT).until(() -> actionsOf(sourceId).stream()
                .filter(action -> action.kind() == ActionKind.INTERACTION_FOLLOWUP).toList(), list -> !list.isEmpty());
        return (ActionParams.InteractionFollowup) answers.get(0).params();
    }
}
