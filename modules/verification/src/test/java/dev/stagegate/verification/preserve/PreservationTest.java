package dev.stagegate.verification.preserve;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PreservationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void schema() throws Exception {
        db.execute("""
                DROP SCHEMA IF EXISTS app CASCADE; DROP SCHEMA IF EXISTS "we.ird" CASCADE;
                CREATE SCHEMA app;
                CREATE TABLE app.orgs (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE app.members (id bigint PRIMARY KEY, org_id bigint NOT NULL, role text);
                CREATE TABLE app.events (id bigint PRIMARY KEY, kind text);
                INSERT INTO app.orgs VALUES (1, 'a'), (2, 'b');
                INSERT INTO app.members VALUES (100, 1, 'x'), (101, 2, 'y'), (102, 2, NULL);
                INSERT INTO app.events SELECT g, 'e' || g FROM generate_series(1, 5) g;
                -- a schema and a table whose names contain dots
                CREATE SCHEMA "we.ird";
                CREATE TABLE "we.ird"."odd.name" (id int PRIMARY KEY);
                INSERT INTO "we.ird"."odd.name" VALUES (1), (2);
                """);
    }

    private static SchemaSnapshot snapshot() throws Exception {
        try (Connection c = db.connect()) {
            return new CatalogReader(c).read(false);
        }
    }

    private static Preservation.Capture capture(SchemaSnapshot s) throws Exception {
        try (Connection c = db.connect()) {
            return Preservation.capture(c, s, Preservation.Mode.CONTENT);
        }
    }

    private static void change(String sql) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            c.commit();
        }
    }

    @Test
    void theSameDataInAnotherPhysicalOrderIsPreserved() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("CREATE TEMP TABLE keep AS SELECT * FROM app.events; DELETE FROM app.events; "
                + "INSERT INTO app.events SELECT * FROM keep ORDER BY id DESC");
        assertThat(Preservation.compare(before, capture(s), Preservation.Mode.CONTENT, Set.of())).isEmpty();
        assertThat(before.tables()).containsOnlyKeys("app.orgs", "app.members", "app.events", "we.ird.odd.name");
        assertThat(before.table("we.ird.odd.name")).satisfies(t -> {
            assertThat(t.schema()).isEqualTo("we.ird");
            assertThat(t.name()).isEqualTo("odd.name");
            assertThat(t.rows()).isEqualTo(2);
        });
    }

    @Test
    void aLossInOneTableAndAGainInAnotherDoNotCancel() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("DELETE FROM app.members WHERE id = 102; INSERT INTO app.events VALUES (6, 'e6'); UPDATE app.orgs SET name = 'renamed' WHERE id = 2");
        assertThat(Preservation.compare(before, capture(s), Preservation.Mode.CONTENT, Set.of()))
                .extracting(Finding::code, Finding::object, Finding::message).containsExactlyInAnyOrder(
                        tuple("ROW_COUNT_CHANGED", "app.members", "rows before 3, after 2 (-1)"),
                        tuple("ROW_COUNT_CHANGED", "app.events", "rows before 5, after 6 (+1)"),
                        tuple("CONTENT_CHANGED", "app.orgs", "the same 2 rows, but their content changed (digest "
                                + before.table("app.orgs").digest() + " -> " + capture(s).table("app.orgs").digest() + ")"));
        assertThat(Preservation.compare(before, capture(s), Preservation.Mode.COUNTS, Set.of())).extracting(Finding::code)
                .containsExactlyInAnyOrder("ROW_COUNT_CHANGED", "ROW_COUNT_CHANGED");
    }

    @Test
    void aDroppedTableIsLostNotAnError() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("DROP TABLE \"we.ird\".\"odd.name\"");
        // Captured with the snapshot read before the drop: what exists is captured, the loss is found by compare.
        Preservation.Capture after = capture(s);
        assertThat(after.tables()).containsOnlyKeys("app.orgs", "app.members", "app.events");
        assertThat(Preservation.compare(before, after, Preservation.Mode.COUNTS, Set.of()))
                .extracting(Finding::code, Finding::object).containsExactly(tuple("TABLE_LOST", "we.ird.odd.name"));
    }

    @Test
    void anAlteredTableIsComparedColumnByColumn() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("ALTER TABLE app.members ADD COLUMN joined date; UPDATE app.members SET role = upper(role)");
        Preservation.Capture after = capture(snapshot());
        // Whole rows always differ after ADD COLUMN; by column, only role changed.
        assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, Set.of())).extracting(Finding::code, Finding::object)
                .containsExactly(tuple("CONTENT_CHANGED", "app.members"));
        assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, Set.of("app.members")))
                .extracting(Finding::code, Finding::object).containsExactly(tuple("COLUMN_CONTENT_CHANGED", "app.members.role"));
    }

    @Test
    void valuesSwappedBetweenRowsOfAnAlteredTableAreSeen() throws Exception {
        // hostile review #4: per-column digests of values alone missed balances moved between accounts
        change("CREATE TABLE app.acct (id int PRIMARY KEY, owner text, balance numeric); "
                + "INSERT INTO app.acct VALUES (1, 'alice', 100), (2, 'bob', 5)");
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("ALTER TABLE app.acct ADD COLUMN note text; UPDATE app.acct SET balance = CASE id WHEN 1 THEN 5 ELSE 100 END");
        Preservation.Capture after = capture(snapshot());
        assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, Set.of("app.acct")))
                .extracting(Finding::code, Finding::object).containsExactly(tuple("COLUMN_CONTENT_CHANGED", "app.acct.balance"));
        change("DROP TABLE app.acct");
    }

    @Test
    void aDroppedColumnsValuesAreReportedLost() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture before = capture(s);
        change("ALTER TABLE app.members DROP COLUMN role");
        Preservation.Capture after = capture(snapshot());
        assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, Set.of("app.members")))
                .extracting(Finding::code, Finding::object, Finding::message)
                .containsExactly(tuple("COLUMN_CONTENT_CHANGED", "app.members.role", "column role is gone, and with it the values of "
                        + before.table("app.members").rows() + " rows"));
    }

    @Test
    void aContentComparisonOfCountCapturesIsRefused() throws Exception {
        SchemaSnapshot s = snapshot();
        Preservation.Capture counts;
        try (Connection c = db.connect()) {
            counts = Preservation.capture(c, s, Preservation.Mode.COUNTS);
        }
        assertThat(counts.table("app.events").digest()).isNull();
        assertThat(Preservation.compare(counts, counts, Preservation.Mode.COUNTS, Set.of())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Preservation.compare(counts, counts, Preservation.Mode.CONTENT, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
