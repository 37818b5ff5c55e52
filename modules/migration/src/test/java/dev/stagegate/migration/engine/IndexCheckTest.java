package dev.stagegate.migration.engine;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** INVALID indexes that cannot be read are "unknown", and that fails the run; they are never "none". */
class IndexCheckTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void anUnreadablePgIndexIsUnknownAndFailsTheRun() throws Exception {
        Connection c = db.connect();
        c.close();
        IndexCheck check = IndexCheck.of(c);
        assertThat(check.invalid()).isEmpty();
        assertThat(check.unknown()).startsWith("INVALID indexes are unknown, pg_index could not be read (").endsWith("); check them by hand");
        assertThat(check.addTo(null)).isEqualTo(check.unknown());
        assertThat(check.addTo("001_a.sql: boom")).isEqualTo("001_a.sql: boom; " + check.unknown());
    }

    @Test
    void aReadableCleanDatabaseHasNoInvalidIndexesAndAddsNothing() throws Exception {
        try (Connection c = db.connect()) {
            IndexCheck check = IndexCheck.of(c);
            assertThat(check.invalid()).isEmpty();
            assertThat(check.unknown()).isNull();
            assertThat(check.addTo(null)).isNull();
        }
    }
}
