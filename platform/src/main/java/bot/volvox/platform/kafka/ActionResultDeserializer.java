package bot.volvox.platform.kafka;

import bot.volvox.platform.contract.ActionResult;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Value deserializer of {@code discord.action-result}. */
public class ActionResultDeserializer extends ObjectMapperDeserializer<ActionResult> {
    public ActionResultDeserializer() {
        super(ActionResult.class, VolvoxJson.MAPPER);
    }
}
