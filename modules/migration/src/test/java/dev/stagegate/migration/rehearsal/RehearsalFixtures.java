package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.target.Target;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A target for a rehearsal test and throwaway migration folders. */
final class RehearsalFixtures {

    private RehearsalFixtures() {
    }

    static Target target(TestDatabase db) {
        URI u = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        return Target.builder("test").host(u.getHost()).port(u.getPort()).database(db.name()).user(db.user()).password(db.password(), "test").build();
    }

    /** The migration every folder starts with: the database was made by hand, and is baselined at 000. */
    static final String BASE = "CREATE TABLE base_marker (id int);\n";

    /** Records {@code 000_base.sql} as applied on the test database, which a test built by hand. */
    static void baseline(TestDatabase db, Path dir) throws Exception {
        MigrationSet set = folder(dir);
        try (java.sql.Connection c = db.connect(); var engine = new dev.stagegate.migration.engine.MigrationEngine(c, set,
                dev.stagegate.migration.engine.EngineOptions.defaults(), e -> { })) {
            engine.baseline("000");
        }
    }

    /** {@code 000_base.sql}, then files as name, sql, name, sql...; a name ending in .rollback.sql is a rollback. */
    static MigrationSet folder(Path dir, String... namesAndSql) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("000_base.sql"), BASE);
        Files.writeString(dir.resolve("000_base.rollback.sql"), "DROP TABLE base_marker;\n");
        for (int i = 0; i < namesAndSql.length; i += 2) {
            Files.writeString(dir.resolve(namesAndSql[i]), namesAndSql[i + 1]);
        }
        return MigrationSource.read(dir);
    }
}
