package dev.stagegate.migration.env;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock estimate against what PostgreSQL really holds: each c2pro migration runs in one transaction
 * and, before its COMMIT, the relation locks the session holds are counted in {@code pg_locks}. The
 * estimate is documented as a lower bound, and pinned so a change of the scanner shows.
 */
class EnvLockEstimateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Path MIGRATIONS = Path.of("../../scripts/c2pro/migrations");

    @Test
    void theEstimateIsALowerBoundOfTheRelationLocksEachC2proMigrationHolds() throws Exception {
        List<String> files = List.of("001_initial_schema.sql", "002_rls_policies.sql", "003_foreign_keys.sql",
                "004_indexes_optimization.sql", "005_audit_logging.sql");
        Map<String, Integer> estimates = new LinkedHashMap<>();
        Map<String, Long> held = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (String file : files) {
                String sql = Files.readString(MIGRATIONS.resolve(file));
                texts.add(sql);
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                    try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT l.relation) FROM pg_locks l "
                            + "JOIN pg_class r ON r.oid = l.relation WHERE l.pid = pg_backend_pid() "
                            + "AND l.locktype = 'relation' AND r.relnamespace <> 'pg_catalog'::regnamespace")) {
                        rs.next();
                        held.put(file, rs.getLong(1));
                    }
                }
                c.commit();
                estimates.put(file, MigrationNeeds.estimateLocks(sql));
            }
        }
        for (String file : files) {
            assertThat((long) estimates.get(file)).as(file + " estimate vs pg_locks").isPositive()
                    .isLessThanOrEqualTo(held.get(file));
        }
        assertThat(estimates).containsExactlyEntriesOf(PINNED);
        MigrationNeeds needs = MigrationNeeds.fromSql(texts);
        assertThat(needs.lockEstimate()).isEqualTo(PINNED.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertThat(needs.extensions()).isEmpty();
    }

    /** On PostgreSQL 15 the files hold 53, 13, 29, 44 and 10 relation locks (toast tables, key indexes, sequences). */
    private static final Map<String, Integer> PINNED = pinned();

    private static Map<String, Integer> pinned() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("001_initial_schema.sql", 13);
        m.put("002_rls_policies.sql", 13);
        m.put("003_foreign_keys.sql", 13);
        m.put("004_indexes_optimization.sql", 44);
        m.put("005_audit_logging.sql", 6);
        return m;
    }
}
