package dev.stagegate.migration.validate;

import dev.stagegate.migration.source.Migration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code migration_execution_plan.md}: pending migrations in order, what each does, estimated time. */
final class ExecutionPlan {

    private ExecutionPlan() {
    }

    static String markdown(List<Migration> pending, DependencyGraph graph, Map<String, Duration> timings) {
        StringBuilder md = new StringBuilder("# Migration execution plan\n\n");
        if (pending.isEmpty()) {
            return md.append("Nothing to apply: the database is up to date.\n").toString();
        }
        md.append("| # | Migration | Creates | Drops | Transaction | Rollback | Estimated time |\n|---|---|---|---|---|---|---|\n");
        Duration total = Duration.ZERO;
        boolean allTimed = true;
        int n = 1;
        for (Migration m : pending) {
            ObjectRefs r = graph.refs(m);
            Duration d = timings.get(m.version().text());
            if (d == null) {
                allTimed = false;
            } else {
                total = total.plus(d);
            }
            md.append("| ").append(n++).append(" | ").append(m.fileName()).append(" | ")
                    .append(String.join(", ", r.creates())).append(" | ").append(String.join(", ", r.drops())).append(" | ")
                    .append(Validator.nonTransactional(m) ? "none (CONCURRENTLY)" : "one transaction").append(" | ")
                    .append(m.rollbackFile() == null ? "**missing**" : m.rollbackName()).append(" | ")
                    .append(d == null ? "not measured" : d.toMillis() + " ms").append(" |\n");
        }
        md.append('\n').append(allTimed ? "Estimated total: " + total.toMillis() + " ms (from the rehearsal timings).\n"
                : "Estimated total: " + total.toMillis() + " ms for the migrations measured; rehearse to time the rest.\n");
        return md.toString();
    }
}
