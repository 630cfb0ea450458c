package bot.volvox.platform.testing.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What a domain service's {@code @QuarkusTest}s share: the fake gateway on real Kafka, emptied before and after each
 * test, and the service's own database pool for reading what it stored.
 */
public abstract class DomainServiceTestBase {

    @Inject
    protected Pool pool;

    protected KafkaGateway gateway;

    @BeforeEach
    void connectGateway() {
        gateway = KafkaGateway.get();
        gateway.reset();
    }

    @AfterEach
    void resetGateway() {
        gateway.reset();
    }

    protected List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    /** The first column of the first row of a {@code SELECT count(*)}-like query. */
    protected long count(String sql, Object... params) {
        return rows(sql, params).get(0).getLong(0);
    }
}
