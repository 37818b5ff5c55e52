package dev.stagegate.migration.engine;

import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Replaces Liquibase's lock-table service for the databases stagegate drives: they are already
 * protected by {@link AdvisoryLock}, so no DATABASECHANGELOGLOCK row is written and none can go
 * stale. Other Liquibase users in the same JVM keep the standard service.
 */
public final class SessionLockService implements LockService {

    private static final Set<Database> GUARDED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static void guard(Database database) {
        GUARDED.add(database);
    }

    static void release(Database database) {
        GUARDED.remove(database);
    }

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 100;
    }

    @Override
    public boolean supports(Database database) {
        return GUARDED.contains(database);
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
