package dev.stagegate.core.snapshot;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotDiffTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The public schema only: the other tests of this class build their own schemas. */
    private SchemaSnapshot snap() throws Exception {
        return snapOf("public", true);
    }

    @Test
    void reportsAddedRemovedAndChangedObjectsAndCountsBeforeAndAfter() throws Exception {
        db.execute("""
                CREATE TABLE parent (id int PRIMARY KEY);
                CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(10));
                CREATE TABLE doomed (id int);
                CREATE INDEX child_note ON child (note);
                INSERT INTO parent VALUES (1), (2);
                """);
        SchemaSnapshot before = snap();
        db.execute("""
                ALTER TABLE child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id);
                ALTER TABLE child ALTER COLUMN note TYPE text;
                ALTER TABLE child ADD COLUMN created_at timestamptz;
                ALTER TABLE child ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON child USING (parent_id = 1);
                DROP TABLE doomed;
                DROP INDEX child_note;
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
                INSERT INTO parent VALUES (3);
                """);
        SchemaSnapshot after = snap();
        SnapshotDiff diff = SnapshotDiff.between(before, after);

        assertThat(diff.ofKind("table", SnapshotDiff.Type.REMOVED)).extracting(SnapshotDiff.Change::object)
                .containsExactly("public.doomed");
        assertThat(diff.ofKind("table", SnapshotDiff.Type.CHANGED)).singleElement().satisfies(c -> {
            assertThat(c.object()).isEqualTo("public.child");
            assertThat(c.detail()).contains("column note character varying(10) -> text")
                    .contains("column created_at added").contains("RLS enabled");
        });
        assertThat(diff.ofKind("foreign key", SnapshotDiff.Type.ADDED)).extracting(SnapshotDiff.Change::object)
                .containsExactly("public.child.child_parent_fkey");
        assertThat(diff.ofKind("policy", SnapshotDiff.Type.ADDED)).hasSize(1);
        assertThat(diff.ofKind("index", SnapshotDiff.Type.REMOVED)).extracting(SnapshotDiff.Change::object)
                .containsExactly("public.child_note");
        assertThat(diff.ofKind("function", SnapshotDiff.Type.ADDED)).hasSize(1);
        assertThat(diff.countsBefore().get("tables")).isEqualTo(3L);
        assertThat(diff.countsAfter().get("tables")).isEqualTo(2L);
        assertThat(diff.rowCounts()).anySatisfy(r -> {
            assertThat(r.table()).isEqualTo("public.parent");
            assertThat(r.before()).isEqualTo(2);
            assertThat(r.after()).isEqualTo(3);
            assertThat(r.exact()).isTrue();
        });
        String md = diff.toMarkdown("Pre/post diff");
        assertThat(md).contains("| tables | 3 | 2 | -1 |").contains("`public.doomed` | removed");
    }

    /**
     * Two reads taken separately, with data written, indexes grown and ANALYZE run in between: sizes,
     * {@code capturedAt} and {@code reltuples} all move (the test checks they did), and none is a change.
     */
    @Test
    void twoReadsOfAnUnchangedSchemaWithMovingDataAndStatisticsHaveNoChanges() throws Exception {
        db.execute("""
                CREATE SCHEMA steady;
                CREATE TABLE steady.accounts (id int PRIMARY KEY, email text NOT NULL UNIQUE, note text);
                CREATE TABLE steady.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id int NOT NULL REFERENCES steady.accounts (id) ON DELETE CASCADE, payload text);
                CREATE INDEX events_account_idx ON steady.events (account_id);
                ALTER TABLE steady.events ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON steady.events USING (account_id > 0);
                CREATE VIEW steady.v_events AS SELECT account_id, count(*) FROM steady.events GROUP BY 1;
                INSERT INTO steady.accounts SELECT g, 'a' || g || '@example.com', NULL FROM generate_series(1, 10) g;
                """);
        SchemaSnapshot before = snapOf("steady", false);
        db.execute("""
                INSERT INTO steady.accounts SELECT g, 'a' || g || '@example.com', repeat('x', 200) FROM generate_series(11, 3000) g;
                INSERT INTO steady.events (account_id, payload) SELECT 1 + g % 3000, repeat('p', 100) FROM generate_series(1, 5000) g;
                ANALYZE steady.accounts;
                ANALYZE steady.events;
                """);
        SchemaSnapshot after = snapOf("steady", false);

        assertThat(after.capturedAt()).isNotEqualTo(before.capturedAt());
        assertThat(after.table("steady.accounts").orElseThrow().estimatedRows())
                .isNotEqualTo(before.table("steady.accounts").orElseThrow().estimatedRows());
        assertThat(after.table("steady.events").orElseThrow().totalBytes())
                .isGreaterThan(before.table("steady.events").orElseThrow().totalBytes());
        assertThat(after.indexes().stream().filter(i -> i.name().equals("events_account_idx")).findFirst().orElseThrow().bytes())
                .isGreaterThan(before.indexes().stream().filter(i -> i.name().equals("events_account_idx")).findFirst().orElseThrow().bytes());
        assertThat(before.tables()).isNotEqualTo(after.tables());

        SnapshotDiff diff = SnapshotDiff.between(before, after);
        assertThat(diff.changes()).isEmpty();
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.countsAfter()).isEqualTo(diff.countsBefore());
        assertThat(diff.countsBefore()).containsEntry("tables", 2L).containsEntry("indexes", 4L)
                .containsEntry("foreign_keys", 1L).containsEntry("policies", 1L).containsEntry("views", 1L);
    }

    /** A snapshot written to JSON and read back, diffed against a new live read: no change either way. */
    @Test
    void aJsonRoundTripDiffedAgainstALiveReadHasNoChanges() throws Exception {
        db.execute("""
                CREATE SCHEMA trip;
                CREATE TABLE trip.parent (id int PRIMARY KEY, label varchar(20) DEFAULT 'none', CHECK (id > 0));
                CREATE TABLE trip.child (id int PRIMARY KEY, parent_id int REFERENCES trip.parent (id) ON DELETE SET NULL,
                    amount numeric(10, 2) NOT NULL DEFAULT 0);
                CREATE UNIQUE INDEX child_parent_amount ON trip.child (parent_id, amount) WHERE amount > 0;
                ALTER TABLE trip.child ENABLE ROW LEVEL SECURITY;
                ALTER TABLE trip.child FORCE ROW LEVEL SECURITY;
                CREATE POLICY p_read ON trip.child FOR SELECT USING (parent_id IS NOT NULL);
                CREATE FUNCTION trip.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER child_touch BEFORE UPDATE ON trip.child FOR EACH ROW EXECUTE FUNCTION trip.touch();
                CREATE MATERIALIZED VIEW trip.mv AS SELECT parent_id, sum(amount) FROM trip.child GROUP BY 1;
                INSERT INTO trip.parent (id) SELECT generate_series(1, 50);
                INSERT INTO trip.child SELECT g, 1 + g % 50, g FROM generate_series(1, 200) g;
                """);
        SchemaSnapshot live = snapOf("trip", true);
        SchemaSnapshot restored = SnapshotJson.read(SnapshotJson.write(live));
        db.execute("INSERT INTO trip.parent (id) SELECT generate_series(51, 60); ANALYZE trip.parent;");
        SchemaSnapshot liveAgain = snapOf("trip", true);

        assertThat(SnapshotDiff.between(restored, liveAgain).changes()).isEmpty();
        assertThat(SnapshotDiff.between(liveAgain, restored).changes()).isEmpty();
        assertThat(SnapshotDiff.between(restored, liveAgain).rowCounts()).filteredOn(r -> r.table().equals("trip.parent"))
                .singleElement().satisfies(r -> {
                    assertThat(r.before()).isEqualTo(50);
                    assertThat(r.after()).isEqualTo(60);
                    assertThat(r.exact()).isTrue();
                });
        // And the diff still sees a real change made after the round trip.
        db.execute("ALTER TABLE trip.parent ADD COLUMN extra int");
        assertThat(SnapshotDiff.between(restored, snapOf("trip", true)).ofKind("table", SnapshotDiff.Type.CHANGED))
                .singleElement().satisfies(c -> assertThat(c.detail()).contains("column extra added"));
    }

    private SchemaSnapshot snapOf(String schema, boolean exact) throws Exception {
        try (Connection c = db.connect()) {
            return new CatalogReader(c).read(java.util.List.of(schema), exact);
        }
    }
}
