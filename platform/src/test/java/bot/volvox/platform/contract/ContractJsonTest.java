package bot.volvox.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.kafka.ActionResultDeserializer;
import bot.volvox.platform.kafka.DiscordActionDeserializer;
import bot.volvox.platform.kafka.DiscordEventDeserializer;
import bot.volvox.platform.kafka.VolvoxJson;
import bot.volvox.platform.kafka.VolvoxJsonSerializer;

class ContractJsonTest {
    private final VolvoxJsonSerializer serializer = new VolvoxJsonSerializer();

    @Test
    void everyEventTypeSurvivesTheKafkaSerdeUnchanged() {
        var types = new java.util.HashSet<String>();
        try (var deserializer = new DiscordEventDeserializer()) {
            for (DiscordEvent event : ContractExamples.events()) {
                byte[] bytes = serializer.serialize(event.topic(), event);
                assertThat(deserializer.deserialize(event.topic(), bytes)).isEqualTo(event);
                types.add(event.type());
            }
        }
        assertThat(types).hasSize(EventPayload.class.getAnnotation(
                com.fasterxml.jackson.annotation.JsonSubTypes.class).value().length);
    }

    @Test
    void everyActionKindSurvivesTheKafkaSerdeUnchanged() {
        var kinds = EnumSet.noneOf(ActionKind.class);
        try (var deserializer = new DiscordActionDeserializer()) {
            for (DiscordAction action : ContractExamples.actions()) {
                byte[] bytes = serializer.serialize(Topics.ACTION, action);
                assertThat(deserializer.deserialize(Topics.ACTION, bytes)).isEqualTo(action);
                kinds.add(action.kind());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(ActionKind.values());
    }

    @Test
    void resultsSurviveTheKafkaSerdeUnchanged() {
        try (var deserializer = new ActionResultDeserializer()) {
            for (ActionResult result : ContractExamples.results()) {
                assertThat(deserializer.deserialize(result.topic(),
                        serializer.serialize(result.topic(), result))).isEqualTo(result);
            }
        }
    }

    @Test
    void timesAreIsoStringsAndPayloadsCarryTheirType() throws Exception {
        var event = ContractExamples.events().get(0);
        var tree = VolvoxJson.MAPPER.readTree(serializer.serialize(Topics.MESSAGE, event));
        assertThat(tree.get("occurredAt").asText()).isEqualTo("2026-11-28T18:00:00Z");
        assertThat(tree.get("type").asText()).isEqualTo("message.created");
        assertThat(tree.get("payload").get("type").asText()).isEqualTo("message.created");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void unknownFieldsFromNewerWritersAreIgnored() {
        String json = """
                {"actionId":"5e0f6b1a-0000-4000-8000-000000000099","kind":"KICK","schemaVersion":2,
                 "guildId":"1","futureField":{"x":1},
                 "params":{"kind":"KICK","userId":"2","alsoNew":true}}""";
        try (var deserializer = new DiscordActionDeserializer()) {
            DiscordAction action = deserializer.deserialize(Topics.ACTION, json.getBytes());
            assertThat(action.params()).isEqualTo(new ActionParams.Kick("2"));
            assertThat(action.actionId()).isEqualTo(UUID.fromString("5e0f6b1a-0000-4000-8000-000000000099"));
        }
    }

    @Test
    void aThreadMessageKeepsItsParentChannelAndAnOlderMessageReadsAsNotInAThread() throws Exception {
        DiscordEvent event = ContractExamples.events().stream()
                .filter(e -> e.payload() instanceof EventPayload.MessageCreated).findFirst().orElseThrow();
        EventPayload.Message plain = ((EventPayload.MessageCreated) event.payload()).message();
        EventPayload.Message threaded = new EventPayload.Message("1100000000000000099", plain.messageId(),
                plain.author(), plain.content(), plain.attachments(), plain.mentionedUserIds(),
                plain.mentionedRoleIds(), plain.mentionsEveryone(), null, null, plain.memberRoleIds(),
                plain.createdAt(), null, null, null, plain.channelId());
        DiscordEvent inThread = DiscordEvent.of(event.id(), event.occurredAt(), event.guildId(),
                new EventPayload.MessageCreated(threaded));
        try (var deserializer = new DiscordEventDeserializer()) {
            DiscordEvent read = deserializer.deserialize(Topics.MESSAGE, serializer.serialize(Topics.MESSAGE, inThread));
            assertThat(((EventPayload.MessageCreated) read.payload()).message().parentChannelId())
                    .isEqualTo(plain.channelId());
            var tree = (ObjectNode) VolvoxJson.MAPPER.readTree(serializer.serialize(Topics.MESSAGE, event));
            assertThat(tree.get("payload").get("message").has("parentChannelId")).isFalse();
            DiscordEvent old = deserializer.deserialize(Topics.MESSAGE, VolvoxJson.MAPPER.writeValueAsBytes(tree));
            assertThat(((EventPayload.MessageCreated) old.payload()).message().parentChannelId()).isNull();
        }
    }

    @Test
    void anInteractionWrittenBeforeTheBotPositionExistedStillReads() throws Exception {
        DiscordEvent event = ContractExamples.events().stream()
                .filter(e -> e.payload() instanceof EventPayload.SlashCommand).findFirst().orElseThrow();
        var tree = (ObjectNode) VolvoxJson.MAPPER
                .readTree(serializer.serialize(event.topic(), event));
        var interaction = (ObjectNode) tree.get("payload").get("interaction");
        assertThat(interaction.remove("botTopRolePosition").asInt()).isEqualTo(5);
        try (var deserializer = new DiscordEventDeserializer()) {
            DiscordEvent read = deserializer.deserialize(event.topic(), VolvoxJson.MAPPER.writeValueAsBytes(tree));
            var slash = (EventPayload.SlashCommand) read.payload();
            assertThat(slash.interaction().botTopRolePosition()).isNull();
            assertThat(slash.interaction().topRolePosition()).isEqualTo(3);
            assertThat(slash.commandName()).isEqualTo(((EventPayload.SlashCommand) event.payload()).commandName());
        }
    }

    @Test
    void malformedRecordsFailToDeserialize() {
        try (var deserializer = new DiscordActionDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize(Topics.ACTION, "{not json".getBytes()))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> deserializer.deserialize(Topics.ACTION,
                    "{\"kind\":\"KICK\",\"params\":{\"kind\":\"KICK\",\"userId\":\"2\"}}".getBytes()))
                    .hasStackTraceContaining("actionId");
            assertThatThrownBy(() -> deserializer.deserialize(Topics.ACTION,
                    "{\"actionId\":\"5e0f6b1a-0000-4000-8000-000000000099\",\"params\":{\"kind\":\"NUKE\"}}"
                            .getBytes()))
                    .hasStackTraceContaining("NUKE");
        }
    }

    @Test
    void keysAreTheGuildOrTheDirectMessageUser() {
        assertThat(ContractExamples.events().get(0).key()).isEqualTo(ContractExamples.GUILD);
        var dm = ContractExamples.actions().stream().filter(a -> a.kind() == ActionKind.SEND_DM).findFirst()
                .orElseThrow();
        assertThat(dm.key()).isEqualTo("dm:" + ContractExamples.BOB.id());
        var dmMessage = DiscordEvent.of("1", ContractExamples.AT, null,
                ((EventPayload.MessageCreated) ContractExamples.events().get(0).payload()));
        assertThat(dmMessage.key()).isEqualTo("dm:" + ContractExamples.ALICE.id());
        assertThat(Topics.dlq(Topics.ACTION)).isEqualTo("discord.action.dlq");
    }

    @Test
    void envelopeTypeMustMatchThePayload() {
        var payload = new EventPayload.VoiceLeft("1", "2");
        assertThatThrownBy(() -> new DiscordEvent("x", "voice.joined", 1, ContractExamples.AT, "g", payload))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscordAction(UUID.randomUUID(), ActionKind.BAN, 1, null, "g", null, null,
                new ActionParams.Kick("1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
