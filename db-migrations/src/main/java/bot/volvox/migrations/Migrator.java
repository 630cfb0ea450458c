package bot.volvox.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeSetStatus;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies, rolls back and reports the Liquibase changelog against one database. Liquibase's own tables
 * (databasechangelog, databasechangeloglock) do the bookkeeping and the locking that the product's
 * pgmigrations table and advisory lock did.
 */
public final class Migrator {

    public static final String MASTER_CHANGELOG = "db/changelog/db.changelog-master.xml";

    /**
     * No analytics call home (there is no network to phone), and Liquibase's console chatter goes to the
     * log instead of stdout, which carries this tool's own report.
     */
    private static final Map<String, Object> QUIET_LIQUIBASE = Map.of(
            "liquibase.analytics.enabled", false,
            "liquibase.command.showSummaryOutput", "log",
            Scope.Attr.ui.name(), new LoggerUIService());

    /** Any fixed 64-bit number that no other code uses as an advisory lock key ("volvox-m" in ASCII). */
    static final long ADVISORY_LOCK_KEY = 0x766f6c766f782d6dL;

    private final DataSource dataSource;
    private final String changeLog;
    private final ResourceAccessor resources;

    public Migrator(DataSource dataSource) {
        this(dataSource, MASTER_CHANGELOG, new ClassLoaderResourceAccessor(Migrator.class.getClassLoader()));
    }

    /** A changelog found through {@code resources}, e.g. a source-tree folder (tests of 'migrate create'). */
    Migrator(DataSource dataSource, String changeLog, ResourceAccessor resources) {
        this.dataSource = dataSource;
        this.changeLog = changeLog;
        this.resources = resources;
    }

    /** Applies every pending changeset; returns the ones this run recorded, in order. */
    public List<AppliedChangeSet> migrate() {
        return withLiquibase(liquibase -> {
            List<AppliedChangeSet> applied = Collections.synchronizedList(new ArrayList<>());
            liquibase.setChangeExecListener(new AbstractChangeExecListener() {
                @Override
                public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType execType) {
                    applied.add(new AppliedChangeSet(changeSet.getId(), execType.name()));
                }
            });
            liquibase.update(new Contexts(), new LabelExpression());
            return List.copyOf(applied);
        });
    }

    /** Rolls back the {@code count} most recently applied changesets; returns their ids, newest first. */
    public List<String> rollback(int count) {
        if (count < 1) {
            throw new MigrationException("the number of migrations to roll back must be at least 1, was " + count);
        }
        return withLiquibase(liquibase -> {
            List<RanChangeSet> ran = new ArrayList<>(liquibase.getDatabase().getRanChangeSetList());
            if (count > ran.size()) {
                throw new MigrationException("cannot roll back " + count + " migrations: only " + ran.size() + " applied");
            }
            List<String> rolledBack = Collections.synchronizedList(new ArrayList<>());
            liquibase.setChangeExecListener(new AbstractChangeExecListener() {
                @Override
                public void rolledBack(ChangeSet changeSet, DatabaseChangeLog log, Database database) {
                    rolledBack.add(changeSet.getId());
                }
            });
            liquibase.rollback(count, new Contexts(), new LabelExpression());
            return List.copyOf(rolledBack);
        });
    }

    /** Every changeset of the changelog, in order, with whether (and how) it has been applied. */
    public List<MigrationStatus> status() {
        return withLiquibase(liquibase -> {
            List<MigrationStatus> result = new ArrayList<>();
            for (ChangeSetStatus status : liquibase.getChangeSetStatuses(new Contexts(), new LabelExpression())) {
                RanChangeSet ran = status.getRanChangeSet();
                result.add(new MigrationStatus(
                        status.getChangeSet().getId(),
                        status.getPreviouslyRan(),
                        ran == null ? null : ran.getExecType().name(),
                        ran == null || ran.getDateExecuted() == null ? null : ran.getDateExecuted().toInstant()));
            }
            return result;
        });
    }

    private <T> T withLiquibase(LiquibaseWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            holdMigrationLock(connection);
            return Scope.child(QUIET_LIQUIBASE, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Liquibase liquibase = new Liquibase(changeLog, resources, database);
                return work.apply(liquibase);
            });
        } catch (MigrationException e) {
            throw e;
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to the database: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new MigrationException(MigrationException.rootMessage(e), e);
        }
    }

    /**
     * Serialises every run against one database with a session-level advisory lock (released when the
     * connection closes), as node-pg-migrate did. Liquibase's own lock table is not enough on an empty
     * database: two runs that both find no databasechangeloglock create and initialise it concurrently,
     * and both then run 001 (measured: the second fails on "duplicate key ... pg_type_typname_nsp_index").
     */
    private static void holdMigrationLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
        }
    }

    @FunctionalInterface
    private interface LiquibaseWork<T> {
        T apply(Liquibase liquibase) throws LiquibaseException;
    }

    /** A changeset recorded by a run: {@code execType} is EXECUTED, or MARK_RAN when it was adopted. */
    public record AppliedChangeSet(String id, String execType) {
    }

    public record MigrationStatus(String id, boolean applied, String execType, java.time.Instant appliedAt) {
    }

}
