package dev.stagegate.migration.env;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnvMigrationNeedsTest {

    @Test
    void findsCreateExtensionOutsideCommentsStringsAndFunctionBodies() {
        String a = """
                CREATE EXTENSION IF NOT EXISTS pgcrypto;
                create extension "uuid-ossp" WITH SCHEMA public;
                -- CREATE EXTENSION commented_out;
                /* CREATE EXTENSION block_commented /* nested */ still comment */
                SELECT 'CREATE EXTENSION in_a_string';
                CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN EXECUTE 'x'; CREATE EXTENSION in_a_body; END $body$;
                """;
        String b = "CREATE EXTENSION Citext;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;";
        assertThat(MigrationNeeds.extensionsIn(List.of(a, b))).containsExactly("citext", "pgcrypto", "uuid-ossp");
    }

    @Test
    void estimatesLocksAsDistinctRelationsCreatedAlteredIndexedOrReferenced() {
        String sql = """
                CREATE TABLE tenants (id uuid PRIMARY KEY);
                CREATE TABLE IF NOT EXISTS public.projects (id uuid PRIMARY KEY, tenant_id uuid REFERENCES tenants (id));
                CREATE TABLE app."Audit" (id bigint, project_id uuid REFERENCES Projects);
                ALTER TABLE ONLY projects ADD COLUMN name text;
                ALTER TABLE app."Audit" ADD CONSTRAINT audit_project FOREIGN KEY (project_id) REFERENCES public.projects (id);
                CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_tenant_idx ON projects (tenant_id);
                CREATE UNIQUE INDEX ON app."Audit" (id);
                CREATE MATERIALIZED VIEW stats AS SELECT count(*) FROM projects;
                DROP TABLE IF EXISTS old_a, app.old_b;
                -- ALTER TABLE commented_out ADD COLUMN x int;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE in_body ADD x int; RETURN NEW; END $$;
                """;
        // tenants, projects, app.Audit, projects_tenant_idx, stats, old_a, app.old_b
        assertThat(MigrationNeeds.estimateLocks(sql)).isEqualTo(7);
        assertThat(MigrationNeeds.estimateLocks("SELECT 1")).isZero();
    }

    @Test
    void needsFromSeveralFilesTakeEveryExtensionAndTheBiggestFile() {
        MigrationNeeds needs = MigrationNeeds.fromSql(List.of("CREATE TABLE a (id int); CREATE TABLE b (id int);",
                "CREATE EXTENSION pg_trgm; ALTER TABLE a ADD x int;"));
        assertThat(needs.extensions()).containsExactly("pg_trgm");
        assertThat(needs.lockEstimate()).isEqualTo(2);
    }
}
