package dev.stagegate.migration.engine;

import java.time.Duration;

/**
 * How the engine behaves around locks and time.
 *
 * @param lockWait         how long to wait for another runner's migration lock before giving up
 * @param lockTimeout      PostgreSQL {@code lock_timeout} for every migration: DDL waiting longer for a
 *                         table lock fails instead of queueing every query behind it
 * @param statementTimeout PostgreSQL {@code statement_timeout}; {@code Duration.ZERO} means off
 * @param lockRetries      extra attempts when a migration failed only because a lock was not granted
 * @param retryBackoff     pause before the first retry; doubles each time
 */
public record EngineOptions(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int lockRetries,
                            Duration retryBackoff) {

    /** Defaults, documented in docs/migrations.md: wait 30 s for the runner lock, lock_timeout 5 s, no statement timeout, 3 retries from 1 s. */
    public static EngineOptions defaults() {
        return new EngineOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO, 3, Duration.ofSeconds(1));
    }

    public EngineOptions withLockWait(Duration d) {
        return new EngineOptions(d, lockTimeout, statementTimeout, lockRetries, retryBackoff);
    }

    public EngineOptions withLockTimeout(Duration d) {
        return new EngineOptions(lockWait, d, statementTimeout, lockRetries, retryBackoff);
    }

    public EngineOptions withStatementTimeout(Duration d) {
        return new EngineOptions(lockWait, lockTimeout, d, lockRetries, retryBackoff);
    }

    public EngineOptions withRetries(int retries, Duration backoff) {
        return new EngineOptions(lockWait, lockTimeout, statementTimeout, retries, backoff);
    }
}
