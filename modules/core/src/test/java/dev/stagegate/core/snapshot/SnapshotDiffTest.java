package dev.stagegate.core.snapshot;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotDiffTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private SchemaSnapshot snap() throws Exception {
        try (Connection c = db.connect()) {
            return new CatalogReader(c).read(true);
        }
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

    @Test
    void identicalSnapshotsHaveNoChanges() throws Exception {
        SchemaSnapshot s = snap();
        assertThat(SnapshotDiff.between(s, s).isEmpty()).isTrue();
    }
}
