package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.source.MigrationSet;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CE-27 on a copy with its data: forward to the top version, back to V, forward again. After the
 * back step every table and column that existed at V must hold what it held at V; after the second
 * forward step, what it held after the first. The target is only read (see {@link TargetProof}).
 */
public final class RollbackCycle {

    /** Where each leg ended and what it found. {@code failure} is the first leg that failed, with its statement. */
    public record Result(String from, String back, String top, String copyText, List<ObservedEngine.Observation> legs,
                         List<String> legNames, List<DataState.Difference> lostByRollback, List<DataState.Difference> notRepeated,
                         List<DataState.Difference> notCompared, List<dev.stagegate.core.snapshot.SnapshotDiff.Change> schemaNotRestored,
                         java.util.Set<String> except, String failure, boolean atVCaptured, TargetProof.Verdict target, List<String> log) {
        public boolean passed() {
            return failure == null && lostByRollback.isEmpty() && notRepeated.isEmpty() && schemaNotRestored.isEmpty() && target.untouched();
        }
    }

    /**
     * @param back   the version to roll back to (V); ignored with {@code full}, which means the first version
     * @param top    the version to go forward to (null: the latest)
     * @param except tables left out of the comparison (bare or schema-qualified), such as a log a migration writes to on purpose
     */
    public record Options(String back, String top, boolean full, String copyStrategy, boolean keep, Duration probeWait, java.util.Set<String> except) {
        public Options {
            except = except == null ? java.util.Set.of() : java.util.Set.copyOf(except);
        }

        public static Options to(String back) {
            return new Options(back, null, false, "auto", false, TrafficProbe.ATTEMPT, java.util.Set.of());
        }
    }

    private RollbackCycle() {
    }

    public static Result run(Target live, MigrationSet set, EngineOptions options, Options o, Consumer<String> out) throws SQLException {
        String back = o.back();
        String top = o.top();
        boolean full = o.full();
        String topVersion = top != null ? top : set.latest().map(m -> m.version().text())
                .orElseThrow(() -> new StagegateException(ErrorCode.MIGRATION_INVALID, "the folder holds no migration to cycle"));
        if (full && back != null) {
            throw new StagegateException(ErrorCode.USAGE, "--full rolls back to the first version and --to names another: give one of them");
        }
        if (set.migrations().isEmpty()) {
            throw new StagegateException(ErrorCode.MIGRATION_INVALID, "the folder holds no migration to cycle");
        }
        String v = full ? set.migrations().get(0).version().text() : back;
        if (v == null) {
            throw new StagegateException(ErrorCode.USAGE, "say which version to roll back to (to: '003'), or full: true");
        }
        for (String version : List.of(v, topVersion)) {
            if (set.find(version).isEmpty()) {
                throw new StagegateException(ErrorCode.VERSION_UNKNOWN, version + " is no migration of this set; the latest is " + set.latest()
                        .map(m -> m.version().toString()).orElse("(none)"));
            }
        }
        if (set.find(v).get().version().compareTo(set.find(topVersion).get().version()) >= 0) {
            throw new StagegateException(ErrorCode.USAGE, "the rollback version " + v + " must come before the top version " + topVersion);
        }
        TargetProof proof;
        try (Connection c = Connector.open(live)) {
            c.setReadOnly(true);
            proof = TargetProof.read(c);
        }
        List<String> log = new ArrayList<>();
        Consumer<String> say = line -> {
            out.accept(line);
            log.add(java.time.Instant.now() + " " + line);
        };
        List<ObservedEngine.Observation> legs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String failure = null;
        String from;
        boolean atV = false;
        List<DataState.Difference> lost = List.of();
        List<DataState.Difference> notRepeated = List.of();
        List<DataState.Difference> differsMadeAfterBack = List.of();
        List<dev.stagegate.core.snapshot.SnapshotDiff.Change> schemaNotRestored = List.of();
        boolean faithful;
        String copyText;
        RehearsalCopy.sayLeftovers(live, say);
        try (RehearsalCopy copy = RehearsalCopy.make(live, o.copyStrategy(), o.keep())) {
            copyText = copy.describe();
            say.accept("[INFO] " + copyText);
            if (o.keep()) {
                say.accept("[INFO] the copy will be kept: " + copy.whereKept());
            }
            try (Connection c = Connector.open(copy.target())) {
                faithful = copy.sampled() ? proof.sameSchema(c) : proof.sameData(c);
                try (MigrationEngine e = new MigrationEngine(c, set, options, ev -> { })) {
                    from = e.status().currentVersion();
                }
                String at = from;
                ServerWideStatements.requireNone(set, m -> Versions.after(set, m, at) && Versions.upTo(set, m, topVersion),
                        m -> Versions.after(set, m, v) && Versions.upTo(set, m, topVersion));
                ObservedEngine engine = new ObservedEngine(copy.target(), c, set, options, o.probeWait(), ev -> say.accept(ev.line()));
                DataState atBack = null;
                if (from == null || set.find(from).map(m -> m.version().compareTo(set.find(v).get().version()) < 0).orElse(true)) {
                    failure = leg(engine.migrate(v), "forward to " + v, legs, names);
                    atV = failure == null;
                }
                if (failure == null && from != null && set.find(from).map(m -> m.version().compareTo(set.find(v).get().version()) == 0).orElse(false)) {
                    atV = true;
                }
                dev.stagegate.core.snapshot.SchemaSnapshot schemaAtBack = null;
                Map<String, String> extrasAtBack = null;
                if (failure == null && atV) {
                    atBack = DataState.read(c).without(o.except());
                    schemaAtBack = new dev.stagegate.core.snapshot.CatalogReader(c).read(false);
                    extrasAtBack = SchemaExtras.read(c);
                }
                DataState atTop = null;
                if (failure == null) {
                    failure = leg(engine.migrate(topVersion), "forward to " + topVersion, legs, names);
                }
                if (failure == null) {
                    DataState raw = DataState.read(c);
                    for (String t : o.except()) {
                        if (raw.without(java.util.Set.of(t)).tables().size() == raw.tables().size()) {
                            say.accept("[WARN] except: " + t + " matches no table at " + topVersion + ", so nothing is left out for it");
                        }
                    }
                    atTop = raw.without(o.except());
                    failure = leg(engine.rollback(v), "back to " + v, legs, names);
                }
                if (failure == null && atBack != null) {
                    DataState afterBack = DataState.read(c).without(o.except());
                    lost = new ArrayList<>(atBack.lostIn(afterBack, (t, col) -> true));
                    lost.addAll(atBack.setBackIn(afterBack));
                    List<dev.stagegate.core.snapshot.SnapshotDiff.Change> changes = new ArrayList<>(dev.stagegate.core.snapshot.SnapshotDiff
                            .between(schemaAtBack, new dev.stagegate.core.snapshot.CatalogReader(c).read(false)).changes());
                    // grants, comments, enum labels, collations, partition bounds: what the snapshot does not hold
                    changes.addAll(SchemaExtras.differences(extrasAtBack, SchemaExtras.read(c)));
                    schemaNotRestored = changes.stream().filter(ch -> !excluded(ch.object(), o.except())).toList();
                }
                if (failure == null) {
                    failure = leg(engine.migrate(topVersion), "forward again to " + topVersion, legs, names);
                }
                if (failure == null) {
                    DataState first = atBack;
                    DataState firstTop = atTop;
                    // columns that existed at V keep their content exactly; columns the migrations made after V
                    // may be refilled by now() or a sequence, so there only the number of values must hold
                    DataState again = DataState.read(c).without(o.except());
                    // sequenced columns get new numbers for re-inserted rows: only their count must hold
                    List<DataState.Difference> strict = firstTop.lostIn(again, (t, col) -> (first == null || first.has(t, col))
                            && !firstTop.sequenced(t, col));
                    notRepeated = strict;
                    differsMadeAfterBack = firstTop.lostIn(again, (t, col) -> true).stream().filter(d -> !strict.contains(d)).toList();
                }
            }
        }
        TargetProof.Verdict target;
        try {
            target = proof.verify(live, faithful);
        } catch (StagegateException e) {
            throw RehearsalCopy.serverGone(e, copyText);
        }
        say.accept("[" + (target.untouched() ? "INFO" : "WARN") + "] " + target.text());
        return new Result(from, v, topVersion, copyText, legs, names, lost, notRepeated, differsMadeAfterBack, schemaNotRestored, o.except(),
                failure, atV, target, log);
    }

    private static boolean excluded(String object, java.util.Set<String> except) {
        return except.stream().anyMatch(t -> object.equals(t) || object.startsWith(t + ".") || object.equals("public." + t)
                || object.startsWith("public." + t + ".") || object.endsWith("." + t) || object.contains("." + t + "."));
    }

    private static String leg(ObservedEngine.Observation o, String name, List<ObservedEngine.Observation> legs, List<String> names) {
        legs.add(o);
        names.add(name);
        if (o.run().succeeded()) {
            return null;
        }
        return name + " failed" + where(o) + ": " + o.run().failure();
    }

    /** The statement that failed, from the observer: file line and its first words. */
    static String where(ObservedEngine.Observation o) {
        for (LockObserver.MigrationRun m : o.migrations()) {
            for (LockObserver.StatementRun s : m.statements()) {
                if (s.error() != null) {
                    return " in " + (m.rollback() ? "the rollback of " : "") + m.version() + " at line " + s.line() + " (" + head(s.sql()) + ")";
                }
            }
        }
        return "";
    }

    static String head(String sql) {
        // the statement as a reader knows it: without the comment lines above it
        String one = sql.replaceAll("(?m)^\\s*--.*$", "").replaceAll("\\s+", " ").strip();
        return one.length() > 70 ? one.substring(0, 67) + "..." : one;
    }
}
