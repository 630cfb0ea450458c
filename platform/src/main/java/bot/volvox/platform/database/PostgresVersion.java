package bot.volvox.platform.database;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/** The product needs PostgreSQL 17 or later (README, "Settings"): older servers are refused at start-up. */
public final class PostgresVersion {

    public static final int MINIMUM_VERSION_NUM = 170000;

    private PostgresVersion() {
    }

    /** Empty when {@code serverVersionNum} is supported, else the message to stop with. */
    public static Optional<String> refusal(int serverVersionNum, String serverVersion) {
        if (serverVersionNum >= MINIMUM_VERSION_NUM) {
            return Optional.empty();
        }
        return Optional.of("PostgreSQL 17 or later is required, server is " + serverVersion
                + " (server_version_num " + serverVersionNum + ")");
    }

    /** Asks the server; the future holds the refusal (empty = supported) or fails when the server is unreachable. */
    public static Future<Optional<String>> check(SqlClient client) {
        return client.query("SELECT current_setting('server_version_num')::int, current_setting('server_version')")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return refusal(row.getInteger(0), row.getString(1));
                });
    }
}
