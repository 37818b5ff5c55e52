package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.source.MigrationSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The target's server going away in the middle of a rehearsal: one line that says so and names the copy it could not drop. */
class TargetGoneTest {

    @TempDir
    Path tmp;

    @Test
    void aServerThatStopsMidRehearsalIsOneLineNamingTheCopy() throws Exception {
        EmbeddedPostgresServer other = EmbeddedPostgresServer.start();
        try {
            other.createDatabase("gone", null);
            Target live = Target.builder("other").host(other.host()).port(other.port()).database("gone")
                    .user(EmbeddedPostgresServer.SUPERUSER).build();
            try (Connection c = Connector.open(live); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE g (id int)");
            }
            MigrationSet set = RehearsalFixtures.folder(tmp.resolve("m"),
                    "001_slow.sql", "ALTER TABLE g ADD COLUMN b int;\nSELECT pg_sleep(6);\n", "001_slow.rollback.sql", "ALTER TABLE g DROP COLUMN b;\n");
            try (Connection c = Connector.open(live); var engine = new dev.stagegate.migration.engine.MigrationEngine(c, set,
                    EngineOptions.defaults(), e -> { })) {
                engine.baseline("000");
            }
            CompletableFuture<Rehearsal.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return Rehearsal.run(live, set, EngineOptions.defaults(), Rehearsal.Options.defaults(), s -> { });
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2500);
            other.close();
            Throwable t = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
            assertThat(t).isInstanceOf(ExecutionException.class);
            Throwable cause = t.getCause();
            assertThat(cause).as(String.valueOf(cause)).isInstanceOf(StagegateException.class);
            assertThat(cause.getMessage()).doesNotContain("\n").contains("sg_rehearsal_");
            assertThat(((StagegateException) cause).code().exitCode().code()).isEqualTo(3);
        } finally {
            other.close();
        }
    }
}
