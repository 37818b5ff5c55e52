package dev.stagegate.console.config;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.source.MigrationSource;

/**
 * Checks an example's version and scale before its database is dropped: an exit 2 must leave the
 * database as it was ("nothing was changed").
 */
public final class ExampleArguments {

    private ExampleArguments() {
    }

    public static void check(Example example, String to, int scale) {
        if (scale < 0) {
            throw new StagegateException(ErrorCode.USAGE, "scale must be 0 or more, not " + scale + "; nothing was changed");
        }
        if (to != null && MigrationSource.read(example.migrationsDir()).find(to).isEmpty()) {
            throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "example " + example.name() + " has no migration " + to
                    + "; nothing was changed (see stagegate status --example " + example.name() + ")");
        }
    }
}
