package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CE-27's deliverables, written from what really ran on the copy: {@code ROLLBACK_PROCEDURE.md}
 * (the commands for this target, the versions, the measured times, when to roll back),
 * {@code ROLLBACK_VERIFICATION_CHECKLIST.md} (each item with its measured result, or open with why)
 * and {@code ce27_rollback_test_results.log}.
 */
public final class RollbackDocuments {

    /** The seeds' rollback triggers: any one of them means roll back. */
    public static final List<String> TRIGGERS = List.of("a migration fails", "more than 5% of the RLS checks fail",
            "data corruption or loss is found", "queries are more than 30% slower than before the migration");

    private RollbackDocuments() {
    }

    /** @param command how this target is rolled back by hand, e.g. {@code stagegate rollback --env staging} */
    public static List<Path> write(EvidenceRun evidence, MigrationSet set, RollbackCycle.Result r, List<Finding> findings, String command) {
        List<Path> out = new ArrayList<>();
        out.add(evidence.write("ROLLBACK_PROCEDURE.md", procedure(set, r, command)));
        out.add(evidence.write("ROLLBACK_VERIFICATION_CHECKLIST.md", checklist(set, r, findings)));
        StringBuilder log = new StringBuilder(String.join("\n", r.log())).append('\n');
        findings.forEach(f -> log.append(f.severity()).append(' ').append(f.code()).append(' ').append(f.object()).append(": ")
                .append(f.message()).append('\n'));
        log.append(r.passed() ? "RESULT: PASSED" : "RESULT: FAILED").append(" (rollback cycle ").append(r.top()).append(" -> ").append(r.back())
                .append(" -> ").append(r.top()).append(" on a copy)\n");
        out.add(evidence.write("ce27_rollback_test_results.log", log.toString()));
        for (int i = 0; i < r.legs().size(); i++) {
            if (r.legs().get(i).run().events().stream().anyMatch(e -> e.type().name().startsWith("ROLL"))) {
                out.addAll(RehearsalReport.writeLocks(evidence, set, r.legs().get(i), r.copyText(), "_rollback"));
            }
        }
        return out;
    }

    private static String procedure(MigrationSet set, RollbackCycle.Result r, String command) {
        StringBuilder md = new StringBuilder("# Rollback procedure\n\n");
        md.append("Rehearsed on a copy: forward to ").append(r.top()).append(", back to ").append(r.back()).append(", forward again (")
                .append(r.copyText()).append("). Result: **").append(r.passed() ? "PASSED" : "FAILED").append("**.\n\n");
        md.append("## When to roll back\n\nRoll back when any of these holds after the migration:\n\n");
        TRIGGERS.forEach(t -> md.append("- ").append(t).append('\n'));
        md.append("\n## Commands\n\n```\n").append(command).append(" --to ").append(r.back()).append('\n').append("```\n\n")
                .append("It rolls back, newest first, every migration after ").append(r.back()).append(", each in its own transaction, ")
                .append("and stops at the first that fails (the database then stays at the version it reached).\n\n");
        md.append("## Measured on the copy\n\n| rollback of | file | measured |\n|---|---|---|\n");
        r.legs().stream().flatMap(o -> o.migrations().stream()).filter(LockObserver.MigrationRun::rollback).forEach(m -> md.append("| ")
                .append(m.version()).append(" | ").append(set.find(m.version()).flatMap(Migration::rollback).map(p -> p.getFileName().toString())
                        .orElse("(none)")).append(" | ").append(RehearsalReport.human(m.millis())).append(m.failed() ? " FAILED" : "").append(" |\n"));
        long total = r.legs().stream().flatMap(o -> o.migrations().stream()).filter(LockObserver.MigrationRun::rollback)
                .mapToLong(LockObserver.MigrationRun::millis).sum();
        md.append("\nEstimated rollback time: **").append(RehearsalReport.human(total)).append("** on a database of this size.\n");
        if (r.failure() != null) {
            md.append("\n**The rehearsal failed**: ").append(r.failure()).append(". Fix it before relying on this procedure.\n");
        }
        return md.toString();
    }

    private static String checklist(MigrationSet set, RollbackCycle.Result r, List<Finding> findings) {
        StringBuilder md = new StringBuilder("# Rollback verification checklist\n\n");
        List<Migration> above = set.migrations().stream().filter(m -> m.version().compareTo(set.find(r.back()).get().version()) > 0
                && m.version().compareTo(set.find(r.top()).get().version()) <= 0).toList();
        long withRollback = above.stream().filter(m -> m.rollback().isPresent()).count();
        item(md, withRollback == above.size(), "every migration after " + r.back() + " up to " + r.top() + " has a rollback file",
                withRollback + "/" + above.size());
        for (int i = 0; i < r.legNames().size(); i++) {
            ObservedEngine.Observation o = r.legs().get(i);
            item(md, o.run().succeeded(), r.legNames().get(i) + " ran on the copy", o.run().succeeded() ? human(o) : "FAILED: " + o.run().failure());
        }
        if (!r.atVCaptured()) {
            md.append("- [ ] data at ").append(r.back()).append(" equal after the rollback: NOT TESTED (the target was already past ")
                    .append(r.back()).append(", so its data at ").append(r.back()).append(" was never seen)\n");
        } else if (r.failure() != null && r.lostByRollback().isEmpty()) {
            md.append("- [ ] data at ").append(r.back()).append(" equal after the rollback: NOT TESTED (").append(r.failure()).append(")\n");
        } else {
            item(md, r.schemaNotRestored().isEmpty(), "schema at " + r.back() + " restored by the rollback (columns, types, keys, indexes, "
                    + "policies, RLS)", r.schemaNotRestored().isEmpty() ? "equal" : r.schemaNotRestored().size() + " difference(s): "
                    + r.schemaNotRestored().get(0).kind() + " " + r.schemaNotRestored().get(0).object() + " " + r.schemaNotRestored().get(0).type()
                    .name().toLowerCase(java.util.Locale.ROOT));
            item(md, r.lostByRollback().isEmpty(), "data at " + r.back() + " equal after the rollback (rows, values tied to their rows, "
                    + "sequences, every column, table by table" + (r.except().isEmpty() ? "" : "; left out: " + String.join(", ", r.except())) + ")", r.lostByRollback().isEmpty() ? "equal" : r.lostByRollback().size() + " difference(s): "
                    + r.lostByRollback().get(0).object() + " " + r.lostByRollback().get(0).what());
        }
        if (r.failure() != null) {
            md.append("- [ ] forward again reproduces the first forward run: NOT TESTED (").append(r.failure()).append(")\n");
        } else {
            item(md, r.notRepeated().isEmpty(), "forward again reproduces the first forward run", r.notRepeated().isEmpty() ? "equal"
                    : r.notRepeated().size() + " difference(s): " + r.notRepeated().get(0).object() + " " + r.notRepeated().get(0).what());
        }
        item(md, r.target().untouched(), "the target was only read", r.target().text());
        long blocked = findings.stream().filter(f -> f.code().equals("REHEARSAL_TRAFFIC_BLOCKED") || f.code().equals("REHEARSAL_LOCK_HELD")).count();
        item(md, blocked == 0, "no rollback step held a table long or blocked a stand-in query beyond the thresholds", blocked + " finding(s)");
        md.append("- [ ] the maintenance window and the people who decide a rollback are agreed (fill in by hand)\n");
        return md.toString();
    }

    private static String human(ObservedEngine.Observation o) {
        return RehearsalReport.human(o.migrations().stream().mapToLong(LockObserver.MigrationRun::millis).sum()) + ", "
                + o.migrations().size() + " migration(s)";
    }

    private static void item(StringBuilder md, boolean ok, String what, String measured) {
        md.append("- [").append(ok ? "x" : " ").append("] ").append(what).append(": ").append(measured).append('\n');
    }
}
