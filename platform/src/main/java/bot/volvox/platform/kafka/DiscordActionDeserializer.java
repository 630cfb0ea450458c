package bot.volvox.platform.kafka;

import bot.volvox.platform.contract.DiscordAction;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Value deserializer of {@code discord.action}. */
public class DiscordActionDeserializer extends ObjectMapperDeserializer<DiscordAction> {
    public DiscordActionDeserializer() {
        super(DiscordAction.class, VolvoxJson.MAPPER);
    }
}
