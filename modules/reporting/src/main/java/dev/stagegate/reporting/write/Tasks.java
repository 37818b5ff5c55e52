package dev.stagegate.reporting.write;

import dev.stagegate.reporting.model.ConditionRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Seed 000's nine tasks (CE-20 .. CE-28) as a gate run did them: each task is the steps that do its
 * work, with the seed's planned minutes. A task is DONE only when it had steps and each passed; a task
 * with no step in the gate is NOT_RUN and is never counted in {@code n/9}.
 */
public record Tasks(List<Task> tasks) {

    public enum State { DONE, FAILED, INCOMPLETE, NOT_RUN }

    /**
     * @param actualMillis the steps' time, or -1 when none ran
     * @param steps        the steps that did its work, with their lines
     */
    public record Task(String code, String title, int plannedMinutes, State state, long actualMillis, List<StepRecord> steps, String note) {

        /** The seeds' deliverables of this task (a glob per file), each present or not in the run folder. */
        public java.util.Map<String, Boolean> deliverables(java.nio.file.Path folder) {
            java.util.Map<String, Boolean> d = new java.util.LinkedHashMap<>();
            for (String f : DELIVERABLES.getOrDefault(code, List.of())) {
                d.put(f, present(folder, f));
            }
            return d;
        }
    }

    /** Seed 000's deliverables per task, as stagegate names them (its logs/ and docs/ files are in the run folder). CE-28's are the documents. */
    static final java.util.Map<String, List<String>> DELIVERABLES = java.util.Map.of(
            "CE-20", List.of("backups/pre_migration_*.dump", "backups/pre_migration_*.dump.metadata", "pre_migration_state.md"),
            "CE-21", List.of("syntax_validation.log", "dry_run_output.log", "migration_dependency_graph.md", "migration_execution_plan.md",
                    "migration_locks.md"),
            "CE-22", List.of("backups/post_migration_*.dump", "backups/post_migration_*.dump.metadata", "post_migration_state.md"),
            "CE-23", List.of("verification_report.md", "verification.json"),
            "CE-24", List.of("verification_report.md"),
            "CE-25", List.of("verification_report.md"),
            "CE-26", List.of("ce26_performance_analysis.sql", "ce26_benchmark_results.json", "ce26_performance_report.md", "ce26_performance_chart.svg"),
            "CE-27", List.of("ROLLBACK_PROCEDURE.md", "ROLLBACK_VERIFICATION_CHECKLIST.md", "ce27_rollback_test_results.log"));

    static boolean present(java.nio.file.Path folder, String glob) {
        java.nio.file.Path dir = folder.resolve(glob).getParent();
        String name = java.nio.file.Path.of(glob).getFileName().toString();
        if (!name.contains("*")) {
            return java.nio.file.Files.isRegularFile(folder.resolve(glob));
        }
        java.nio.file.PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + name);
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(p -> m.matches(p.getFileName()));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Every task ran, and every deliverable of every task is in the folder; else what is missing. */
    public List<String> missingForPackage(java.nio.file.Path folder) {
        List<String> missing = new ArrayList<>();
        for (Task t : tasks) {
            if (t.state() == State.NOT_RUN) {
                missing.add(t.code() + " did not run");
            }
            t.deliverables(folder).forEach((f, here) -> {
                if (!here) {
                    missing.add(t.code() + " " + f);
                }
            });
        }
        return missing;
    }

    public static Tasks of(GateReport r, boolean reportWritten) {
        List<Task> t = new ArrayList<>();
        t.add(task(r, "CE-20", "Environment validation and pre-migration backup", 30,
                s -> s.step().equals("environment") || s.step().startsWith("backup pre_migration") || s.step().equals("snapshot pre_migration")));
        t.add(task(r, "CE-21", "Migration validation, lint and rehearsal on a copy", 45,
                s -> s.step().equals("validate") || s.step().equals("lint") || s.step().equals("rehearse")));
        t.add(task(r, "CE-22", "Execute the migrations", 60, s -> s.step().equals("migrate") || s.step().startsWith("backup post_migration")
                || s.step().equals("snapshot post_migration") || s.step().equals("diff")));
        t.add(verifyPart(r, "CE-23", "RLS verification", 30, "rls"));
        t.add(verifyPart(r, "CE-24", "Foreign key verification", 20, "foreign-keys"));
        Task smoke = verifyPart(r, "CE-25", "Smoke tests and data integrity", 30, "smoke");
        List<StepRecord> expect = r.steps("expect");
        if (!expect.isEmpty()) {
            List<StepRecord> all = new ArrayList<>(smoke.steps());
            all.addAll(expect);
            // expect alone is not the task: verify's smoke inserts and integrity scans are its core
            State s = smoke.state() == State.NOT_RUN ? (worst(expect) == State.FAILED ? State.FAILED : State.INCOMPLETE)
                    : worst(smoke.state(), worst(expect));
            long ms = Math.max(0, smoke.actualMillis()) + expect.stream().mapToLong(x -> Math.max(0, x.millis())).sum();
            smoke = new Task(smoke.code(), smoke.title(), smoke.plannedMinutes(), s, ms, all, smoke.state() == State.NOT_RUN
                    ? "verify's smoke inserts and integrity scans did not run; only expect did" : smoke.note());
        }
        t.add(smoke);
        t.add(task(r, "CE-26", "Performance benchmarks against the baseline", 45, s -> s.step().equals("bench")));
        t.add(task(r, "CE-27", "Rollback testing on a copy", 60, s -> s.step().startsWith("rollback cycle")));
        t.add(new Task("CE-28", "Production readiness report", 30, reportWritten ? State.DONE : State.FAILED, -1, List.of(),
                reportWritten ? "the documents of this run folder, written together from its results" : "the documents could not all be written"));
        return new Tasks(t);
    }

    public long done() {
        return tasks.stream().filter(x -> x.state() == State.DONE).count();
    }

    private static Task task(GateReport r, String code, String title, int planned, Predicate<StepRecord> mine) {
        List<StepRecord> steps = r.steps().stream().filter(mine).toList();
        if (steps.isEmpty()) {
            return new Task(code, title, planned, State.NOT_RUN, -1, steps, "no step of the gate does it");
        }
        return new Task(code, title, planned, worst(steps), steps.stream().mapToLong(s -> Math.max(0, s.millis())).sum(), steps, "");
    }

    /** CE-23 .. CE-25 are families of one verify step: the condition verify showed says how each went. */
    private static Task verifyPart(GateReport r, String code, String title, int planned, String condition) {
        List<StepRecord> verify = r.steps("verify");
        if (verify.isEmpty()) {
            return new Task(code, title, planned, State.NOT_RUN, -1, List.of(), "no verify step ran");
        }
        StepRecord v = verify.get(verify.size() - 1);
        Optional<ConditionRecord> c = r.conditions().stream().filter(x -> x.id().equals(condition)).findFirst();
        String status = c.map(ConditionRecord::stepStatus).orElse(null);
        State s;
        String note = "";
        if (status == null) {
            s = v.status().failed() ? State.FAILED : State.INCOMPLETE;
            note = c.map(ConditionRecord::why).orElse("verify did not show it");
        } else {
            s = status.equals("PASSED") || status.equals("WARNED") ? State.DONE : status.equals("FAILED") || status.equals("ERROR") ? State.FAILED
                    : State.INCOMPLETE;
            if (c.get().state().equals("NOT_SHOWN") && c.get().why() != null && s == State.DONE) {
                // verify passed it, but a later schema change voided the proof
                s = State.INCOMPLETE;
                note = c.get().why();
            }
        }
        // verify times its families together: the time is shown once, on CE-23
        return new Task(code, title, planned, s, code.equals("CE-23") ? v.millis() : -1, List.of(v), code.equals("CE-23") ? note
                : (note.isEmpty() ? "" : note + "; ") + "time in CE-23 (one verify step)");
    }

    private static State worst(List<StepRecord> steps) {
        State s = State.DONE;
        for (StepRecord x : steps) {
            s = worst(s, x.status().passed() ? State.DONE : x.status().failed() ? State.FAILED : State.INCOMPLETE);
        }
        return s;
    }

    /** FAILED over INCOMPLETE over DONE; NOT_RUN gives way to anything that ran. */
    private static State worst(State a, State b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(State s) {
        return switch (s) {
            case NOT_RUN -> 0;
            case DONE -> 1;
            case INCOMPLETE -> 2;
            case FAILED -> 3;
        };
    }
}
