package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationShape;
import dev.stagegate.migration.source.Version;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies, previews and rolls back migrations with Liquibase under stagegate's rules: a session
 * advisory lock instead of a lock row, {@code lock_timeout}/{@code statement_timeout} on every
 * migration with bounded retries when a lock is not granted, version tags, checksum drift and
 * missing rollbacks refused before anything runs, and INVALID indexes reported after.
 */
public final class MigrationEngine implements AutoCloseable {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final MigrationSet set;
    private final EngineOptions options;
    private final Consumer<MigrationEvent> sink;
    private final LiquibaseRunner liquibase;
    private final History history;
    private final DriftGuard drift;

    public MigrationEngine(Connection connection, MigrationSet set, EngineOptions options, Consumer<MigrationEvent> sink) {
        this.connection = connection;
        this.set = set;
        this.options = options;
        this.sink = sink;
        this.liquibase = new LiquibaseRunner(connection, set);
        this.history = new History(connection);
        this.drift = new DriftGuard(liquibase, history, this::label);
    }

    public MigrationStatus status() {
        try {
            List<AppliedMigration> rows = history.applied();
            Set<String> applied = rows.stream().filter(r -> !r.isTag()).map(AppliedMigration::id).collect(Collectors.toSet());
            List<Migration> done = set.migrations().stream().filter(m -> applied.contains(m.version().text())).toList();
            List<Migration> pending = set.migrations().stream().filter(m -> !applied.contains(m.version().text())).toList();
            Set<String> known = set.migrations().stream().map(m -> m.version().text()).collect(Collectors.toSet());
            List<String> unknown = set.isChangelog() ? List.of() : rows.stream()
                    .filter(r -> !r.isTag() && ChangelogWriter.AUTHOR.equals(r.author()) && !known.contains(r.id()))
                    .map(AppliedMigration::id).toList();
            String current = set.isChangelog() ? history.currentTag().orElse(null)
                    : rows.stream().filter(r -> ChangelogWriter.AUTHOR.equals(r.author()) && set.find(r.id()).isPresent())
                    .reduce((a, b) -> b).map(AppliedMigration::id).orElse(null);
            return new MigrationStatus(current, done, pending, unknown);
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot read the migration history: " + e.getMessage(), e);
        }
    }

    public List<AppliedMigration> history() {
        try {
            return history.applied();
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot read the migration history: " + e.getMessage(), e);
        }
    }

    /**
     * Applies pending migrations up to {@code toVersion} (null: all). A failure is part of the
     * result ({@link MigrationRun#failure()}); exceptions are for refusals before anything ran.
     */
    public MigrationRun migrate(String toVersion) {
        return migrate(toVersion, false);
    }

    /**
     * @param overExisting {@code --baseline none}: the database has objects that are not the migrations' and nothing is
     *                     applied; migrate from the first. Without it, another tool's history is adopted ({@link Adoption})
     */
    public MigrationRun migrate(String toVersion, boolean overExisting) {
        set.requireRunnable();
        long start = System.nanoTime();
        Adoption.decide(set, history, overExisting).ifPresent(a -> {
            baseline(a.version());
            sink.accept(info("Adopted the history of " + a.why() + ": migrations up to " + a.version() + " are recorded as applied, "
                    + "none of them run again"));
        });
        MigrationStatus before = status();
        String target = toVersion == null ? set.latest().map(m -> m.version().text()).orElse(null)
                : set.isChangelog() ? toVersion : knownVersion(toVersion).version().text();
        List<MigrationEvent> events = new ArrayList<>();
        Consumer<MigrationEvent> emit = e -> {
            events.add(e);
            sink.accept(e);
        };
        int retries = 0;
        String failure = null;
        try (AdvisoryLock ignored = AdvisoryLock.acquire(connection, options.lockWait())) {
            // Under the lock, so no other runner changes the history between the checks and the run;
            // drift is refused even when nothing is pending (an edited file is never "up to date").
            drift.refuse();
            MigrationStatus now = status();
            // Said under the lock: a runner that waited for another one reports the version it really starts from.
            emit.accept(info("Current schema version: " + orNone(now.currentVersion())));
            emit.accept(info("Target schema version: " + orNone(target)));
            RollbackRefusal.olderTarget(set, toVersion, target, now.currentVersion());
            // A Liquibase changelog's pending changesets are Liquibase's to work out.
            List<Migration> pending = set.isChangelog() ? List.of() : now.pending().stream()
                    .filter(m -> toVersion == null || m.version().compareTo(new Version(target)) <= 0).toList();
            boolean work = set.isChangelog() || !pending.isEmpty();
            MigrationShape.requireRunnable(pending, false);
            if (!work) {
                emit.accept(info("Nothing to apply: the schema is at version " + orNone(now.currentVersion())));
            }
            SessionLimits.apply(connection, options);
            StatementRunner.PROGRESS.set(line -> emit.accept(info(line)));
            for (int attempt = 0; work; attempt++) {
                try {
                    if (toVersion == null) {
                        liquibase.run("update", Map.of(), new TimingListener(emit, this::label));
                    } else if (set.isChangelog()) {
                        liquibase.run("updateToTag", Map.of("tag", target), new TimingListener(emit, this::label));
                    } else {
                        liquibase.run("updateCount", Map.of("count", pending.size()), new TimingListener(emit, this::label));
                    }
                    break;
                } catch (Exception e) {
                    if (LOCK_NOT_AVAILABLE.equals(MigrationFailure.sqlState(e)) && attempt < options.lockRetries()) {
                        Duration pause = options.retryBackoff().multipliedBy(1L << attempt);
                        emit.accept(new MigrationEvent(MigrationEvent.Type.RETRYING, null, null, null,
                                "lock not granted within lock_timeout " + options.lockTimeout().toMillis()
                                        + " ms; retry " + (attempt + 1) + " of " + options.lockRetries() + " in " + pause.toMillis() + " ms"));
                        retries++;
                        sleep(pause);
                        continue;
                    }
                    if (FailureReport.isValidationFailure(e)) {
                        // Liquibase validated before running anything; say why in our words.
                        drift.refuse();
                    }
                    failure = FailureReport.describe(set, e, events)
                            + (LOCK_NOT_AVAILABLE.equals(MigrationFailure.sqlState(e)) ? LockBlockers.describe(connection) : "");
                    break;
                }
            }
        } finally {
            StatementRunner.PROGRESS.remove();
            SessionLimits.reset(connection);
            tagVersions();
        }
        boolean alive = connectionAlive();
        String after = alive ? versionAfter() : null;
        if (!alive && failure != null) {
            failure += "; the connection was lost, so check the version with `stagegate status`";
        }
        IndexCheck indexes = IndexCheck.of(connection);
        failure = indexes.addTo(failure);
        failure = alive ? FailureReport.nextStep(failure, orNone(after), "fix the statement and run migrate again") : failure;
        List<String> invalid = indexes.invalid();
        if (failure == null) {
            emit.accept(info("New schema version: " + orNone(after)));
        } else {
            emit.accept(info("Schema version after the failure: " + (alive ? orNone(after) : "unknown (the connection was lost)")));
        }
        invalid.forEach(i -> emit.accept(info("INVALID index left behind: " + i + " (drop it and create it again)")));
        return new MigrationRun(before.currentVersion(), after, events, invalid, retries,
                Duration.ofNanos(System.nanoTime() - start), failure);
    }

    /** Rolls back, newest first, to {@code toVersion}; refuses before touching anything when a rollback is missing. */
    public MigrationRun rollback(String toVersion) {
        set.requireRunnable();
        if (set.isChangelog()) {
            return rollbackChangelog(toVersion);
        }
        long start = System.nanoTime();
        // "none": every migration rolled back, the schema as it was before the first
        Migration target = NONE.equals(toVersion) ? null : knownVersion(toVersion);
        List<MigrationEvent> events = new ArrayList<>();
        Consumer<MigrationEvent> emit = e -> {
            events.add(e);
            sink.accept(e);
        };
        String failure = null;
        String from = null;
        try (AdvisoryLock ignored = AdvisoryLock.acquire(connection, options.lockWait())) {
            // Every refusal is decided under the lock: read before it, the history could change
            // (another runner migrating) between the check and the rollback.
            MigrationStatus before = status();
            from = before.currentVersion();
            RollbackRefusal.check(before, target, toVersion);
            drift.refuse();
            MigrationShape.requireRunnable(set.migrations().stream().filter(m -> target == null || m.version().compareTo(target.version()) > 0)
                    .toList(), true);
            emit.accept(info("Current schema version: " + orNone(from)));
            emit.accept(info("Rolling back to version: " + (target == null ? "none (every migration)" : target.version())));
            SessionLimits.apply(connection, options);
            int count = changesetsAfter(target);
            if (count > 0) {
                liquibase.run("rollbackCount", Map.of("count", count), new TimingListener(emit, this::label));
            }
        } catch (StagegateException e) {
            throw e;
        } catch (Exception e) {
            failure = FailureReport.describe(set, e, events, true);
        } finally {
            SessionLimits.reset(connection);
        }
        String after = versionAfter();
        IndexCheck indexes = IndexCheck.of(connection);
        failure = indexes.addTo(failure);
        failure = FailureReport.nextStep(failure, orNone(after), "fix that rollback and run rollback again");
        emit.accept(info((failure == null ? "New schema version: " : "Schema version after the failure: ") + orNone(after)));
        return new MigrationRun(from, after, events, indexes.invalid(), 0, Duration.ofNanos(System.nanoTime() - start), failure);
    }

    private boolean connectionAlive() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The version after a run, read back from the database; null when none, or when the connection is gone. */
    private String versionAfter() {
        try {
            return connection.isValid(2) ? status().currentVersion() : null;
        } catch (SQLException | StagegateException e) {
            return null;
        }
    }

    /** A Liquibase changelog rolls back to one of its own tags, with its own rollback blocks. */
    private MigrationRun rollbackChangelog(String tag) {
        long start = System.nanoTime();
        String before = status().currentVersion();
        List<MigrationEvent> events = new ArrayList<>();
        Consumer<MigrationEvent> emit = e -> {
            events.add(e);
            sink.accept(e);
        };
        String failure = null;
        try (AdvisoryLock ignored = AdvisoryLock.acquire(connection, options.lockWait())) {
            SessionLimits.apply(connection, options);
            liquibase.run("rollback", Map.of("tag", tag), new TimingListener(emit, this::label));
        } catch (StagegateException e) {
            throw e;
        } catch (Exception e) {
            failure = FailureReport.describe(set, e, List.of());
        } finally {
            SessionLimits.reset(connection);
        }
        String after = versionAfter();
        IndexCheck indexes = IndexCheck.of(connection);
        return new MigrationRun(before, after, events, indexes.invalid(), 0, Duration.ofNanos(System.nanoTime() - start),
                indexes.addTo(failure));
    }

    /** The exact SQL an update to {@code toVersion} (null: all) would run. */
    public String previewMigrate(String toVersion) {
        set.requireRunnable();
        Adoption.require(set, history);
        // The same refusals as migrate, in the same words: a preview of a run that would be refused is no preview.
        drift.refuse();
        if (toVersion != null) {
            RollbackRefusal.olderTarget(set, toVersion, set.isChangelog() ? toVersion : knownVersion(toVersion).version().text(),
                    status().currentVersion());
        }
        try {
            if (toVersion == null) {
                return liquibase.run("updateSql", Map.of(), null);
            }
            Version v = knownVersion(toVersion).version();
            int count = (int) status().pending().stream().filter(m -> m.version().compareTo(v) <= 0).count();
            return liquibase.run("updateCountSql", Map.of("count", count), null);
        } catch (Exception e) {
            throw new StagegateException(ErrorCode.MIGRATION_FAILED, "cannot generate the update SQL: " + MigrationFailure.firstLine(e), e);
        }
    }

    /** The exact SQL a rollback to {@code toVersion} would run. */
    public String previewRollback(String toVersion) {
        set.requireRunnable();
        Migration target = NONE.equals(toVersion) ? null : knownVersion(toVersion);
        try {
            return liquibase.run("rollbackCountSql", Map.of("count", changesetsAfter(target)), null);
        } catch (Exception e) {
            throw new StagegateException(ErrorCode.MIGRATION_FAILED, "cannot generate the rollback SQL: " + MigrationFailure.firstLine(e), e);
        }
    }

    /**
     * Adopts a database whose schema is already at {@code version} (migrated by hand, Flyway or
     * Alembic): records migrations up to it as applied, without running them.
     */
    public MigrationRun baseline(String version) {
        long start = System.nanoTime();
        Migration target = knownVersion(version);
        try (AdvisoryLock ignored = AdvisoryLock.acquire(connection, options.lockWait())) {
            // Sync a changelog of just the migrations up to the version: same logical file name, so
            // the rows it writes are the ones later runs recognise.
            MigrationSet upTo = new MigrationSet(set.root(), set.style(), set.migrations().stream()
                    .filter(m -> m.version().compareTo(target.version()) <= 0).toList(), set.changelog(), set.problems());
            try (LiquibaseRunner partial = new LiquibaseRunner(connection, upTo)) {
                partial.run("changelogSync", Map.of(), null);
            }
            tagVersions();
        } catch (StagegateException e) {
            throw e;
        } catch (Exception e) {
            throw new StagegateException(ErrorCode.MIGRATION_FAILED, "cannot baseline at " + version + ": "
                    + MigrationFailure.firstLine(e), e);
        }
        MigrationEvent event = info("Baselined at version " + target.version() + ": migrations up to it are recorded as applied");
        sink.accept(event);
        return new MigrationRun(null, status().currentVersion(), List.of(event), List.of(), 0,
                Duration.ofNanos(System.nanoTime() - start), null);
    }

    /** Applied migrations whose file changed since they ran. */
    public List<Drift> checksumDrift() {
        return drift.drift();
    }

    /** History rows after the target's own row: rolling back that many leaves the target applied. */
    private int changesetsAfter(Migration target) {
        List<AppliedMigration> rows = history();
        if (target == null) {
            return (int) rows.stream().filter(r -> ChangelogWriter.AUTHOR.equals(r.author())).count();
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(target.version().text()) && ChangelogWriter.AUTHOR.equals(rows.get(i).author())) {
                return rows.size() - 1 - i;
            }
        }
        throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "version " + target.version() + " is not in the history; "
                + "it was not applied by stagegate, so it cannot be a rollback target");
    }

    private Migration knownVersion(String version) {
        Optional<Migration> m = set.find(version);
        if (m.isEmpty()) {
            throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "unknown version '" + version + "'; the migrations are "
                    + set.migrations().stream().map(x -> x.version().text()).collect(Collectors.joining(", ")));
        }
        return m.get();
    }

    private void tagVersions() {
        if (set.isChangelog()) {
            return;
        }
        try {
            if (connection.isValid(2)) {
                history.tagVersions(ChangelogWriter.AUTHOR, ChangelogWriter.LOGICAL_PATH);
            }
        } catch (SQLException ignored) {
            // Tags are a courtesy to Liquibase tools; the next run heals them.
        }
    }

    private String label(String id) {
        return set.find(id).map(Migration::fileName).orElse(id);
    }

    private static MigrationEvent info(String message) {
        return new MigrationEvent(MigrationEvent.Type.INFO, null, null, null, message);
    }

    /** The rollback target that means "before the first migration". */
    public static final String NONE = "none";

    private static String orNone(String v) {
        return v == null ? "none" : v;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        liquibase.close();
    }
}
