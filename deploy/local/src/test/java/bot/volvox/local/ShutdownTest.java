package bot.volvox.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownTest {

    @Test
    void closesNewestFirstAndSkipsWhatWasForgotten() {
        List<String> closed = new ArrayList<>();
        AutoCloseable postgres = () -> closed.add("postgres");
        AutoCloseable kafka = () -> closed.add("kafka");
        AutoCloseable forgotten = () -> closed.add("forgotten");
        AutoCloseable service = () -> {
            closed.add("service");
            throw new IllegalStateException("a failing close does not stop the others");
        };
        Shutdown.Registry registry = new Shutdown.Registry();
        registry.add(postgres);
        registry.add(kafka);
        registry.add(forgotten);
        registry.add(service);
        registry.remove(forgotten);

        registry.closeAll();

        assertThat(closed).containsExactly("service", "kafka", "postgres");
        assertThat(registry.isClosing()).isTrue();
    }
}
