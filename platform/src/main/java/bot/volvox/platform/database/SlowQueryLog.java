package bot.volvox.platform.database;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.micrometer.core.instrument.Counter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Times every statement that runs through a Vert.x SQL pool — the reactive PG client and Hibernate Reactive
 * both borrow their connections from it — and logs slow ones at WARN and failed ones at ERROR, with the SQL
 * text (first 500 characters) but never the bind values.
 *
 * <p>Why a proxy: Vert.x allows one metrics SPI and one tracer per Vert.x instance and Quarkus already owns
 * both (Micrometer, OpenTelemetry); wrapping the pool is the one hook that sees every statement without
 * taking them away.
 *
 * <p>It also counts the statements sent ({@code volvox_database_statements_total}; one per {@code execute} or
 * {@code executeBatch}, so the round trips a feature costs can be measured; a transaction's BEGIN and COMMIT are not
 * counted).
 */
public final class SlowQueryLog {

    static final String LOGGER = "bot.volvox.platform.database.SlowQuery";
    static final int MAX_SQL = 500;

    private static final Logger LOG = Logger.getLogger(LOGGER);

    public static final String STATEMENTS_METRIC = "volvox.database.statements";

    private final long thresholdNanos;
    private final long thresholdMs;
    private final Counter statements;

    public SlowQueryLog(long thresholdMs) {
        this(thresholdMs, null);
    }

    /** {@code statements} counts every statement sent; null counts nothing. */
    public SlowQueryLog(long thresholdMs, Counter statements) {
        this.thresholdMs = thresholdMs;
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMs);
        this.statements = statements;
    }

    /** A pool that behaves exactly like {@code pool} (same interfaces, e.g. PgPool) and logs its statements. */
    @SuppressWarnings("unchecked")
    public <P extends Pool> P wrap(P pool) {
        return (P) client(pool);
    }

    void report(String sql, long elapsedNanos, Throwable failure) {
        long ms = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        if (failure != null) {
            // the error message can quote a bound value (e.g. "invalid input syntax: \"...\""): log its code only
            String code = failure instanceof PgException pg ? "SQLSTATE " + pg.getSqlState() : failure.getClass().getSimpleName();
            LOG.errorf("Query failed after %d ms (%s): %s", ms, code, excerpt(sql));
        } else if (elapsedNanos >= thresholdNanos) {
            LOG.warnf("Slow query detected: %d ms (threshold %d ms): %s", ms, thresholdMs, excerpt(sql));
        }
    }

    static String excerpt(String sql) {
        String flat = sql.strip();
        return flat.length() <= MAX_SQL ? flat : flat.substring(0, MAX_SQL) + "…";
    }

    private Object client(Object target) {
        return proxy(target, (proxy, method, args) -> {
            String name = method.getName();
            if ((name.equals("query") || name.equals("preparedQuery")) && args != null && args[0] instanceof String sql) {
                return statement(invoke(target, method, args), sql);
            }
            if (name.equals("getConnection") && Future.class.isAssignableFrom(method.getReturnType())) {
                return ((Future<SqlConnection>) invoke(target, method, args)).map(c -> (SqlConnection) client(c));
            }
            if ((name.equals("withConnection") || name.equals("withTransaction")) && args != null) {
                Object[] wrapped = args.clone();
                for (int i = 0; i < wrapped.length; i++) {
                    if (wrapped[i] instanceof Function<?, ?> function) {
                        Function<SqlConnection, Object> original = (Function<SqlConnection, Object>) function;
                        wrapped[i] = (Function<SqlConnection, Object>) c -> original.apply((SqlConnection) client(c));
                    }
                }
                return invoke(target, method, wrapped);
            }
            return invoke(target, method, args);
        });
    }

    private Object statement(Object target, String sql) {
        return proxy(target, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("execute") || name.equals("executeBatch")) {
                if (statements != null) {
                    statements.increment();
                }
                long start = System.nanoTime();
                Object[] actual = args;
                if (args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> handler) {
                    Handler<AsyncResult<Object>> original = (Handler<AsyncResult<Object>>) handler;
                    actual = args.clone();
                    actual[actual.length - 1] = (Handler<AsyncResult<Object>>) ar -> {
                        report(sql, System.nanoTime() - start, ar.cause());
                        original.handle(ar);
                    };
                }
                Object result = invoke(target, method, actual);
                if (result instanceof Future<?> future) {
                    return future.onComplete(ar -> report(sql, System.nanoTime() - start, ar.cause()));
                }
                return result;
            }
            Object result = invoke(target, method, args);
            // mapping(...) / collecting(...) return a new query for the same SQL
            return result != null && result != target && method.getReturnType().isInterface()
                    && method.getReturnType().getName().startsWith("io.vertx.sqlclient.") ? statement(result, sql) : result;
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The public interfaces of each implementation class, walked once: a statement's proxy is made per statement, and
     * walking the class hierarchy every time showed up in profiles of the consumers' hot paths.
     */
    private static final ClassValue<Class<?>[]> PUBLIC_INTERFACES = new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> implementation) {
            Set<Class<?>> interfaces = new LinkedHashSet<>();
            for (Class<?> type = implementation; type != null; type = type.getSuperclass()) {
                collectPublicInterfaces(type, interfaces);
            }
            return interfaces.toArray(Class<?>[]::new);
        }
    };

    private static Object proxy(Object target, InvocationHandler handler) {
        return Proxy.newProxyInstance(target.getClass().getClassLoader(), PUBLIC_INTERFACES.get(target.getClass()), handler);
    }

    private static void collectPublicInterfaces(Class<?> type, Set<Class<?>> into) {
        for (Class<?> iface : type.getInterfaces()) {
            if (Modifier.isPublic(iface.getModifiers())) {
                into.add(iface);
            }
            collectPublicInterfaces(iface, into);
        }
    }
}
