package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.Index;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FK_UNINDEXED on a partitioned table advises what PostgreSQL accepts: ON ONLY, then CONCURRENTLY and ATTACH per partition. */
class PartitionedIndexAdviceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final String LONG = "ticks_2024_with_a_rather_long_name_for_the_partition_of_ticks";

    @Test
    void theAdviceRunsAndIndexesTheKey() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + """
                CREATE TABLE ticks (id bigint NOT NULL, account_id bigint NOT NULL REFERENCES accounts (id), kind text NOT NULL,
                    at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE %s PARTITION OF ticks FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE ticks_2025 PARTITION OF ticks FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind);
                CREATE TABLE ticks_2025_a PARTITION OF ticks_2025 FOR VALUES IN ('a');
                CREATE TABLE ticks_2025_b PARTITION OF ticks_2025 DEFAULT;
                INSERT INTO ticks VALUES (1, 1, 'a', '2024-03-01'), (2, 2, 'a', '2025-03-01'), (3, 1, 'b', '2025-04-01');
                -- the name the advice would pick first is taken
                CREATE INDEX ticks_account_id_idx ON accounts (name);
                """.formatted(LONG));
        Finding f = unindexed().stream().filter(x -> x.object().startsWith("public.ticks.")).findFirst().orElseThrow();
        assertThat(f.message()).contains("on a partitioned table CREATE INDEX CONCURRENTLY is refused")
                .doesNotContain("CONCURRENTLY ON ticks", "CONCURRENTLY ON \"public\".\"ticks\" ");
        List<String> fix = PartitionDriftTest.fixes(f);
        assertThat(fix).containsExactly(
                "CREATE INDEX \"ticks_account_id1_idx\" ON ONLY \"public\".\"ticks\" USING btree (\"account_id\")",
                "CREATE INDEX CONCURRENTLY \"ticks_2024_with_a_rather_long_name_for_the_partition_of_tic_idx\" ON \"public\".\"" + LONG
                        + "\" USING btree (\"account_id\")",
                "ALTER INDEX \"public\".\"ticks_account_id1_idx\" ATTACH PARTITION \"public\".\"ticks_2024_with_a_rather_long_name_for_the_partition_of_tic_idx\"",
                "CREATE INDEX \"ticks_2025_account_id_idx\" ON ONLY \"public\".\"ticks_2025\" USING btree (\"account_id\")",
                "CREATE INDEX CONCURRENTLY \"ticks_2025_a_account_id_idx\" ON \"public\".\"ticks_2025_a\" USING btree (\"account_id\")",
                "ALTER INDEX \"public\".\"ticks_2025_account_id_idx\" ATTACH PARTITION \"public\".\"ticks_2025_a_account_id_idx\"",
                "CREATE INDEX CONCURRENTLY \"ticks_2025_b_account_id_idx\" ON \"public\".\"ticks_2025_b\" USING btree (\"account_id\")",
                "ALTER INDEX \"public\".\"ticks_2025_account_id_idx\" ATTACH PARTITION \"public\".\"ticks_2025_b_account_id_idx\"",
                "ALTER INDEX \"public\".\"ticks_account_id1_idx\" ATTACH PARTITION \"public\".\"ticks_2025_account_id_idx\"");

        assertThat("ticks_2024_with_a_rather_long_name_for_the_partition_of_tic_idx").as("names fit NAMEDATALEN").hasSize(63);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // what the advice used to say
            assertThatThrownBy(() -> st.execute("CREATE INDEX CONCURRENTLY ON ticks (account_id)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot create index on partitioned table \"ticks\" concurrently");
            for (String sql : fix) {
                st.execute(sql); // autocommit, one statement at a time, as CONCURRENTLY requires
            }
        }
        assertThat(unindexed()).noneMatch(x -> x.object().startsWith("public.ticks"));
        try (Connection c = db.connect()) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            assertThat(s.indexes()).filteredOn(i -> i.name().equals("ticks_account_id1_idx")).singleElement().extracting(Index::valid)
                    .isEqualTo(true);
        }
    }

    private static List<Finding> unindexed() throws Exception {
        try (Connection c = db.connect()) {
            return ForeignKeyChecks.catalog(new CatalogReader(c).read(false), List.of(), 0).stream()
                    .filter(f -> f.code().equals("FK_UNINDEXED")).toList();
        }
    }
}
