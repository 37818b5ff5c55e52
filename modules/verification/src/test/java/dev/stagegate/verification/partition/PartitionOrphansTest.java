package dev.stagegate.verification.partition;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition lacking the foreign key its siblings declare lets an orphan in. */
class PartitionOrphansTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;

    @BeforeAll
    static void schema() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + PartitionedSchemas.DRIFTING);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
    }

    @Test
    void theOrphanScanAloneMissesTheOrphan() throws Exception {
        // The scan reads each declared key; events_2023 declares none, so its row 404 is never read.
        try (Connection c = db.connect()) {
            ForeignKeyChecks.OrphanScan scan = ForeignKeyChecks.orphans(c, snapshot);
            assertThat(scan.orphans()).isZero();
            assertThat(scan.findings()).isEmpty();
        }
        try (Connection c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM events_2023 e WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.account_id)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the fixture's orphan").isEqualTo(1);
        }
    }
}
