package bot.volvox.platform.kafka;

import bot.volvox.platform.contract.DiscordEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Value deserializer of {@code discord.message|reaction|interaction|voice|member} and {@code volvox.config}. */
public class DiscordEventDeserializer extends ObjectMapperDeserializer<DiscordEvent> {
    public DiscordEventDeserializer() {
        super(DiscordEvent.class, VolvoxJson.MAPPER);
    }
}
