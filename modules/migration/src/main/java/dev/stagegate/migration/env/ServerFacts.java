package dev.stagegate.migration.env;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the environment step read from the server (in {@link EnvironmentCheck#QUERIES} queries) and
 * from the disk. Sessions counted are other <em>client backends</em> connected to the same database;
 * the check's own session, autovacuum and background workers are left out.
 *
 * @param otherActiveSessions  other sessions in state {@code active} (or {@code fastpath function call})
 * @param idleInTransaction    other sessions {@code idle in transaction} (aborted included)
 * @param sessionsNotVisible   other sessions whose state the role may not read (no {@code pg_read_all_stats}),
 *                             or that report none ({@code track_activities} off)
 * @param sessions             one line per non-idle other session, for the findings' proof
 * @param oldestTransactionAge age of the oldest transaction another visible session holds; empty when none
 * @param standbyReplayAge     on a standby: now minus {@code pg_last_xact_replay_timestamp()}; empty on a primary
 * @param replicas             the rows of {@code pg_stat_replication} (a primary's streaming replicas)
 */
public record ServerFacts(int serverMajor, String database, long databaseBytes, int otherActiveSessions,
                          int idleInTransaction, int sessionsNotVisible, List<String> sessions,
                          Optional<Duration> oldestTransactionAge, boolean inRecovery,
                          Optional<Duration> standbyReplayAge, List<Replica> replicas, int maxLocksPerTransaction,
                          int maxConnections, int maxPreparedTransactions, Set<String> availableExtensions,
                          Disk disk) {

    public ServerFacts {
        Objects.requireNonNull(database, "database");
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(oldestTransactionAge, "oldestTransactionAge");
        Objects.requireNonNull(standbyReplayAge, "standbyReplayAge");
        replicas = List.copyOf(replicas);
        availableExtensions = Set.copyOf(new TreeSet<>(availableExtensions));
        Objects.requireNonNull(disk, "disk");
    }

    /**
     * The shared lock table's size in slots: {@code max_locks_per_transaction × (max_connections +
     * max_prepared_transactions)}, the formula of the PostgreSQL docs (runtime-config-locks).
     */
    public long sharedLockTable() {
        return (long) maxLocksPerTransaction * (maxConnections + (long) maxPreparedTransactions);
    }

    /** The largest lag any replica (or, on a standby, the replay) shows; empty when no figure exists. */
    public Optional<Duration> maxReplicationLag() {
        Optional<Duration> replicaLag = replicas.stream().map(Replica::replayLag).flatMap(Optional::stream)
                .max(Duration::compareTo);
        if (standbyReplayAge.isEmpty()) {
            return replicaLag;
        }
        return replicaLag.map(l -> l.compareTo(standbyReplayAge.get()) > 0 ? l : standbyReplayAge.get())
                .or(() -> standbyReplayAge);
    }

    /** Same facts with another disk figure (what {@link EnvironmentCheck} fills in after the query). */
    public ServerFacts withDisk(Disk newDisk) {
        return new ServerFacts(serverMajor, database, databaseBytes, otherActiveSessions, idleInTransaction,
                sessionsNotVisible, sessions, oldestTransactionAge, inRecovery, standbyReplayAge, replicas,
                maxLocksPerTransaction, maxConnections, maxPreparedTransactions, availableExtensions, newDisk);
    }

    /**
     * One row of {@code pg_stat_replication}.
     *
     * @param state     {@code streaming}, {@code catchup}...; null when the role may not read it
     * @param replayLag {@code replay_lag}; empty when the replica is caught up and idle (PostgreSQL shows NULL then)
     */
    public record Replica(String name, String state, Optional<Duration> replayLag) {
        public Replica {
            name = name == null ? "" : name;
            Objects.requireNonNull(replayLag, "replayLag");
        }

        public boolean visible() {
            return state != null;
        }
    }

    /** Where the free-disk figure came from. */
    public enum DiskSource {
        /** Read with {@code Files.getFileStore} on the server's local data folder. */
        MEASURED,
        /** Given by the user ({@code --disk-free 40GB}, the profile's {@code diskFree}). */
        STATED,
        /** Neither: a remote server, nothing stated. */
        UNKNOWN
    }

    /**
     * Free disk for the server's data.
     *
     * @param freeBytes the figure used; empty when UNKNOWN
     * @param note      why the figure is what it is (e.g. "no local data folder for a remote server")
     */
    public record Disk(DiskSource source, OptionalLong freeBytes, String note) {
        public Disk {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(freeBytes, "freeBytes");
            note = note == null ? "" : note;
            if ((source == DiskSource.UNKNOWN) != freeBytes.isEmpty()) {
                throw new IllegalArgumentException("a disk figure is UNKNOWN exactly when it has no bytes");
            }
        }

        public static Disk measured(long bytes, String note) {
            return new Disk(DiskSource.MEASURED, OptionalLong.of(bytes), note);
        }

        public static Disk stated(long bytes, String note) {
            return new Disk(DiskSource.STATED, OptionalLong.of(bytes), note);
        }

        public static Disk unknown(String note) {
            return new Disk(DiskSource.UNKNOWN, OptionalLong.empty(), note);
        }

        /** Measured on the data folder when there is one, else stated; with both, the lower figure (never optimistic). */
        public static Disk of(java.util.Optional<java.nio.file.Path> dataDirectory, java.util.Optional<Long> stated) {
            stated.ifPresent(s -> {
                if (s < 0) {
                    throw new IllegalArgumentException("a stated free-disk figure cannot be negative");
                }
            });
            Long measured = null;
            String why = "no local data folder (a remote server)";
            if (dataDirectory.isPresent()) {
                try {
                    measured = java.nio.file.Files.getFileStore(dataDirectory.get()).getUsableSpace();
                } catch (java.io.IOException | RuntimeException e) {
                    why = "cannot read free space of " + dataDirectory.get() + ": " + e.getMessage();
                }
            }
            if (measured != null && (stated.isEmpty() || measured <= stated.get())) {
                return Disk.measured(measured, "free space of the file system holding " + dataDirectory.get());
            }
            if (stated.isPresent()) {
                return Disk.stated(stated.get(), measured == null ? "stated by the user; " + why
                        : "stated by the user, lower than the measured " + measured + " bytes");
            }
            return Disk.unknown(why);
        }
    }
}
