package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** Which migrations a command works on: a folder or changelog, or an example's. */
final class MigrationInput {

    @Option(names = {"-m", "--migrations"}, paramLabel = "PATH",
            description = "The migrations: a folder (numbered NNN_name.sql + .rollback.sql, Flyway, golang-migrate, diesel, "
                    + "dbmate, Sqitch, graphile-migrate, Supabase) or a Liquibase changelog.")
    Path migrations;

    @Parameters(arity = "0..1", paramLabel = "MIGRATIONS", description = "The same as -m: `stagegate validate migrations/`.")
    Path positional;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "The folder's layout when detection guesses wrong: auto (default), "
            + "numbered, flyway, golang-migrate, diesel, graphile-migrate, supabase, dbmate, sqitch or liquibase.")
    String layout;

    @Option(names = "--example", paramLabel = "NAME", description = "Use an example's migrations (e.g. c2pro); with no target, its embedded database.")
    String exampleName;

    Example example() {
        return exampleName == null ? null : Example.locate(exampleName);
    }

    MigrationSet read() {
        if (positional != null && migrations != null && !positional.equals(migrations)) {
            throw new StagegateException(ErrorCode.USAGE, "two migrations paths given (" + migrations + " and " + positional + "); give one");
        }
        Path given = migrations != null ? migrations : positional;
        if (given != null) {
            return MigrationSource.read(given, layout);
        }
        if (exampleName != null) {
            return MigrationSource.read(example().migrationsDir(), layout);
        }
        throw new StagegateException(ErrorCode.USAGE, "no migrations given; pass --migrations PATH or --example NAME");
    }
}
