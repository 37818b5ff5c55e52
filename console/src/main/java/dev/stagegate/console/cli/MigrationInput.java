package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which migrations a command works on: a folder or changelog, or an example's. */
final class MigrationInput {

    @Option(names = {"-m", "--migrations"}, paramLabel = "PATH",
            description = "Folder of NNN_name.sql (+ .rollback.sql) or V<n>__name.sql (+ U<n>__) files, or a Liquibase changelog.")
    Path migrations;

    @Option(names = "--example", paramLabel = "NAME", description = "Use an example's migrations (e.g. c2pro); with no target, its embedded database.")
    String exampleName;

    Example example() {
        return exampleName == null ? null : Example.locate(exampleName);
    }

    MigrationSet read() {
        if (migrations != null) {
            return MigrationSource.read(migrations);
        }
        if (exampleName != null) {
            return MigrationSource.read(example().migrationsDir());
        }
        throw new StagegateException(ErrorCode.USAGE, "no migrations given; pass --migrations PATH or --example NAME");
    }
}
