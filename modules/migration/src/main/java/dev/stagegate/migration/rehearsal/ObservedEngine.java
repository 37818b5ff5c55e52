package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
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
 * sees one by one, with {@link TrafficProbe} standing in for the application, and a schema snapshot
 * after each migration whose difference from the one before lists what changed that the migration's
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

    public ObservedEngine(Target copy, Connection connection, MigrationSet set, EngineOptions options, Duration probeWait,
                          Consumer<MigrationEvent> sink) {
        this.copy = copy;
        this.connection = connection;
        this.set = set;
        this.options = options;
        this.sink = sink;
        this.probeWait = probeWait;
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
        SchemaSnapshot[] previous = {new CatalogReader(connection).read(false)};
        int pid;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        MigrationRun run;
        TrafficProbe traffic = TrafficProbe.start(copy, pid, observer, probeWait);
        try (MigrationEngine engine = new MigrationEngine(ObservedConnection.wrap(connection, observer), set, options, e -> {
            boolean done = e.type() == MigrationEvent.Type.COMPLETED || e.type() == MigrationEvent.Type.ROLLED_BACK;
            if (done) {
                // inside the migration's transaction: its changes are visible to its own connection
                sideEffects(e, previous, sideEffects);
            }
            observer.on(e);
            sink.accept(e);
        })) {
            run = action.apply(engine);
        } finally {
            traffic.close();
        }
        return new Observation(run, observer.runs(), traffic.victims(), traffic.failure(), sideEffects);
    }

    private void sideEffects(MigrationEvent e, SchemaSnapshot[] previous, Map<String, List<SnapshotDiff.Change>> out) {
        boolean rollback = e.type() == MigrationEvent.Type.ROLLED_BACK;
        try {
            SchemaSnapshot now = new CatalogReader(connection).read(false);
            SchemaSnapshot was = previous[0];
            List<SnapshotDiff.Change> changes = SnapshotDiff.between(was, now).changes();
            previous[0] = now;
            // a dropped table takes its indexes, constraints, policies and triggers: those are named by the DROP
            java.util.Set<String> droppedTables = new java.util.HashSet<>();
            changes.stream().filter(c -> c.kind().equals("table") && c.type() == SnapshotDiff.Type.REMOVED).forEach(c -> droppedTables.add(c.object()));
            Map<String, String> indexTable = new java.util.HashMap<>();
            was.indexes().forEach(i -> indexTable.put(i.schema() + "." + i.name(),
                    i.schema() + "." + i.table()));
            String text = set.find(e.version()).map(m -> text(m, rollback)).orElse("").toLowerCase(Locale.ROOT);
            List<SnapshotDiff.Change> implicit = new ArrayList<>();
            for (SnapshotDiff.Change c : changes) {
                // what was added is named by its statement, or is an automatic name (t_pkey); what vanished or
                // changed without being named is what the author may not know about
                String owner = c.kind().equals("index") ? indexTable.get(c.object())
                        : c.object().contains(".") ? c.object().substring(0, c.object().lastIndexOf('.')) : null;
                if (c.type() != SnapshotDiff.Type.ADDED && !names(text, c.object()) && !droppedTables.contains(owner)) {
                    implicit.add(c);
                }
            }
            if (!implicit.isEmpty()) {
                out.put((rollback ? "rollback " : "") + e.version(), List.copyOf(implicit));
            }
        } catch (SQLException ex) {
            out.put((rollback ? "rollback " : "") + e.version(), List.of(new SnapshotDiff.Change("snapshot", "(not read)",
                    SnapshotDiff.Type.CHANGED, "side effects NOT TESTED: " + ex.getMessage().lines().findFirst().orElse(""))));
        }
    }

    private static String text(Migration m, boolean rollback) {
        if (rollback) {
            return m.rollback().map(MigrationShape::read).orElse("");
        }
        return m.file() == null ? "" : MigrationShape.read(m.file());
    }

    /** True when the text names the object's own name (its last dotted part, without a signature) as a word. */
    static boolean names(String text, String object) {
        String name = object.replaceAll("\\(.*$", "");
        name = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Pattern.compile("(?<![\\w$])\"?" + Pattern.quote(name) + "\"?(?![\\w$])").matcher(text).find();
    }
}
