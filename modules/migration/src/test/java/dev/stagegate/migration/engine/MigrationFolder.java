package dev.stagegate.migration.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a throwaway migrations folder for a test. */
final class MigrationFolder {

    private final Path dir;

    MigrationFolder(Path dir) {
        this.dir = dir;
    }

    MigrationFolder add(String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
        return this;
    }

    MigrationFolder add(String name, String sql, String rollback) throws IOException {
        add(name, sql);
        Files.writeString(dir.resolve(name.replace(".sql", ".rollback.sql")), rollback);
        return this;
    }

    Path path() {
        return dir;
    }
}
