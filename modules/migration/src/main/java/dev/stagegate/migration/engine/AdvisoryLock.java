package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The migration lock: a PostgreSQL session advisory lock held on the migrating connection. It
 * dies with the session, so a runner killed with SIGKILL or a terminated backend leaves nothing
 * behind, unlike Liquibase's DATABASECHANGELOGLOCK row; and two runners can never both apply.
 */
public final class AdvisoryLock implements AutoCloseable {

    /** One key per database: {@code hashtextextended('stagegate:migrate:' || current_database(), 0)}. */
    static final String KEY = "hashtextextended('stagegate:migrate:' || current_database(), 0)";

    private final Connection connection;
    private boolean held;

    private AdvisoryLock(Connection connection) {
        this.connection = connection;
    }

    /** Waits up to {@code wait} for the lock, polling; throws one clear line when another runner keeps it. */
    public static AdvisoryLock acquire(Connection connection, Duration wait) {
        AdvisoryLock lock = new AdvisoryLock(connection);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                if (lock.tryOnce()) {
                    return lock;
                }
                if (System.nanoTime() >= deadline) {
                    throw new StagegateException(ErrorCode.MIGRATION_LOCKED, "another runner holds the migration lock"
                            + holder(connection) + "; waited " + wait.toSeconds() + " s. Retry when it finishes, or raise --lock-wait");
                }
                Thread.sleep(200);
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot take the migration lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagegateException(ErrorCode.MIGRATION_LOCKED, "interrupted while waiting for the migration lock", e);
        }
    }

    private boolean tryOnce() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            held = rs.getBoolean(1);
            return held;
        }
    }

    /** Who holds it, for the message: {@code (pid 123, application stagegate, since 12:00:01)}. */
    private static String holder(Connection connection) {
        String sql = "SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND ((l.classid::bigint << 32) | l.objid::bigint) = " + KEY + " LIMIT 1";
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return " (pid " + rs.getInt(1) + ", application " + rs.getString(2) + ", connected since "
                        + rs.getTimestamp(3).toInstant() + ")";
            }
        } catch (SQLException ignored) {
            // The message is still useful without the holder.
        }
        return "";
    }

    @Override
    public void close() {
        if (!held) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(" + KEY + ")")) {
            ps.execute();
        } catch (SQLException ignored) {
            // A dead connection released the lock already.
        }
        held = false;
    }
}
