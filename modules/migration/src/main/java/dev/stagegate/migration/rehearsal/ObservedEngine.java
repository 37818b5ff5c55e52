package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationEvent;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationShape;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The engine, run on a copy and watched: the same {@link MigrationEngine} (same changelog, history
 * and transactions as a real migrate) on a connection whose statements the {@link LockObserver}
 * sees one by one, with {@link TrafficProbe} standing in for the application, and the object names
 * ({@link ObjectNames}) after each migration whose difference from the one before lists what changed that the migration's
 * text does not name (an index dropped with its column, objects dropped by CASCADE).
 */
public final class ObservedEngine {

    /** What one observed run did: the engine's own result, statement by statement, its victims and side effects. */
    public record Observation(MigrationRun run, List<LockObserver.MigrationRun> migrations, List<TrafficProbe.Victim> victims,
                              String trafficFailure, Map<String, List<SnapshotDiff.Change>> sideEffects) {
    }

    private final Target copy;
    private final Connection connection;
    private final MigrationSet set;
    private final EngineOptions options;
    private final Consumer<MigrationEvent> sink;
    private final Duration probeWait;
    private boolean snapshots = true;

    public ObservedEngine(Target copy, Connection connection, MigrationSet set, EngineOptions options, Duration probeWait,
                          Consumer<MigrationEvent> sink) {
        this.copy = copy;
        this.connection = connection;
        this.set = set;
        this.options = options;
        this.sink = sink;
        this.probeWait = probeWait;
    }

    /** Without the snapshot after each migration (one catalog read each): locks, rewrites and traffic only. */
    public ObservedEngine withoutSideEffects() {
        snapshots = false;
        return this;
    }

    public Observation migrate(String to) throws SQLException {
        return observe(engine -> engine.migrate(to));
    }

    public Observation rollback(String to) throws SQLException {
        return observe(engine -> engine.rollback(to));
    }

    private Observation observe(java.util.function.Function<MigrationEngine, MigrationRun> action) throws SQLException {
        LockObserver observer = new LockObserver();
        Map<String, List<SnapshotDiff.Change>> sideEffects = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            st.execute(LockObserver.PREPARE_LOCKS);
            st.execute(ObjectNames.PREPARE);
        }
        @SuppressWarnings("unchecked")
        Map<String, ObjectNames.Entry>[] previous = new Map[1];
        int pid;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        MigrationRun run;
        TrafficProbe traffic = TrafficProbe.start(copy, pid, observer, probeWait);
        try (MigrationEngine engine = new MigrationEngine(ObservedConnection.wrap(connection, observer), set, options, e -> {
            boolean starts = e.type() == MigrationEvent.Type.STARTING || e.type() == MigrationEvent.Type.ROLLING_BACK;
            boolean done = e.type() == MigrationEvent.Type.COMPLETED || e.type() == MigrationEvent.Type.ROLLED_BACK;
            if (starts) {
                previous[0] = snapshots ? namesBefore(e, sideEffects) : null;
            }
            if (done && previous[0] != null) {
                // inside the migration's transaction: its changes are visible to its own connection
                sideEffects(e, previous, sideEffects);
            }
            observer.on(e);
            sink.accept(e);
        })) {
            run = action.apply(engine);
        } finally {
            traffic.close();
            try (Statement st = connection.createStatement()) {
                st.execute(LockObserver.DEALLOCATE_LOCKS);
                st.execute(ObjectNames.DEALLOCATE);
            } catch (SQLException gone) {
                // the copy's connection broke: the run's own failure is what the caller needs
            }
        }
        return new Observation(run, observer.runs(), traffic.victims(), traffic.failure(), sideEffects);
    }

    /**
     * Statements that can take other objects with them or change them unnamed: a drop (a column's indexes,
     * CASCADE), a rename, a type change, an ALTER or REVOKE, a replaced view or function, and anything that
     * runs code (a statement SELECT f(...), CALL, DO, PERFORM, EXECUTE). Matched on the raw text, so dynamic SQL counts.
     */
    private static final Pattern CAN_DROP_MORE = Pattern.compile("(?ism)\\b(drop|cascade|rename|replace|type|alter|revoke|truncate"
            + "|do|call|perform|execute)\\b|^\\s*select\\s+[\\w.\"]+\\s*\\(");

    /** The names before a migration that can have side effects; null (nothing read) for one that cannot. */
    private Map<String, ObjectNames.Entry> namesBefore(MigrationEvent e, Map<String, List<SnapshotDiff.Change>> out) {
        boolean rollback = e.type() == MigrationEvent.Type.ROLLING_BACK;
        String text = set.find(e.version()).map(m -> text(m, rollback)).orElse("");
        if (!CAN_DROP_MORE.matcher(text).find()) {
            return null;
        }
        try {
            return ObjectNames.read(connection);
        } catch (SQLException ex) {
            out.put((rollback ? "rollback " : "") + e.version(), List.of(new SnapshotDiff.Change("snapshot", "(not read)",
                    SnapshotDiff.Type.CHANGED, "side effects NOT TESTED: " + ex.getMessage().lines().findFirst().orElse(""))));
            return null;
        }
    }

    private void sideEffects(MigrationEvent e, Map<String, ObjectNames.Entry>[] previous, Map<String, List<SnapshotDiff.Change>> out) {
        boolean rollback = e.type() == MigrationEvent.Type.ROLLED_BACK;
        String key = (rollback ? "rollback " : "") + e.version();
        try {
            Map<String, ObjectNames.Entry> now = ObjectNames.read(connection);
            Map<String, ObjectNames.Entry> was = previous[0];
            previous[0] = null;
            // a dropped table takes its indexes, constraints, policies and triggers: those are named by the DROP
            java.util.Set<String> droppedTables = new java.util.HashSet<>();
            was.values().stream().filter(x -> x.kind().equals("table") && !now.containsKey("table " + x.name())).forEach(x -> droppedTables.add(x.name()));
            String text = set.find(e.version()).map(m -> text(m, rollback)).orElse("").toLowerCase(Locale.ROOT);
            List<SnapshotDiff.Change> implicit = new ArrayList<>();
            for (ObjectNames.Entry[] pair : ObjectNames.lostOrChanged(was, now)) {
                ObjectNames.Entry before = pair[0];
                if (!names(text, before.name()) && !droppedTables.contains(before.owner())) {
                    implicit.add(new SnapshotDiff.Change(before.kind(), before.name(), pair[1] == null ? SnapshotDiff.Type.REMOVED
                            : SnapshotDiff.Type.CHANGED, pair[1] == null ? null : "its definition changed"));
                }
            }
            if (!implicit.isEmpty()) {
                out.put(key, List.copyOf(implicit));
            }
        } catch (SQLException ex) {
            out.put(key, List.of(new SnapshotDiff.Change("snapshot", "(not read)", SnapshotDiff.Type.CHANGED,
                    "side effects NOT TESTED: " + ex.getMessage().lines().findFirst().orElse(""))));
        }
    }

    private static String text(Migration m, boolean rollback) {
        return m.file() == null ? "" : MigrationShape.text(m, rollback);
    }

    /** True when the text names the object's own name (its last dotted part, without a signature) as a word. */
    static boolean names(String text, String object) {
        String name = object.replaceAll("\\(.*$", "");
        name = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Pattern.compile("(?<![\\w$])\"?" + Pattern.quote(name) + "\"?(?![\\w$])").matcher(text).find();
    }
}
