package dev.stagegate.migration.engine;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;

/**
 * Replaces Liquibase's lock-table service whenever stagegate drives Liquibase: those runs are
 * already protected by {@link AdvisoryLock}, so no DATABASECHANGELOGLOCK row is written and none
 * can go stale (a killed run's row would block every later run for Liquibase's 5-minute wait).
 *
 * <p>It applies only inside a Liquibase scope that carries {@link #SCOPE_KEY}, which
 * {@link LiquibaseRunner} sets; any other Liquibase use in the JVM keeps the standard service.
 */
public final class SessionLockService implements LockService {

    static final String SCOPE_KEY = "stagegate.advisoryLock";

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 100;
    }

    @Override
    public boolean supports(Database database) {
        return Boolean.TRUE.equals(Scope.getCurrentScope().get(SCOPE_KEY, Boolean.class));
    }

    @Override public void setDatabase(Database database) { }
    @Override public void setChangeLogLockWaitTime(long changeLogLockWaitTime) { }
    @Override public void setChangeLogLockRecheckTime(long changeLogLockRecheckTime) { }
    @Override public boolean hasChangeLogLock() { return true; }
    @Override public void waitForLock() { }
    @Override public boolean acquireLock() { return true; }
    @Override public void releaseLock() { }
    @Override public DatabaseChangeLogLock[] listLocks() { return new DatabaseChangeLogLock[0]; }
    @Override public void forceReleaseLock() { }
    @Override public void reset() { }
    @Override public void init() { }
    @Override public void destroy() { }
}
