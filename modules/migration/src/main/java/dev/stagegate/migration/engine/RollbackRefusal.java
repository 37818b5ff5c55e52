package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.Migration;

import java.util.List;

/** What makes a rollback refused before anything is undone: a version not applied, a migration without rollback. */
final class RollbackRefusal {

    private RollbackRefusal() {
    }

    /** @param target null: every migration ({@code --to none}) */
    static void check(MigrationStatus before, Migration target, String toVersion) {
        if (target != null && before.applied().stream().noneMatch(m -> m.version().sameAs(target.version()))) {
            throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "version " + toVersion + " is not applied (the schema is at "
                    + (before.currentVersion() == null ? "none" : before.currentVersion()) + "); roll back only to an applied version");
        }
        List<String> missing = before.applied().stream().filter(m -> target == null || m.version().compareTo(target.version()) > 0)
                .filter(m -> m.rollbackFile() == null).map(Migration::fileName).toList();
        if (!missing.isEmpty()) {
            throw new StagegateException(ErrorCode.ROLLBACK_MISSING, "cannot roll back to " + toVersion + ": no rollback for "
                    + String.join(", ", missing) + "; add the .rollback.sql file(s), nothing was changed");
        }
    }

    /** A target behind the schema is a rollback, never "nothing to apply". */
    static void olderTarget(dev.stagegate.migration.source.MigrationSet set, String toVersion, String target, String current) {
        if (toVersion != null && !set.isChangelog() && current != null
                && new dev.stagegate.migration.source.Version(target).compareTo(new dev.stagegate.migration.source.Version(current)) < 0) {
            throw new StagegateException(ErrorCode.USAGE, "target " + target + " is older than the current version "
                    + current + "; use rollback");
        }
    }
}
