package dev.stagegate.migration.rehearsal;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's traffic, stood in for while a migration runs on the copy: a second connection
 * tries, on every table the migration holds, the lock a reader takes ({@code ACCESS SHARE}) and the
 * lock a writer takes ({@code ROW EXCLUSIVE}), each in a transaction rolled back at once (nothing is
 * written) and waiting at most the attempt time (50 ms by default), table after table, so one long lock does not
 * hide the others. A table whose attempts keep timing out is blocked from the first timeout to the
 * first success: that is a victim, what a real query would have suffered, and for how long. The
 * copy has no other session, so what blocks is the migration. A third connection samples every
 * {@value #SAMPLE_MS} ms what the migration holds and waits on ({@code pg_stat_activity.wait_event},
 * the only view of a {@code CONCURRENTLY} statement).
 */
public final class TrafficProbe implements AutoCloseable {

    /** A query kind blocked by a migration on a table, for as long as it was blocked (the longest stretch seen). */
    public record Victim(String version, String table, String query, long blockedMs, boolean gaveUp) {
    }

    /** How long one stand-in lock attempt waits before the probe moves on to the next table. */
    public static final Duration ATTEMPT = Duration.ofMillis(50);

    static final int SAMPLE_MS = 20;

    private final int migrationPid;
    private final LockObserver observer;
    private final Duration maxWait;
    private final Target copy;
    private volatile Connection sampler;
    private volatile Connection prober;
    private volatile int proberPid;
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final Map<String, Victim> victims = new ConcurrentHashMap<>();
    /** version|table|query -> when its attempts started timing out */
    private final Map<String, Long> blockedSince = new ConcurrentHashMap<>();
    /** tables a lock cannot be tried on (gone, not a table): left alone for the rest of the run */
    private final Set<String> unlockable = ConcurrentHashMap.newKeySet();
    private volatile boolean stop;
    private final List<Thread> threads = new ArrayList<>();
    private volatile String failure;

    private TrafficProbe(Target copy, int migrationPid, LockObserver observer, Duration maxWait) {
        this.copy = copy;
        this.migrationPid = migrationPid;
        this.observer = observer;
        this.maxWait = maxWait;
    }

    /**
     * Starts sampling and probing the copy while the migration backend {@code migrationPid} runs. The two
     * connections are opened in the background, so the migration does not wait for them; one that cannot
     * be opened (no connection slot left) leaves the victims NOT TESTED, said in {@link #failure()}.
     */
    public static TrafficProbe start(Target copy, int migrationPid, LockObserver observer, Duration maxWait) {
        TrafficProbe p = new TrafficProbe(copy, migrationPid, observer, maxWait);
        synchronized (p.threads) {
            p.threads.add(daemon("sg-traffic", p::connectAndRun));
        }
        return p;
    }

    private void connectAndRun() {
        try {
            sampler = Connector.open(copy);
            prober = Connector.open(copy);
            try (Statement st = prober.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                proberPid = rs.getInt(1);
            }
            prober.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            failure = "the traffic probe could not connect to the copy: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return;
        }
        synchronized (threads) {
            if (stop) {
                return;
            }
            threads.add(daemon("sg-traffic-sampler", this::sample));
            threads.add(daemon("sg-traffic-probe", this::probe));
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void sample() {
        try (PreparedStatement locks = sampler.prepareStatement("SELECT DISTINCT n.nspname || '.' || c.relname FROM pg_locks l "
                + "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.pid = ? AND l.granted "
                + "AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock')");
             PreparedStatement waits = sampler.prepareStatement("SELECT a.wait_event_type || ': ' || a.wait_event "
                     + "FROM pg_stat_activity a WHERE a.pid = ? AND a.state = 'active'")) {
            locks.setInt(1, migrationPid);
            waits.setInt(1, migrationPid);
            while (!stop) {
                // what the migration holds now: a table it let go of is no longer probed
                Set<String> now = new java.util.HashSet<>();
                try (ResultSet rs = locks.executeQuery()) {
                    while (rs.next()) {
                        now.add(rs.getString(1));
                    }
                }
                touched.retainAll(now);
                touched.addAll(now);
                try (ResultSet rs = waits.executeQuery()) {
                    if (rs.next()) {
                        observer.sampleWait(rs.getString(1), SAMPLE_MS);
                    }
                }
                Thread.sleep(SAMPLE_MS);
            }
        } catch (SQLException e) {
            if (!stop) {
                failure = "the traffic sampler stopped: " + e.getMessage().lines().findFirst().orElse("");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void probe() {
        try (Statement st = prober.createStatement()) {
            while (!stop) {
                String version = observer.currentVersion();
                if (version == null || touched.isEmpty()) {
                    Thread.sleep(5);
                    continue;
                }
                for (String table : List.copyOf(touched)) {
                    for (String mode : List.of("ACCESS SHARE", "ROW EXCLUSIVE")) {
                        if (stop) {
                            return;
                        }
                        probeOnce(st, version, table, mode);
                    }
                }
                // one round per sample: a stand-in for traffic, not a load test on a 2-core host
                Thread.sleep(blockedSince.isEmpty() ? SAMPLE_MS : 1);
            }
        } catch (SQLException e) {
            if (!stop) {
                failure = "the traffic probe stopped: " + e.getMessage().lines().findFirst().orElse("");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void probeOnce(Statement st, String version, String table, String mode) throws SQLException {
        if (unlockable.contains(table)) {
            return;
        }
        String query = mode.equals("ACCESS SHARE") ? "SELECT" : "INSERT/UPDATE/DELETE";
        String key = version + "|" + table + "|" + query;
        boolean timedOut = false;
        try {
            st.execute("SET LOCAL lock_timeout = " + Math.max(1, maxWait.toMillis()));
            int dot = table.indexOf('.');
            st.execute("LOCK TABLE " + quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1)) + " IN " + mode + " MODE");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                timedOut = true;
            } else {
                // gone (dropped by the migration), or not lockable: no victim there, and no reason to stop probing the rest
                unlockable.add(table);
            }
        } finally {
            prober.rollback();
        }
        long now = System.nanoTime();
        if (timedOut) {
            blockedSince.putIfAbsent(key, now - maxWait.toNanos());
        } else {
            Long since = blockedSince.remove(key);
            if (since != null) {
                victim(version, table, query, (now - since) / 1_000_000);
            }
        }
    }

    private void victim(String version, String table, String query, long ms) {
        victims.merge(version + "|" + table + "|" + query, new Victim(version, table, query, ms, false),
                (a, b) -> b.blockedMs() > a.blockedMs() ? b : a);
    }

    public List<Victim> victims() {
        return victims.values().stream().sorted(java.util.Comparator.comparing(Victim::version).thenComparing(Victim::table)
                .thenComparing(Victim::query)).toList();
    }

    /** Why probing stopped early, or null: a rehearsal says so rather than report no victims. */
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        List<Thread> running;
        synchronized (threads) {
            stop = true;
            running = List.copyOf(threads);
        }
        if (prober != null) {
            try {
                prober.createStatement().cancel();
            } catch (SQLException ignored) {
                // closing below ends it anyway
            }
        }
        for (Thread t : running) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.nanoTime();
        blockedSince.forEach((key, since) -> {
            String[] k = key.split("\\|", 3);
            victim(k[0], k[1], k[2], (now - since) / 1_000_000);
        });
        blockedSince.clear();
        closeQuietly(prober);
        closeQuietly(sampler);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the copy is dropped next
        }
    }


}
