package bot.volvox.platform.kafka;

import io.quarkus.kafka.client.serialization.ObjectMapperSerializer;

/** Value serializer of every Volvox topic (and of every dead-letter topic). */
public class VolvoxJsonSerializer extends ObjectMapperSerializer<Object> {
    public VolvoxJsonSerializer() {
        super(VolvoxJson.MAPPER);
    }
}
