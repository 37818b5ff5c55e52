package dev.stagegate.migration.env;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits the environment step holds a server to. Every limit is a ceiling that the server's
 * figure must not exceed, except {@code minServerMajor} (a floor) and {@code diskHeadroomRatio}
 * (free disk must be at least this multiple of the database size).
 *
 * @param minServerMajor         oldest major version accepted (default 12, the seeds' "PostgreSQL 12+")
 * @param maxOtherActiveSessions other client sessions in state {@code active} on the database (default 0:
 *                               the seeds' "no active sessions"; raise it for a staging that serves traffic)
 * @param maxIdleInTransaction   other client sessions {@code idle in transaction} (default 0: each one can hold
 *                               the locks the migration's DDL waits for)
 * @param maxTransactionAge      oldest transaction another client session may hold open (default 5 minutes)
 * @param maxReplicationLag      largest replica {@code replay_lag}, or on a standby the age of the last replayed
 *                               transaction (default 30 s; the seeds ask for 0 s with no traffic)
 * @param maxLockTableShare      share of the shared lock table the migration may take (default 1.0)
 * @param diskHeadroomRatio      free disk at least this times the database size (default 1.5, seed 004's "150%")
 */
public record EnvironmentThresholds(int minServerMajor, int maxOtherActiveSessions, int maxIdleInTransaction,
                                    Duration maxTransactionAge, Duration maxReplicationLag, double maxLockTableShare,
                                    double diskHeadroomRatio) {

    public static final int DEFAULT_MIN_SERVER_MAJOR = 12;
    public static final Duration DEFAULT_MAX_TRANSACTION_AGE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_REPLICATION_LAG = Duration.ofSeconds(30);
    public static final double DEFAULT_DISK_HEADROOM_RATIO = 1.5;

    public EnvironmentThresholds {
        Objects.requireNonNull(maxTransactionAge, "maxTransactionAge");
        Objects.requireNonNull(maxReplicationLag, "maxReplicationLag");
        if (minServerMajor < 0 || maxOtherActiveSessions < 0 || maxIdleInTransaction < 0) {
            throw new IllegalArgumentException("environment thresholds cannot be negative");
        }
        if (maxTransactionAge.isNegative() || maxReplicationLag.isNegative()) {
            throw new IllegalArgumentException("environment durations cannot be negative");
        }
        if (!(maxLockTableShare > 0) || maxLockTableShare > 1 || Double.isNaN(maxLockTableShare)) {
            throw new IllegalArgumentException("maxLockTableShare must be in (0, 1], not " + maxLockTableShare);
        }
        if (!(diskHeadroomRatio > 0) || Double.isInfinite(diskHeadroomRatio)) {
            throw new IllegalArgumentException("diskHeadroomRatio must be a positive number, not " + diskHeadroomRatio);
        }
    }

    public static EnvironmentThresholds defaults() {
        return new EnvironmentThresholds(DEFAULT_MIN_SERVER_MAJOR, 0, 0, DEFAULT_MAX_TRANSACTION_AGE,
                DEFAULT_MAX_REPLICATION_LAG, 1.0, DEFAULT_DISK_HEADROOM_RATIO);
    }

    public EnvironmentThresholds withMinServerMajor(int v) {
        return new EnvironmentThresholds(v, maxOtherActiveSessions, maxIdleInTransaction, maxTransactionAge,
                maxReplicationLag, maxLockTableShare, diskHeadroomRatio);
    }

    public EnvironmentThresholds withMaxOtherActiveSessions(int v) {
        return new EnvironmentThresholds(minServerMajor, v, maxIdleInTransaction, maxTransactionAge,
                maxReplicationLag, maxLockTableShare, diskHeadroomRatio);
    }

    public EnvironmentThresholds withMaxIdleInTransaction(int v) {
        return new EnvironmentThresholds(minServerMajor, maxOtherActiveSessions, v, maxTransactionAge,
                maxReplicationLag, maxLockTableShare, diskHeadroomRatio);
    }

    public EnvironmentThresholds withMaxTransactionAge(Duration v) {
        return new EnvironmentThresholds(minServerMajor, maxOtherActiveSessions, maxIdleInTransaction, v,
                maxReplicationLag, maxLockTableShare, diskHeadroomRatio);
    }

    public EnvironmentThresholds withMaxReplicationLag(Duration v) {
        return new EnvironmentThresholds(minServerMajor, maxOtherActiveSessions, maxIdleInTransaction,
                maxTransactionAge, v, maxLockTableShare, diskHeadroomRatio);
    }

    public EnvironmentThresholds withMaxLockTableShare(double v) {
        return new EnvironmentThresholds(minServerMajor, maxOtherActiveSessions, maxIdleInTransaction,
                maxTransactionAge, maxReplicationLag, v, diskHeadroomRatio);
    }

    public EnvironmentThresholds withDiskHeadroomRatio(double v) {
        return new EnvironmentThresholds(minServerMajor, maxOtherActiveSessions, maxIdleInTransaction,
                maxTransactionAge, maxReplicationLag, maxLockTableShare, v);
    }
}
