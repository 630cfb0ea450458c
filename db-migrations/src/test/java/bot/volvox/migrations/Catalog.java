package bot.volvox.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The schema of a database as sorted lines, in the format of {@code expected-catalog.txt}. Bookkeeping
 * tables (Liquibase's, and the original bot's pgmigrations) are not part of the product's schema.
 */
final class Catalog {

    static final String BOOKKEEPING_TABLES = "('databasechangelog', 'databasechangeloglock', 'pgmigrations')";

    private Catalog() {
    }

    static List<String> expected() {
        try (InputStream in = Catalog.class.getResourceAsStream("/expected-catalog.txt")) {
            TreeSet<String> lines = new TreeSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(lines::add);
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> of(TestDatabases.TestDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            TreeSet<String> lines = new TreeSet<>();
            query(statement, "SELECT 'extension ' || extname FROM pg_extension", lines);
            query(statement, """
                    SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                           || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                           || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                    FROM pg_attribute a
                    JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                      AND c.relname NOT IN""" + BOOKKEEPING_TABLES, lines);
            query(statement, """
                    SELECT 'sequence ' || s.relname || ' ' || format_type(q.seqtypid, NULL)
                           || COALESCE(' owned by ' || t.relname || '.' || a.attname, '')
                    FROM pg_class s
                    JOIN pg_sequence q ON q.seqrelid = s.oid
                    JOIN pg_namespace n ON n.oid = s.relnamespace
                    LEFT JOIN pg_depend dep ON dep.objid = s.oid AND dep.classid = 'pg_class'::regclass
                         AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'a'
                    LEFT JOIN pg_class t ON t.oid = dep.refobjid
                    LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
                    WHERE n.nspname = 'public' AND s.relkind = 'S'
                      AND COALESCE(t.relname, '') NOT IN""" + BOOKKEEPING_TABLES, lines);
            query(statement, """
                    SELECT 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
                    FROM pg_constraint con
                    JOIN pg_class c ON c.oid = con.conrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relname NOT IN""" + BOOKKEEPING_TABLES, lines);
            query(statement, """
                    SELECT 'index ' || tablename || '.' || indexname || ' ' || indexdef
                    FROM pg_indexes
                    WHERE schemaname = 'public' AND tablename NOT IN""" + BOOKKEEPING_TABLES, lines);
            // the original bot's schema has none; ours are later migrations (017's wake-ups, 087 dropping one)
            query(statement, """
                    SELECT 'trigger ' || c.relname || '.' || t.tgname || ' ' || pg_get_triggerdef(t.oid)
                    FROM pg_trigger t
                    JOIN pg_class c ON c.oid = t.tgrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND NOT t.tgisinternal AND c.relname NOT IN""" + BOOKKEEPING_TABLES,
                    lines);
            return List.copyOf(lines);
        }
    }

    /** Tables of the product's schema that exist (bookkeeping tables excluded). */
    static List<String> tables(TestDatabases.TestDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            TreeSet<String> tables = new TreeSet<>();
            query(statement, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN"
                    + BOOKKEEPING_TABLES, tables);
            return List.copyOf(tables);
        }
    }

    private static void query(Statement statement, String sql, TreeSet<String> into) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                into.add(rows.getString(1));
            }
        }
    }

    static List<String> difference(List<String> left, List<String> right) {
        List<String> result = new ArrayList<>(left);
        result.removeAll(right);
        return result;
    }
}
