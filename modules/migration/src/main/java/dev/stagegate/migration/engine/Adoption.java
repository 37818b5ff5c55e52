package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.Version;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What migrate does with a database that has tables or another tool's history but no stagegate history:
 * running 001 on it would fail half-way or, worse, succeed on top of a foreign schema. When another tool's
 * history names exactly the first versions of the files (diesel, golang-migrate, dbmate, graphile-migrate,
 * Flyway: {@link ForeignHistory}), the database is adopted at the last of them; anything else is refused
 * with the choice in words: {@code --baseline VERSION}, or {@code --baseline none} (objects exist, nothing applied).
 */
final class Adoption {

    /** Adopt at {@code version} (a version of the files), because of what {@code why} says. */
    record Adopt(String version, String why) {
    }

    private Adoption() {
    }

    static void require(MigrationSet set, History history) {
        decide(set, history, false);
    }

    /**
     * @param overExisting {@code --baseline none}: the objects there are not the migrations' (prerequisites made by
     *                     hand), nothing is applied, migrate from the first
     * @return the version to adopt the database at, or empty when migrate may run from where the history says
     */
    static Optional<Adopt> decide(MigrationSet set, History history, boolean overExisting) {
        try {
            if (set.isChangelog()) {
                return Optional.empty();
            }
            List<AppliedMigration> rows = history.applied();
            if (rows.stream().anyMatch(r -> ChangelogWriter.AUTHOR.equals(r.author()))) {
                return Optional.empty();
            }
            long tables = history.userTables();
            Optional<ForeignHistory> foreign = rows.isEmpty() ? history.foreign() : Optional.empty();
            if (!rows.isEmpty()) {
                throw refusal(tables, "Liquibase history of another changelog (" + rows.size() + " changesets)");
            }
            boolean applied = foreign.isPresent() && !foreign.get().versions().isEmpty();
            if (overExisting) {
                if (applied) {
                    throw new StagegateException(ErrorCode.USAGE, "--baseline none says nothing is applied, but the database has the history of "
                            + foreign.get().describe() + "; leave --baseline out to continue from it, or give the version it is at");
                }
                return Optional.empty();
            }
            if (applied && foreign.get().tool().equals("Sqitch") && set.style() == MigrationSet.Style.SQITCH) {
                ForeignHistory mine = sqitch(set, foreign.get());
                if (!mine.versions().isEmpty()) {
                    return Optional.of(adopt(set, mine));
                }
                if (tables > 0) {
                    throw refusal(tables, foreign.get().describe() + ", none of them this plan's project");
                }
                return Optional.empty();
            }
            if (applied && foreign.get().comparable()) {
                return Optional.of(adopt(set, foreign.get()));
            }
            if (tables > 0 || applied) {
                throw refusal(tables, foreign.map(ForeignHistory::describe).orElse(null));
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot inspect the database: " + e.getMessage(), e);
        }
    }

    /** The files' last version the tool applied, when its history is exactly the files' first versions. */
    private static Adopt adopt(MigrationSet set, ForeignHistory f) {
        if (f.dirty()) {
            throw new StagegateException(ErrorCode.ADOPTION_NEEDED, f.tool() + " marked its last migration dirty in " + f.table()
                    + " (it failed half-way), so what the schema holds is not known: repair it with " + f.tool() + " (migrate force), "
                    + "check the schema, then run again or pass --baseline VERSION");
        }
        List<String> unknown = new ArrayList<>();
        Migration last = null;
        List<Migration> named = new ArrayList<>();
        for (String v : f.versions()) {
            Optional<Migration> m = Version.isVersion(v) ? set.find(v) : Optional.empty();
            if (m.isEmpty()) {
                unknown.add(v);
            } else {
                named.add(m.get());
                last = last == null || m.get().version().compareTo(last.version()) > 0 ? m.get() : last;
            }
        }
        if (!unknown.isEmpty()) {
            throw new StagegateException(ErrorCode.ADOPTION_NEEDED, f.describe() + " has applied " + String.join(", ", unknown.subList(0,
                    Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "") + ", which no file in "
                    + set.root() + " carries; pass the folder it was migrated from, or --baseline VERSION");
        }
        Migration top = last;
        List<String> skipped = set.migrations().stream().filter(m -> m.version().compareTo(top.version()) <= 0)
                .filter(m -> !f.upTo() && named.stream().noneMatch(n -> n.version().sameAs(m.version()))).map(Migration::fileName).toList();
        if (!skipped.isEmpty()) {
            throw new StagegateException(ErrorCode.ADOPTION_NEEDED, f.describe() + " has applied versions up to " + top.version()
                    + " but not " + String.join(", ", skipped) + ": run in another order, so the schema is not the files' at any version; "
                    + "pass --baseline VERSION once you know which it matches");
        }
        return new Adopt(top.version().text(), f.describe());
    }

    /**
     * Sqitch's registry names changes, not versions: deployed in the plan's order they are the plan's first changes,
     * versions 1 to k of the set; anything else (a change the plan does not have here, another order) is refused.
     */
    private static ForeignHistory sqitch(MigrationSet set, ForeignHistory f) {
        List<String> plan = set.migrations().stream().map(Migration::description).toList();
        String project = dev.stagegate.migration.source.SqitchPlan.project(set.root());
        // the registry holds every project deployed on the database: this plan's changes only (all of them without %project)
        List<String> mine = f.versions().stream().filter(v -> project == null || v.startsWith(project + ":"))
                .map(v -> v.substring(v.indexOf(':') + 1)).toList();
        f = new ForeignHistory(f.tool(), f.table() + (project == null ? "" : " of project " + project), mine, false, false, false);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < f.versions().size(); i++) {
            String deployed = f.versions().get(i);
            if (i >= plan.size() || !plan.get(i).equals(deployed)) {
                throw new StagegateException(ErrorCode.ADOPTION_NEEDED, f.describe() + " deployed " + deployed + " as change " + (i + 1)
                        + ", where sqitch.plan has " + (i < plan.size() ? plan.get(i) : "no more changes") + (project == null ? " (the plan names no "
                        + "%project, so every project's changes were read; add its %project= line)" : "") + "; pass the plan it was deployed "
                        + "from, or --baseline VERSION (the plan's change number)");
            }
            versions.add(set.migrations().get(i).version().text());
        }
        return new ForeignHistory(f.tool(), f.table(), versions, false, false, true);
    }

    private static StagegateException refusal(long tables, String foreign) {
        return new StagegateException(ErrorCode.ADOPTION_NEEDED, "the database has " + tables + " table(s) but no stagegate history"
                + (foreign == null ? "" : " (found " + foreign + ")") + "; adopt it with `--baseline VERSION` (records migrations up to "
                + "VERSION as applied without running them), or `--baseline none` when the objects there are not the migrations' and "
                + "nothing is applied yet");
    }
}
