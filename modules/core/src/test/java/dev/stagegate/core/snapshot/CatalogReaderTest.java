package dev.stagegate.core.snapshot;

import dev.stagegate.testkit.QueryCounter;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogReaderTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                CREATE EXTENSION IF NOT EXISTS pgcrypto;
                CREATE SCHEMA app;
                CREATE TABLE app.tenants (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE app.projects (
                    id int PRIMARY KEY,
                    tenant_id int NOT NULL,
                    name text DEFAULT 'unnamed',
                    created_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT name_not_empty CHECK (name <> '')
                );
                ALTER TABLE app.projects ADD CONSTRAINT projects_tenant_fk FOREIGN KEY (tenant_id)
                    REFERENCES app.tenants (id) ON DELETE CASCADE NOT VALID;
                CREATE TABLE app.pairs (a int, b int, PRIMARY KEY (a, b));
                CREATE TABLE app.pair_refs (x int, y int, FOREIGN KEY (x, y) REFERENCES app.pairs (a, b) ON DELETE SET NULL);
                CREATE INDEX projects_tenant_idx ON app.projects (tenant_id, lower(name)) WHERE tenant_id > 0;
                ALTER TABLE app.projects ENABLE ROW LEVEL SECURITY;
                ALTER TABLE app.projects FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_read ON app.projects FOR SELECT TO public
                    USING (tenant_id = current_setting('app.tenant', true)::int);
                CREATE POLICY tenant_write ON app.projects AS RESTRICTIVE FOR INSERT TO public WITH CHECK (true);
                CREATE VIEW app.v_open WITH (security_invoker = true) AS SELECT id FROM app.projects;
                CREATE VIEW app.v_leaky AS SELECT id FROM app.projects;
                CREATE MATERIALIZED VIEW app.mv_counts AS SELECT tenant_id, count(*) FROM app.projects GROUP BY 1;
                CREATE FUNCTION app.safe() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = app, pg_temp AS 'SELECT 1';
                CREATE FUNCTION app.unsafe() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 2';
                CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER projects_touch BEFORE UPDATE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.touch();
                INSERT INTO app.tenants VALUES (1, 'a'), (2, 'b');
                INSERT INTO app.projects (id, tenant_id) VALUES (1, 1), (2, 1), (3, 2);
                """);
    }

    private SchemaSnapshot read(boolean exact) throws Exception {
        try (Connection c = db.connect()) {
            return new CatalogReader(c).read(List.of("app"), exact);
        }
    }

    @Test
    void readsTablesColumnsKeysAndRlsFlags() throws Exception {
        SchemaSnapshot s = read(true);
        assertThat(s.schemas()).containsExactly("app");
        Table projects = s.table("app.projects").orElseThrow();
        assertThat(projects.rlsEnabled()).isTrue();
        assertThat(projects.rlsForced()).isTrue();
        assertThat(projects.primaryKey()).containsExactly("id");
        assertThat(projects.exactRows()).isEqualTo(3L);
        assertThat(projects.columns()).extracting(Column::name).containsExactly("id", "tenant_id", "name", "created_at");
        assertThat(projects.columns().get(2).defaultExpression()).isEqualTo("'unnamed'::text");
        assertThat(projects.columns().get(1).nullable()).isFalse();
        assertThat(s.table("app.pairs").orElseThrow().primaryKey()).containsExactly("a", "b");
        assertThat(s.table("app.tenants").orElseThrow().rlsEnabled()).isFalse();
    }

    @Test
    void readsForeignKeysWithActionsValidityAndMultipleColumns() throws Exception {
        SchemaSnapshot s = read(false);
        ForeignKey fk = s.foreignKeys().stream().filter(f -> f.name().equals("projects_tenant_fk")).findFirst().orElseThrow();
        assertThat(fk.columns()).containsExactly("tenant_id");
        assertThat(fk.qualifiedRefTable()).isEqualTo("app.tenants");
        assertThat(fk.onDelete()).isEqualTo("CASCADE");
        assertThat(fk.validated()).isFalse();
        ForeignKey multi = s.foreignKeys().stream().filter(f -> f.table().equals("pair_refs")).findFirst().orElseThrow();
        assertThat(multi.columns()).containsExactly("x", "y");
        assertThat(multi.refColumns()).containsExactly("a", "b");
        assertThat(multi.onDelete()).isEqualTo("SET NULL");
        assertThat(multi.validated()).isTrue();
        assertThat(s.constraints()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("name_not_empty");
            assertThat(c.kind()).isEqualTo("CHECK");
        });
    }

    @Test
    void readsIndexesPoliciesViewsFunctionsTriggersAndExtensions() throws Exception {
        SchemaSnapshot s = read(false);
        Index idx = s.indexes().stream().filter(i -> i.name().equals("projects_tenant_idx")).findFirst().orElseThrow();
        assertThat(idx.columns()).containsExactly("tenant_id", "lower(name)");
        assertThat(idx.partial()).isTrue();
        assertThat(idx.valid()).isTrue();
        assertThat(s.policies()).hasSize(2);
        Policy read = s.policies().stream().filter(p -> p.name().equals("tenant_read")).findFirst().orElseThrow();
        assertThat(read.command()).isEqualTo("SELECT");
        assertThat(read.permissive()).isTrue();
        assertThat(read.roles()).containsExactly("public");
        assertThat(read.using()).contains("current_setting('app.tenant'");
        Policy write = s.policies().stream().filter(p -> p.name().equals("tenant_write")).findFirst().orElseThrow();
        assertThat(write.permissive()).isFalse();
        assertThat(write.withCheck()).isEqualTo("true");
        assertThat(s.views()).extracting(View::name, View::securityInvoker, View::materialized)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("v_open", true, false),
                        org.assertj.core.groups.Tuple.tuple("v_leaky", false, false),
                        org.assertj.core.groups.Tuple.tuple("mv_counts", false, true));
        assertThat(s.views().stream().filter(v -> v.name().equals("v_leaky")).findFirst().orElseThrow().sources())
                .containsExactly("app.projects");
        assertThat(s.functions()).extracting(Function::name, Function::securityDefiner, Function::searchPathFixed)
                .contains(org.assertj.core.groups.Tuple.tuple("safe", true, true),
                        org.assertj.core.groups.Tuple.tuple("unsafe", true, false));
        assertThat(s.functions()).noneMatch(f -> f.name().equals("gen_random_bytes"));
        assertThat(s.triggers()).singleElement().satisfies(tg -> {
            assertThat(tg.name()).isEqualTo("projects_touch");
            assertThat(tg.function()).isEqualTo("app.touch");
        });
        try (Connection c = db.connect()) {
            assertThat(new CatalogReader(c).read(true).extensions()).extracting(Extension::name).contains("pgcrypto", "plpgsql");
        }
    }

    @Test
    void issuesAFixedNumberOfQueriesWhateverTheSchemaSize() throws Exception {
        int small = countQueries(false);
        StringBuilder ddl = new StringBuilder("CREATE SCHEMA bulk;");
        for (int i = 0; i < 60; i++) {
            ddl.append("CREATE TABLE bulk.t").append(i).append(" (id int PRIMARY KEY, parent int REFERENCES bulk.t")
                    .append(i == 0 ? 0 : i - 1).append(" (id));")
                    .append("ALTER TABLE bulk.t").append(i).append(" ENABLE ROW LEVEL SECURITY;")
                    .append("CREATE POLICY p ON bulk.t").append(i).append(" USING (id > 0);")
                    .append("CREATE INDEX ON bulk.t").append(i).append(" (parent);");
        }
        db.execute(ddl.toString());
        try {
            int large = countQueries(false);
            // BEGIN ... REPEATABLE READ READ ONLY and COMMIT around the 11 catalog queries.
            assertThat(large).isEqualTo(small).isEqualTo(CatalogReader.QUERIES)
                    .isEqualTo(CatalogReader.CATALOG_QUERIES + CatalogReader.TRANSACTION_STATEMENTS).isEqualTo(13);
            assertThat(countQueries(true)).isEqualTo(CatalogReader.QUERIES + 1);
        } finally {
            db.execute("DROP SCHEMA bulk CASCADE");
        }
    }

    private int countQueries(boolean exact) throws Exception {
        QueryCounter counter = new QueryCounter();
        try (Connection c = counter.wrap(db.connect())) {
            new CatalogReader(c).read(exact);
        }
        return counter.count();
    }

    @Test
    void readsOneSnapshotEvenWhenDdlCommitsBetweenItsQueries() throws Exception {
        String ddl = "CREATE TABLE app.late_parent (id int PRIMARY KEY); "
                + "CREATE TABLE app.late_child (id int PRIMARY KEY, parent_id int REFERENCES app.late_parent (id))";
        try (Connection c = db.connect()) {
            Connection interfering = ddlBeforeTheForeignKeyQuery(c, ddl);
            SchemaSnapshot s = new CatalogReader(interfering).read(List.of("app"), false);
            // The DDL committed after the table query and before the foreign key query; in one snapshot neither is seen.
            assertThat(s.tables()).extracting(Table::name).doesNotContain("late_parent", "late_child");
            assertThat(s.foreignKeys()).extracting(ForeignKey::table).doesNotContain("late_child");
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE app.after_read (id int)"); // not left read-only or inside a transaction
            }
            SchemaSnapshot later = new CatalogReader(c).read(List.of("app"), false);
            assertThat(later.tables()).extracting(Table::name).contains("late_parent", "late_child", "after_read");
            assertThat(later.foreignKeys()).extracting(ForeignKey::table).contains("late_child");
        } finally {
            db.execute("DROP TABLE IF EXISTS app.late_child, app.late_parent, app.after_read");
        }
    }

    @Test
    void insideACallersTransactionItReadsThereAndLeavesTheTransactionOpen() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE app.uncommitted (id int)");
            }
            QueryCounter counter = new QueryCounter();
            SchemaSnapshot s = new CatalogReader(counter.wrap(c)).read(List.of("app"), false);
            assertThat(counter.count()).isEqualTo(CatalogReader.CATALOG_QUERIES).isEqualTo(11);
            assertThat(s.tables()).extracting(Table::name).contains("uncommitted");
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO app.uncommitted VALUES (1)"); // still writable, still the same transaction
            }
            c.rollback();
            assertThat(new CatalogReader(c).read(List.of("app"), false).tables()).extracting(Table::name)
                    .doesNotContain("uncommitted");
            c.rollback();
        }
    }

    @Test
    void aFailedReadRollsBackItsTransactionAndLeavesTheConnectionUsable() throws Exception {
        try (Connection c = db.connect()) {
            Connection failing = failOnForeignKeyQuery(c);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CatalogReader(failing).read(false))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(c.getAutoCommit()).isTrue();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(new CatalogReader(c).read(List.of("app"), false).tables()).isNotEmpty();
        }
    }

    /** A connection that, when the foreign key query is prepared, first commits {@code ddl} on another session. */
    private static Connection ddlBeforeTheForeignKeyQuery(Connection c, String ddl) {
        return intercept(c, sql -> {
            if (sql.contains("con.contype = 'f'")) {
                try {
                    db.execute(ddl);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sql;
        });
    }

    /** A connection whose foreign key query fails on the server. */
    private static Connection failOnForeignKeyQuery(Connection c) {
        return intercept(c, sql -> sql.contains("con.contype = 'f'") ? "SELECT 1/0 WHERE ?::text[] IS NOT NULL AND ?::text[] IS NOT NULL" : sql);
    }

    private static Connection intercept(Connection c, java.util.function.UnaryOperator<String> onPrepare) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        args = new Object[]{onPrepare.apply((String) args[0])};
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void jsonRoundTripGivesAnEqualSnapshotAndMarkdownShowsTheState() throws Exception {
        SchemaSnapshot s = read(true);
        assertThat(SnapshotJson.read(SnapshotJson.write(s))).isEqualTo(s);
        String md = SnapshotMarkdown.write(s, "Pre-migration state");
        assertThat(md).startsWith("# Pre-migration state")
                .contains("| tables | 4 |")
                .contains("| `app.projects` | ")
                .contains("`projects_tenant_fk`")
                .contains("CASCADE");
    }
}
