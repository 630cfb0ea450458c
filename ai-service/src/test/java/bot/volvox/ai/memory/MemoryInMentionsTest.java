package bot.volvox.ai.memory;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import bot.volvox.ai.testing.AnthropicLocalResource;
import bot.volvox.ai.testing.FakeMem0Resource;
import bot.volvox.anthropiclocal.RecordedRequest;
import bot.volvox.local.testing.VolvoxStackTestResource;
import bot.volvox.platform.contract.ActionParams;
import bot.volvox.platform.contract.DiscordEvent;
import bot.volvox.platform.testing.discord.DiscordEvents;
import bot.volvox.platform.testing.discord.DiscordEvents.Invoker;
import bot.volvox.platform.testing.discord.KafkaGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a memory store: context in the prompt, the exchange stored, /memory view, and opt-outs honoured. */
@QuarkusTest
@TestProfile(MemoryInMentionsTest.WithMemoryStore.class)
class MemoryInMentionsTest {
    static final String BOT = "800000000000000042";
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class WithMemoryStore implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(VolvoxStackTestResource.class),
                    new TestResourceEntry(AnthropicLocalResource.class), new TestResourceEntry(FakeMem0Resource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static ActionParams.SendMessage reply(KafkaGateway gateway, DiscordEvent event) {
        return await().atMost(WAIT).until(() -> gateway.actionsOf(event.id()).stream().map(a -> a.params())
                .filter(ActionParams.SendMessage.class::isInstance).map(ActionParams.SendMessage.class::cast)
                .toList(), list -> !list.isEmpty()).get(0);
    }

    @Test
    void memoriesShapeTheAnswerAndOptedOutMembersAreLeftAlone() {
        KafkaGateway gateway = KafkaGateway.get();
        gateway.reset();
        AnthropicLocalResource.server().reset();
        String guild = DiscordEvents.guild();
        String alice = DiscordEvents.snowflake();
        DiscordEvent asked = DiscordEvents.message(guild, DiscordEvents.snowflake(), alice,
                "<@" + BOT + "> which pet suits me?", List.of(BOT), List.of());
        gateway.publish(asked);
        reply(gateway, asked);
        assertThat(AnthropicLocalResource.server().requests()).extracting(RecordedRequest::body)
                .anySatisfy(body -> assertThat(body).contains("What you know about").contains("likes cats")
                        .contains("which pet suits me?"));
        await().atMost(WAIT).until(() -> FakeMem0Resource.REQUESTS.stream()
                .anyMatch(r -> r.startsWith("POST /v1/memories/ ") && r.contains("\"user_id\":\"" + alice + "\"")));

        DiscordEvent view = DiscordEvents.slash(guild, Invoker.of(alice, DiscordEvents.NO_PERMISSIONS), "memory",
                "view");
        gateway.publish(view);
        assertThat(await().atMost(WAIT).until(() -> gateway.replies(view), r -> !r.isEmpty()).get(0))
                .isEqualTo("🧠 What I remember about you:\n• lives in Oslo\n• likes cats");

        String bob = DiscordEvents.snowflake();
        DiscordEvent optout = DiscordEvents.slash(guild, Invoker.of(bob, DiscordEvents.NO_PERMISSIONS), "memory",
                "optout");
        gateway.publish(optout);
        assertThat(await().atMost(WAIT).until(() -> gateway.replies(optout), r -> !r.isEmpty()).get(0))
                .isEqualTo(MemoryCommands.OPTED_OUT);
        DiscordEvent bobAsks = DiscordEvents.message(guild, DiscordEvents.snowflake(), bob,
                "<@" + BOT + "> remember that I like dogs", List.of(BOT), List.of());
        gateway.publish(bobAsks);
        reply(gateway, bobAsks);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> FakeMem0Resource.REQUESTS.stream().noneMatch(r -> r.contains(bob)));
    }
}
