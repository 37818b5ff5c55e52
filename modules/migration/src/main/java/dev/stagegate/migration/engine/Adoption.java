package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.MigrationSet;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to migrate a database that has tables or another tool's history but no stagegate
 * history: running 001 on it would fail half-way or, worse, succeed on top of a foreign schema.
 */
final class Adoption {

    private Adoption() {
    }

    static void require(MigrationSet set, History history) {
        try {
            if (set.isChangelog()) {
                return;
            }
            List<AppliedMigration> rows = history.applied();
            if (rows.stream().anyMatch(r -> ChangelogWriter.AUTHOR.equals(r.author()))) {
                return;
            }
            long tables = history.userTables();
            Optional<String> foreign = rows.isEmpty() ? history.foreignHistory()
                    : Optional.of("Liquibase history of another changelog (" + rows.size() + " changesets)");
            if (tables > 0 || foreign.isPresent()) {
                throw new StagegateException(ErrorCode.ADOPTION_NEEDED, "the database has " + tables + " table(s) but no "
                        + "stagegate history" + foreign.map(f -> " (found " + f + ")").orElse("")
                        + "; adopt it with `--baseline VERSION` (records migrations up to VERSION as applied without running them)");
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot inspect the database: " + e.getMessage(), e);
        }
    }
}
