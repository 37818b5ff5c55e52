package dev.stagegate.migration.validate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.migration.MigrationCode;
import dev.stagegate.migration.engine.Drift;
import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationShape;
import dev.stagegate.migration.source.MigrationText;
import dev.stagegate.migration.source.Version;
import dev.stagegate.migration.sql.SqlScript;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CE-21: every check that can be made before a migration runs. Versions (duplicates, gaps, the
 * lexical-sort trap), rollback files, the server's parser on every statement, checksum drift of
 * applied files, and the dependency graph (a migration using what a later one creates, cycles).
 */
public final class Validator {

    private Validator() {
    }

    /**
     * @param parser  connection whose parser checks the SQL (the target, or the embedded server)
     * @param pending the migrations not yet applied, in order (all of them when no target was given)
     * @param drift   applied files edited since they ran ({@code MigrationEngine.checksumDrift()}), whatever the target
     * @throws dev.stagegate.core.error.StagegateException (exit 3) when the parser's server refuses for a
     *         reason that is not the SQL's (see {@link SyntaxCheck#check})
     * @param timings measured durations per version from an earlier rehearsal, for estimates
     */
    public static ValidationReport validate(MigrationSet set, Connection parser, List<Migration> pending, List<Drift> drift,
                                            Map<String, Duration> timings) throws SQLException {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>(set.problems());
        List<Migration> ms = set.migrations();
        versionChecks(ms, findings, set.style() == MigrationSet.Style.SQITCH);
        for (Migration m : ms) {
            if (m.rollbackFile() == null) {
                boolean forwardOnly = set.style() == MigrationSet.Style.GRAPHILE_MIGRATE || set.style() == MigrationSet.Style.SUPABASE;
                // a forward-only tool's set is not wrong for having no rollbacks; it only cannot be rolled back (said, not failed)
                findings.add(Finding.of(MigrationCode.ROLLBACK_MISSING, forwardOnly ? Severity.WARNING : Severity.ERROR, m.fileName(), m.fileName()
                        + " has no rollback file" + (forwardOnly ? " (" + set.style().word() + " has none): it cannot be rolled back, nor its "
                        + "rollback tested" + (set.style() == MigrationSet.Style.SUPABASE ? "; a " + m.fileName().replace(".sql", ".rollback.sql")
                        + " beside it would be stagegate's" : "") : "; write " + rollbackAdvice(set.style(), m)
                        + " so the change can be undone and the rollback tested")));
            }
        }
        drift.forEach(d -> findings.add(Finding.of(MigrationCode.CHECKSUM_DRIFT, Severity.ERROR, d.file(),
                "applied migration edited after it ran: " + d + "; restore it and put the change in a new migration")));

        String[] scripts = new String[ms.size()];
        List<Migration> rollbacks = new ArrayList<>();
        List<String> rollbackScripts = new ArrayList<>();
        String[] rollbackOf = new String[ms.size()];
        Map<Migration, ObjectRefs> refs = new LinkedHashMap<>();
        for (int i = 0; i < ms.size(); i++) {
            try {
                scripts[i] = read(ms.get(i));
            } catch (IOException e) {
                // Never validated as empty: the file is named, and it is left out of the parser and graph.
                findings.add(Finding.of(MigrationCode.MIGRATION_UNREADABLE, Severity.ERROR, ms.get(i).fileName(),
                        "cannot read " + ms.get(i).file() + ": " + e + "; fix its permissions or encoding (UTF-8)"));
                scripts[i] = null;
            }
            refs.put(ms.get(i), ObjectRefs.of(scripts[i] == null ? List.of() : SqlScript.split(scripts[i])));
            if (scripts[i] != null) {
                findings.addAll(MigrationShape.check(ms.get(i).fileName(), scripts[i]));
            }
            if (ms.get(i).rollbackFile() != null) {
                Migration rb = rollbackOf(ms.get(i));
                try {
                    String text = MigrationText.rollback(ms.get(i));
                    findings.addAll(MigrationShape.checkRollback(rb.fileName(), text));
                    rollbacks.add(rb);
                    rollbackScripts.add(text);
                    rollbackOf[i] = text;
                } catch (IOException e) {
                    findings.add(Finding.of(MigrationCode.MIGRATION_UNREADABLE, Severity.ERROR, rb.fileName(),
                            "cannot read " + rb.file() + " (" + e.getClass().getSimpleName() + "); fix its permissions or encoding (UTF-8)"));
                }
            }
        }
        for (Migration m : ms) {
            if (m.verify().isPresent()) {
                Migration verify = new Migration(m.version(), m.description(), m.verify().get(), null, m.verifyName());
                try {
                    String text = MigrationText.verify(m);
                    findings.addAll(MigrationShape.check(verify.fileName(), text));
                    rollbacks.add(verify);
                    rollbackScripts.add(text);
                } catch (IOException e) {
                    findings.add(Finding.of(MigrationCode.MIGRATION_UNREADABLE, Severity.ERROR, verify.fileName(),
                            "cannot read " + verify.file() + " (" + e.getClass().getSimpleName() + "); fix its permissions or encoding (UTF-8)"));
                }
            }
        }
        List<String> log = new ArrayList<>();
        // rollback files go through the server's parser like forward files: `DROP TABLEE t1;` in one once passed validate
        List<Migration> parsed = new ArrayList<>(ms);
        parsed.addAll(rollbacks);
        List<String> texts = new ArrayList<>(java.util.Arrays.asList(scripts));
        texts.addAll(rollbackScripts);
        findings.addAll(SyntaxCheck.check(parser, parsed, texts.toArray(new String[0]), log));
        findings.addAll(RollbackPath.check(ms, scripts, rollbackOf));

        Map<Migration, ObjectRefs> rollbackRefs = new LinkedHashMap<>();
        for (int i = 0; i < ms.size(); i++) {
            if (rollbackOf[i] != null) {
                rollbackRefs.put(ms.get(i), ObjectRefs.of(SqlScript.split(rollbackOf[i])));
            }
        }
        DependencyGraph graph = new DependencyGraph(ms, refs, rollbackRefs);
        for (DependencyGraph.RollbackEdge e : graph.rollbackEdges()) {
            findings.add(Finding.of(MigrationCode.ROLLBACK_ORDER, Severity.ERROR, e.rollbackOf().rollbackName(), e.rollbackOf().rollbackName()
                    + " uses " + e.objects() + ", which the later " + e.later().fileName() + " creates and its rollback " + e.later().rollbackName()
                    + " drops first: rolling back past both fails here; make " + e.rollbackOf().rollbackName() + " not need them, or move them"));
        }
        for (DependencyGraph.Edge e : graph.backwardEdges()) {
            findings.add(Finding.of(MigrationCode.MIGRATION_ORDER, Severity.ERROR, e.to().fileName(), e.to().fileName() + " uses "
                    + e.objects() + " created by the later " + e.from().fileName() + "; renumber so the creator runs first"));
        }
        for (List<Migration> cycle : graph.cycles()) {
            findings.add(Finding.of(MigrationCode.MIGRATION_CYCLE, Severity.ERROR, cycle.get(0).fileName(), "circular dependency: "
                    + cycle.stream().map(Migration::fileName).toList()));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("migrations", ms.size());
        metrics.put("pending", pending.size());
        metrics.put("dependencies", graph.edges().size());
        StepResult result = StepResult.of("validate", findings, metrics, List.of(), Duration.ofNanos(System.nanoTime() - start));
        return new ValidationReport(result, graph.toMarkdown(), ExecutionPlan.markdown(pending, graph, timings),
                String.join("\n", log) + "\n");
    }

    /** @param planned the order is a plan's (Sqitch), not the file names': how they sort as text says nothing */
    private static void versionChecks(List<Migration> ms, List<Finding> findings, boolean planned) {
        for (int i = 1; i < ms.size(); i++) {
            Version a = ms.get(i - 1).version();
            Version b = ms.get(i).version();
            // timestamps (from 2^23, 8,388,608: 20240101120000, 20240101) are not counted, they jump by design; a zero-padded
            // sequence (00000007) still is
            if (a.text().matches("\\d+") && b.text().matches("\\d+") && new java.math.BigInteger(a.text()).bitLength() < 24
                    && new java.math.BigInteger(b.text()).bitLength() < 24) {
                // compared as big integers: a timestamp-like or 20-digit version must not crash the check
                java.math.BigInteger gap = new java.math.BigInteger(b.text()).subtract(new java.math.BigInteger(a.text()));
                if (gap.compareTo(java.math.BigInteger.ONE) > 0) {
                    findings.add(Finding.of(MigrationCode.MIGRATION_VERSION_GAP, Severity.WARNING, ms.get(i).fileName(), "versions jump from "
                            + a + " to " + b + "; check that no migration file is missing"));
                }
            }
        }
        List<String> lexical = ms.stream().map(Migration::fileName).sorted().toList();
        List<String> numeric = ms.stream().map(Migration::fileName).toList();
        if (!planned && !lexical.equals(numeric)) {
            findings.add(Finding.of(MigrationCode.MIGRATION_LEXICAL_ORDER, Severity.WARNING, numeric.get(0), "sorted as text the files run in "
                    + "another order (e.g. 10_ before 2_), which tools like Liquibase includeAll or `ls | psql` would do; stagegate "
                    + "orders numerically, but zero-pad the versions so every tool agrees"));
        }
    }

    /** The rollback file the layout reads, named as its tool names it. */
    private static String rollbackAdvice(MigrationSet.Style style, Migration m) {
        return switch (style) {
            case GOLANG_MIGRATE -> m.fileName().replaceFirst("\\.up\\.sql$", ".down.sql");
            case DIESEL -> m.fileName().replaceFirst("up\\.sql$", "down.sql");
            case FLYWAY -> m.fileName().replaceFirst("^V", "U");
            case DBMATE -> "a `-- migrate:down` section in " + m.fileName();
            case SQITCH -> m.fileName().replaceFirst("^deploy/", "revert/");
            default -> m.fileName().replace(".sql", ".rollback.sql");
        };
    }

    /** A rollback file as a migration of its own, named by its file: what the parser check reports it by. */
    private static Migration rollbackOf(Migration m) {
        return new Migration(m.version(), m.description(), m.rollbackFile(), null, m.rollbackName());
    }

    private static String read(Migration m) throws IOException {
        return MigrationText.forward(m);
    }

    /** True when the file must run outside a transaction (CONCURRENTLY and friends); false when unreadable (reported). */
    static boolean nonTransactional(Migration m) {
        try {
            return ChangelogWriter.needsNoTransaction(read(m));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The execution plan's table (what each pending migration creates and drops, its transaction, its
     * rollback) with the times measured elsewhere, e.g. by a rehearsal on a copy.
     */
    public static String executionPlan(MigrationSet set, List<Migration> pending, Map<String, Duration> timings) {
        Map<Migration, ObjectRefs> refs = new LinkedHashMap<>();
        for (Migration m : set.migrations()) {
            String sql;
            try {
                sql = read(m);
            } catch (IOException e) {
                sql = "";
            }
            refs.put(m, ObjectRefs.of(SqlScript.split(sql)));
        }
        return ExecutionPlan.markdown(pending, new DependencyGraph(set.migrations(), refs), timings);
    }
}
