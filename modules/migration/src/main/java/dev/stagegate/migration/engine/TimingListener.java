package dev.stagegate.migration.engine;

import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.core.PreconditionContainer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Times each changeset and turns Liquibase's callbacks into {@link MigrationEvent}s. Tag
 * changesets ({@code NNN-tag}) are bookkeeping and stay silent.
 */
final class TimingListener implements ChangeExecListener {

    private final Consumer<MigrationEvent> sink;
    private final Function<String, String> labels;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    TimingListener(Consumer<MigrationEvent> sink, Function<String, String> labels) {
        this.sink = sink;
        this.labels = labels;
    }

    private static boolean bookkeeping(ChangeSet cs) {
        return cs.getId().endsWith("-tag");
    }

    @Override
    public void willRun(ChangeSet cs, DatabaseChangeLog log, Database db, ChangeSet.RunStatus status) {
        if (!bookkeeping(cs)) {
            started.put(cs.getId(), System.nanoTime());
            sink.accept(new MigrationEvent(MigrationEvent.Type.STARTING, cs.getId(), labels.apply(cs.getId()), null, null));
        }
    }

    @Override
    public void ran(ChangeSet cs, DatabaseChangeLog log, Database db, ChangeSet.ExecType execType) {
        if (!bookkeeping(cs)) {
            sink.accept(new MigrationEvent(MigrationEvent.Type.COMPLETED, cs.getId(), labels.apply(cs.getId()), elapsed(cs), null));
        }
    }

    @Override
    public void runFailed(ChangeSet cs, DatabaseChangeLog log, Database db, Exception e) {
        if (!bookkeeping(cs)) {
            sink.accept(new MigrationEvent(MigrationEvent.Type.FAILED, cs.getId(), labels.apply(cs.getId()), elapsed(cs),
                    MigrationFailure.firstLine(e)));
        }
    }

    @Override
    public void willRollback(ChangeSet cs, DatabaseChangeLog log, Database db) {
        if (!bookkeeping(cs)) {
            started.put(cs.getId(), System.nanoTime());
            sink.accept(new MigrationEvent(MigrationEvent.Type.ROLLING_BACK, cs.getId(), labels.apply(cs.getId()), null, null));
        }
    }

    @Override
    public void rolledBack(ChangeSet cs, DatabaseChangeLog log, Database db) {
        if (!bookkeeping(cs)) {
            sink.accept(new MigrationEvent(MigrationEvent.Type.ROLLED_BACK, cs.getId(), labels.apply(cs.getId()), elapsed(cs), null));
        }
    }

    @Override
    public void rollbackFailed(ChangeSet cs, DatabaseChangeLog log, Database db, Exception e) {
        sink.accept(new MigrationEvent(MigrationEvent.Type.FAILED, cs.getId(), labels.apply(cs.getId()), elapsed(cs),
                "rollback failed: " + MigrationFailure.firstLine(e)));
    }

    @Override public void preconditionFailed(PreconditionFailedException e, PreconditionContainer.FailOption o) { }
    @Override public void preconditionErrored(PreconditionErrorException e, PreconditionContainer.ErrorOption o) { }
    @Override public void willRun(Change change, ChangeSet cs, DatabaseChangeLog log, Database db) { }
    @Override public void ran(Change change, ChangeSet cs, DatabaseChangeLog log, Database db) { }

    private Duration elapsed(ChangeSet cs) {
        Long start = started.remove(cs.getId());
        return start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
    }
}
