package bot.volvox.platform.failures;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonParseException;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransientFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection refused", new ConnectException("Connection refused"), true),
                Arguments.of("refused, wrapped", new CompletionException(new ConnectException("refused")), true),
                Arguments.of("connection lost mid-query", ClosedConnectionException.INSTANCE, true),
                Arguments.of("admin shutdown 57P01", pg("57P01"), true),
                Arguments.of("cannot connect now 57P03", pg("57P03"), true),
                Arguments.of("connection failure 08006", pg("08006"), true),
                Arguments.of("serialization failure 40001", pg("40001"), true),
                Arguments.of("Kafka not answering", new org.apache.kafka.common.errors.TimeoutException("t"), true),
                Arguments.of("unique violation 23505", pg("23505"), false),
                Arguments.of("undefined column 42703", pg("42703"), false),
                Arguments.of("malformed JSON", new JsonParseException(null, "bad"), false),
                Arguments.of("a bug", new IllegalStateException("bug"), false),
                Arguments.of("a bug about a closed state", new IllegalStateException("connection is closed"), false));
    }

    @ParameterizedTest(name = "{0}: transient = {2}")
    @MethodSource("failures")
    void tellsADependencyAwayFromWrongWork(String what, Throwable failure, boolean transientFailure) {
        assertThat(TransientFailures.isTransient(failure)).isEqualTo(transientFailure);
    }

    @Test
    void retriesTransientFailuresUntilTheDependencyIsBack() {
        AtomicInteger attempts = new AtomicInteger();
        String result = TransientFailures.retried(Uni.createFrom().deferred(() -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new ConnectException("refused"))
                : Uni.createFrom().item("done"))).await().atMost(Duration.ofSeconds(10));
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void doesNotRetryWrongWork() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> TransientFailures.retried(Uni.createFrom().deferred(() -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(pg("23505"));
        })).await().atMost(Duration.ofSeconds(10))).isInstanceOf(PgException.class);
        assertThat(attempts).hasValue(1);
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, null);
    }
}
