package bot.volvox.platform.interactions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import bot.volvox.platform.contract.DiscordAction;
import bot.volvox.platform.kafka.VolvoxJson;

/**
 * The actions that answered an interaction, as stored in {@code processed_events.outcome}:
 * {@code {"actions": [<DiscordAction as on discord.action>, ...]}}, so a redelivery republishes them unchanged.
 */
final class RecordedAnswer {
    private static final TypeReference<List<DiscordAction>> ACTIONS = new TypeReference<>() {
    };

    private RecordedAnswer() {
    }

    static String write(List<DiscordAction> actions) {
        try {
            return VolvoxJson.MAPPER.writeValueAsString(
                    VolvoxJson.MAPPER.createObjectNode().set("actions", VolvoxJson.MAPPER.valueToTree(actions)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    static List<DiscordAction> read(String recorded) {
        try {
            return VolvoxJson.MAPPER.readValue(
                    VolvoxJson.MAPPER.readTree(recorded).path("actions").traverse(VolvoxJson.MAPPER), ACTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException("a recorded answer that cannot be read: " + e.getMessage(), e);
        }
    }
}
