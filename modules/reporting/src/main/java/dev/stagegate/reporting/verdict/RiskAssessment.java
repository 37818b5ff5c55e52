package dev.stagegate.reporting.verdict;

import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.Tally;
import dev.stagegate.reporting.model.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * LOW / MEDIUM / HIGH for taking the migrations to production, with every reason that set it:
 * what failed or was accepted, locks observed on the copy, destructive changes, the rollback cycle,
 * the database's size and the rehearsal's time against a maintenance window. The level is the
 * highest any reason reaches; a reason is a sentence with its number, never a bare flag.
 *
 * @param reasons      what raised the level (or, for LOW, what kept it low)
 * @param mitigations  what the run proved that lowers the risk (a tested rollback, a verified backup)
 * @param contingency  what to do if production goes wrong, from the evidence of this run
 */
public record RiskAssessment(Level level, List<Reason> reasons, List<String> mitigations, List<String> contingency) {

    public enum Level { LOW, MEDIUM, HIGH }

    public record Reason(Level level, String text) {
    }

    /** Lint codes for changes a rollback cannot undo with the data. */
    static final Set<String> DESTRUCTIVE = Set.of("DROP_TABLE", "DROP_COLUMN", "DROP_SCHEMA", "DROP_DATABASE", "TRUNCATE", "TRUNCATE_CASCADE",
            "RENAME_COLUMN", "RENAME_TABLE", "COLUMN_TYPE_CHANGE");
    /** What the rehearsal saw on the copy: locks held, rewrites, blocked traffic. */
    static final Set<String> LOCKS = Set.of("REHEARSAL_LOCK_HELD", "REHEARSAL_TABLE_REWRITE", "REHEARSAL_TRAFFIC_BLOCKED");
    /** A database this large takes long to copy, dump and restore: the contingency is slow. */
    static final long LARGE_DATABASE_BYTES = 50L * 1024 * 1024 * 1024;

    public RiskAssessment {
        reasons = List.copyOf(reasons);
        mitigations = List.copyOf(mitigations);
        contingency = List.copyOf(contingency);
    }

    /** @param windowMinutes the maintenance window, or 0 when none was given */
    public static RiskAssessment of(GateReport r, List<Trigger> triggers, long windowMinutes) {
        List<Reason> reasons = new ArrayList<>();
        triggers.stream().filter(t -> t.state() == Trigger.State.FIRED)
                .forEach(t -> reasons.add(new Reason(Level.HIGH, "rollback trigger fired: " + t.name() + " (" + t.evidence() + ")")));
        List<Finding> failing = r.steps().stream().flatMap(s -> s.failing().stream()).toList();
        if (!failing.isEmpty()) {
            reasons.add(new Reason(Level.HIGH, failing.size() + " failing finding(s): " + codes(failing)));
        }
        if (r.error() != null) {
            reasons.add(new Reason(Level.HIGH, "the run stopped before its end: " + r.error()));
        }
        triggers.stream().filter(t -> t.state() == Trigger.State.ACCEPTED).forEach(t -> reasons.add(new Reason(Level.HIGH,
                "rollback trigger fired and accepted: " + t.name() + " (" + t.evidence() + ")")));
        r.steps().stream().filter(s -> s.status().failed() && s.failing().isEmpty()).forEach(s -> reasons.add(new Reason(Level.HIGH,
                "step " + s.step() + " ended " + s.status() + ": " + s.summary())));
        r.notTestedInFull().forEach(s -> reasons.add(new Reason(Level.MEDIUM, "not tested in full: " + s)));
        triggers.stream().filter(t -> t.state() == Trigger.State.NOT_EVALUATED)
                .forEach(t -> reasons.add(new Reason(Level.MEDIUM, "rollback trigger not evaluated: " + t.name() + " (" + t.evidence() + ")")));
        r.notShown().forEach((c, why) -> reasons.add(new Reason(Level.MEDIUM, "not shown: " + c + " (" + why + ")")));
        List<Finding> warnings = r.findings().stream().filter(f -> !f.suppressed() && f.severity() == dev.stagegate.core.result.Severity.WARNING
                && !LOCKS.contains(f.code())).toList();
        if (!warnings.isEmpty()) {
            // a warning fails nothing, but it is something a person has to read before production: never LOW
            reasons.add(new Reason(Level.MEDIUM, warnings.size() + " warning(s) to read: " + codes(warnings)));
        }
        List<Finding> accepted = r.findings().stream().filter(Finding::suppressed).toList();
        if (!accepted.isEmpty()) {
            reasons.add(new Reason(Level.MEDIUM, accepted.size() + " accepted finding(s), each with its reason: " + codes(accepted)));
        }
        List<Finding> locks = r.findings().stream().filter(f -> !f.suppressed() && LOCKS.contains(f.code())).toList();
        if (!locks.isEmpty()) {
            reasons.add(new Reason(Level.MEDIUM, "the rehearsal saw locks or rewrites on the copy: " + codes(locks) + " (migration_locks.md)"));
        }
        List<Finding> destructive = r.findings().stream().filter(f -> DESTRUCTIVE.contains(f.code())).toList();
        if (!destructive.isEmpty()) {
            reasons.add(new Reason(Level.MEDIUM, "destructive changes a rollback cannot undo with the data: " + codes(destructive)));
        }
        if (r.stepsStarting("rollback cycle").isEmpty()) {
            reasons.add(new Reason(Level.MEDIUM, "no rollback cycle ran on a copy: the rollback path is untested"));
        }
        if (r.stepsStarting("backup pre_migration").stream().noneMatch(s -> r.restoreTested(s))) {
            reasons.add(new Reason(Level.MEDIUM, "no pre-migration backup was made and restore-tested in this run: backup 'pre_migration', restoreTest: true"));
        }
        long bytes = r.measured().get("database_bytes") instanceof Number n ? n.longValue() : -1;
        if (bytes >= LARGE_DATABASE_BYTES) {
            reasons.add(new Reason(Level.MEDIUM, "the database holds " + gib(bytes) + ": a restore from backup takes long"));
        }
        long estimated = estimatedMillis(r);
        double rehearsedMinutes = estimated / 60_000.0;
        if (windowMinutes > 0 && estimated >= 0 && rehearsedMinutes > windowMinutes / 2.0) {
            reasons.add(new Reason(rehearsedMinutes > windowMinutes ? Level.HIGH : Level.MEDIUM, "the rehearsal took " + minutes(estimated)
                    + " on this data against a maintenance window of " + windowMinutes + " min"));
        }
        // the verdict bounds the risk from below: a NO-GO is never less than HIGH, an INCOMPLETE never LOW
        Level floor = switch (r.decision()) {
            case "GO" -> Level.LOW;
            case "INCOMPLETE" -> Level.MEDIUM;
            default -> Level.HIGH;
        };
        if (reasons.stream().noneMatch(x -> x.level().compareTo(floor) >= 0) && floor != Level.LOW) {
            reasons.add(new Reason(floor, "the gate's verdict is " + (r.error() != null ? "none (the run stopped)" : r.decision())));
        }
        Level level = reasons.stream().map(Reason::level).max(Enum::compareTo).orElse(Level.LOW);
        if (reasons.isEmpty()) {
            reasons.add(new Reason(Level.LOW, "every condition GO needs was shown by a step that ran and passed, no finding fails or warns, "
                    + "none was accepted, no rollback trigger fired"));
        }
        return new RiskAssessment(level, reasons, mitigations(r, bytes, estimated), contingency(r, estimated, windowMinutes));
    }

    private static List<String> mitigations(GateReport r, long bytes, long estimated) {
        List<String> m = new ArrayList<>();
        r.stepsStarting("rollback cycle").stream().filter(s -> s.status().passed()).findFirst()
                .ifPresent(s -> m.add("rollback tested on a copy with its data: " + s.summary() + " (ROLLBACK_PROCEDURE.md)"));
        r.stepsStarting("backup").stream().filter(s -> s.status().passed())
                .forEach(s -> m.add(s.step() + " made and read back" + (r.restoreTested(s) ? ", restore tested" : "")));
        r.first("rehearse").filter(s -> s.status().passed()).ifPresent(s -> m.add("migrations rehearsed on a copy first"
                + (estimated >= 0 ? ", " + minutes(estimated) + " on this data" : "") + " (migration_locks.md)"));
        r.benchmark().ifPresent(b -> m.add(b.passed() + "/" + b.queries().size() + " queries within " + Tally.percent(b.passFactor())
                + " of the baseline" + (b.interleaved() ? " (interleaved)" : " (not interleaved: host drift is not controlled)")));
        if (bytes >= 0) {
            m.add("database size measured: " + gib(bytes));
        }
        return m;
    }

    private static List<String> contingency(GateReport r, long estimated, long windowMinutes) {
        List<String> c = new ArrayList<>();
        if (r.stepsStarting("rollback cycle").stream().anyMatch(s -> s.status().passed())) {
            c.add("roll back with the tested rollback files: `stagegate rollback --to <version>` (ROLLBACK_PROCEDURE.md)");
        } else {
            c.add("no tested rollback: run rollbackCycle in the gate before relying on the rollback files");
        }
        r.stepsStarting("backup pre_migration").stream().filter(s -> s.status().passed()).findFirst()
                .ifPresent(s -> c.add("restore the pre-migration backup with pg_restore (its .dump.metadata names the file and checksum)"));
        c.add(windowMinutes > 0 ? "maintenance window: " + windowMinutes + " min" + (estimated >= 0 ? " (rehearsed: " + minutes(estimated) + ")" : "")
                : "maintenance window: not given (stagegate report RUN_DIR --window 2h)");
        return c;
    }

    /** The rehearsal's time for the forward migrations on the copy, or -1 when no rehearsal ran. */
    static long estimatedMillis(GateReport r) {
        // summed as doubles and capped: a timing file's numbers must not wrap around into a short rehearsal
        return r.rehearsed().isEmpty() ? -1 : (long) Math.min(Long.MAX_VALUE / 2.0, r.rehearsed().values().stream().mapToDouble(v -> Math.max(0, v)).sum());
    }

    private static String codes(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::code, java.util.LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "")).collect(Collectors.joining(", "));
    }

    static String minutes(long millis) {
        return millis < 60_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }

    static String gib(long bytes) {
        return bytes < 1024L * 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }
}
