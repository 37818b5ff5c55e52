package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.migration.lint.Linter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rehearsal's evidence, in the seeds' names: {@code dry_run_output.log} (what ran, as it ran),
 * {@code migration_locks.json} and {@code .md} (per statement: its time, the locks it took and how
 * long they were held, rewrites, what lint predicted, the queries it blocked, the side effects) and
 * {@code migration_execution_plan.md} (each migration's time on the copy's data, and the estimate).
 */
public final class RehearsalReport {

    private RehearsalReport() {
    }

    public static List<Path> write(EvidenceRun evidence, MigrationSet set, Rehearsal.Result r, List<Finding> findings) {
        List<Path> out = new ArrayList<>();
        out.add(evidence.write("dry_run_output.log", String.join("\n", r.log()) + "\n" + r.target().text() + "\n"));
        out.addAll(writeLocks(evidence, set, r.observation(), r.copyText(), ""));
        out.add(evidence.write("migration_execution_plan.md", plan(set, r, findings)));
        return out;
    }

    /** The lock report of one observed run, {@code suffix} telling runs of one evidence folder apart ({@code _rollback_cycle}). */
    static List<Path> writeLocks(EvidenceRun evidence, MigrationSet set, ObservedEngine.Observation o, String copyText, String suffix) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("copy", copyText);
        json.put("migrations", o.migrations());
        json.put("victims", o.victims());
        json.put("traffic_probe", o.trafficFailure() == null ? "ran: ACCESS SHARE and ROW EXCLUSIVE on every table the migration held, "
                + "blockers sampled every " + TrafficProbe.SAMPLE_MS + " ms" : "INCOMPLETE: " + o.trafficFailure());
        json.put("side_effects", o.sideEffects());
        return List.of(evidence.writeJson("migration_locks" + suffix + ".json", json),
                evidence.write("migration_locks" + suffix + ".md", locksMarkdown(set, o, copyText)));
    }

    static String locksMarkdown(MigrationSet set, ObservedEngine.Observation o, String copyText) {
        Map<String, List<String>> lint = lintByLine(set);
        StringBuilder md = new StringBuilder("# Locks observed on the copy\n\n").append(copyText).append(". Locks are read from the migration's own ")
                .append("backend after each statement (`pg_locks`, `pg_backend_pid()`); a lock is held from the statement that took it to ")
                .append("the migration's commit. Statements outside a transaction (CONCURRENTLY) release theirs as they end: their waits ")
                .append("are sampled from a second connection.\n\n");
        if (o.migrations().isEmpty()) {
            md.append("No migration ran: nothing was pending.\n");
        }
        for (LockObserver.MigrationRun m : o.migrations()) {
            md.append("## ").append(m.rollback() ? "Rollback of " : "").append(m.label()).append(" (").append(m.millis()).append(" ms")
                    .append(m.failed() ? ", FAILED" : "").append(")\n\n| line | statement | ms | locks taken (held ms) | rewrites | lint predicted |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (LockObserver.StatementRun s : m.statements()) {
                String locks = s.inTransaction() ? String.join("<br>", strongest(s.locks()).stream().map(l -> mode(l.mode()) + " on "
                        + l.relation() + " (" + l.heldMs() + ")").toList()) : "outside a transaction; waits sampled: " + (s.waitsMs().isEmpty() ? "none"
                        : s.waitsMs().toString());
                String file = set.find(m.version()).map(x -> m.rollback() ? java.util.Objects.requireNonNullElse(x.rollbackName(), "")
                        : x.fileName()).orElse("");
                md.append("| ").append(s.line()).append(" | `").append(RollbackCycle.head(s.sql()).replace("|", "\\|")).append("` | ")
                        .append(s.millis()).append(" | ").append(locks.isEmpty() ? "none" : locks).append(" | ")
                        .append(s.rewrites().isEmpty() ? "" : String.join("<br>", s.rewrites())).append(" | ")
                        .append(String.join("<br>", lint.getOrDefault(file + ":" + s.line(), List.of()))).append(s.error() == null ? ""
                                : " **failed: " + s.error().replace("|", "\\|") + "**").append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Queries blocked (stand-in traffic)\n\n");
        if (o.trafficFailure() != null) {
            md.append("INCOMPLETE: ").append(o.trafficFailure()).append("\n\n");
        }
        if (o.victims().isEmpty()) {
            md.append("None was blocked for one sample (").append(TrafficProbe.SAMPLE_MS).append(" ms) or more.\n\n");
        } else {
            md.append("| migration | table | query | blocked ms |\n|---|---|---|---|\n");
            o.victims().forEach(v -> md.append("| ").append(v.version()).append(" | ").append(v.table()).append(" | ").append(v.query())
                    .append(" | ").append(v.gaveUp() ? "> " : "").append(v.blockedMs()).append(" |\n"));
            md.append('\n');
        }
        md.append("## Side effects (changes the migration's text does not name)\n\n");
        if (o.sideEffects().isEmpty()) {
            md.append("None: every object dropped or changed is named by its migration.\n");
        }
        o.sideEffects().forEach((v, changes) -> changes.forEach(c -> md.append("- ").append(v).append(": ").append(c.kind()).append(' ')
                .append(c.object()).append(' ').append(c.type().name().toLowerCase(Locale.ROOT))
                .append(c.detail() == null ? "" : " (" + c.detail() + ")").append('\n')));
        return md.toString();
    }

    private static String plan(MigrationSet set, Rehearsal.Result r, List<Finding> findings) {
        ObservedEngine.Observation o = r.observation();
        long total = o.migrations().stream().filter(m -> !m.rollback()).mapToLong(LockObserver.MigrationRun::millis).sum();
        Map<String, java.time.Duration> measured = new LinkedHashMap<>();
        o.migrations().stream().filter(m -> !m.rollback() && !m.failed()).forEach(m -> measured.put(m.version(), java.time.Duration.ofMillis(m.millis())));
        List<Migration> ran = set.migrations().stream().filter(m -> o.migrations().stream().anyMatch(x -> !x.rollback()
                && x.version().equals(m.version().text()))).toList();
        // validate's table (what each creates and drops, its transaction, its rollback) with the times measured here
        StringBuilder md = new StringBuilder(dev.stagegate.migration.validate.Validator.executionPlan(set, ran, measured)
                .replace("(from the rehearsal timings)", "(measured on the copy)")).append("\n## Rehearsal\n\n");
        md.append("Rehearsed from ").append(r.from() == null ? "(no version)" : r.from()).append(" to ").append(o.run().toVersion())
                .append(" on a ").append(r.copyStrategy().equals("sample") ? "sampled" : "full " + r.copyStrategy()).append(" copy of the target (")
                .append(mb(r.databaseBytes())).append("), made in ").append(r.copyMillis()).append(" ms.\n\n");
        if (r.copyStrategy().equals("sample")) {
            long scaled = Math.round(total * r.scale());
            md.append("**Estimated execution time: ").append(human(scaled)).append("**, scaled from ").append(human(total))
                    .append(String.format(Locale.ROOT, " measured on a SAMPLE by the size ratio (the target is %.1fx the copy). ", r.scale()))
                    .append("Linear scaling is a rough guide: index builds and sorts grow faster than the rows, and lock waits behind ")
                    .append("application queries come on top.\n\n");
        } else {
            md.append("**Estimated execution time: ").append(human(total)).append("**, the sum of the migrations' times measured on the copy's ")
                    .append("data. The copy is a full copy (no sample), so nothing is scaled; it ran on a server with no other traffic, ")
                    .append("so a loaded server takes longer, and lock waits behind application queries come on top.\n\n");
        }
        md.append("| migration | statements | measured on the copy | ACCESS EXCLUSIVE locks | rewrites | queries blocked |\n|---|---|---|---|---|---|\n");
        for (LockObserver.MigrationRun m : o.migrations()) {
            long exclusive = m.locks().stream().filter(l -> l.mode().equals("AccessExclusiveLock") && l.kind().contains("table")).count();
            long rewrites = m.statements().stream().mapToLong(s -> s.rewrites().size()).sum();
            md.append("| ").append(m.label()).append(m.failed() ? " (FAILED)" : "").append(" | ").append(m.statements().size()).append(" | ")
                    .append(human(m.millis())).append(" | ").append(exclusive).append(" | ").append(rewrites).append(" | ")
                    .append(o.victims().stream().filter(v -> v.version().equals(m.version())).count()).append(" |\n");
        }
        md.append("\n## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("None above the thresholds.\n");
        }
        findings.forEach(f -> md.append("- ").append(f.severity()).append(' ').append(f.code()).append(' ').append(f.object()).append(": ")
                .append(f.message()).append('\n'));
        md.append("\n").append(r.target().text()).append(".\n");
        return md.toString();
    }

    /** Lint findings by {@code file:line}, for the "lint predicted" column. */
    private static Map<String, List<String>> lintByLine(MigrationSet set) {
        Map<String, List<String>> out = new HashMap<>();
        for (Migration m : set.migrations()) {
            for (boolean rollback : new boolean[] {false, true}) {
                if (m.file() == null || (rollback && m.rollbackFile() == null)) {
                    continue;
                }
                // keyed by the names the table rows use (diesel's 2024..._x/up.sql, dbmate's down section), lines the file's
                String name = rollback ? m.rollbackName() : m.fileName();
                try {
                    Linter.predictedByLine(MigrationShape.text(m, rollback)).forEach((line, rules) -> out.put(name + ":" + line, rules));
                } catch (RuntimeException unreadable) {
                    // validate and lint report an unreadable file; the lock report only leaves its column empty
                }
            }
        }
        return out;
    }

    /** PostgreSQL's eight table lock modes, weakest first. */
    static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
            "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    /** For reading: the strongest mode per relation, and an index's ACCESS SHARE (taken by every plan) left out. The JSON keeps all. */
    static List<LockObserver.Lock> strongest(List<LockObserver.Lock> locks) {
        Map<String, LockObserver.Lock> best = new LinkedHashMap<>();
        for (LockObserver.Lock l : locks) {
            if (l.kind().equals("index") && l.mode().equals("AccessShareLock")) {
                continue;
            }
            best.merge(l.relation(), l, (a, b) -> MODES.indexOf(b.mode()) > MODES.indexOf(a.mode()) ? b : a);
        }
        return List.copyOf(best.values());
    }

    static String mode(String pgMode) {
        return pgMode.replace("Lock", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    static String human(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (s / 60) + "m " + (s % 60) + "s";
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
