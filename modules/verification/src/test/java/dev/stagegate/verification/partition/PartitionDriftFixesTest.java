package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixes the drift findings give are statements PostgreSQL accepts, and they end the drift. */
class PartitionDriftFixesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void applyingEveryFixLeavesNoDrift() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + PartitionedSchemas.DRIFTING);
        // the key's fix would (rightly) fail on the orphan it let in
        db.execute("DELETE FROM events_2023 WHERE account_id = 404");
        List<Finding> before = drift();
        assertThat(before).hasSize(7);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (Finding f : before) {
                for (String sql : PartitionDriftTest.fixes(f)) {
                    st.execute(sql); // autocommit: CREATE INDEX CONCURRENTLY cannot run in a transaction
                }
            }
        }
        assertThat(drift()).isEmpty();
    }

    private static List<Finding> drift() throws Exception {
        try (Connection c = db.connect()) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            return PartitionDrift.check(s);
        }
    }
}
