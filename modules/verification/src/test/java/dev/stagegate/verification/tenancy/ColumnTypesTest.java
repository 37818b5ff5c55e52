package dev.stagegate.verification.tenancy;

import dev.stagegate.core.result.Finding;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.result.Count;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Columns synthetic rows must fill on real schemas: a domain with its own CHECK (the row factory used
 * to call enum_range on it), an enum, arrays, jsonb, a generated column, a text tenant key, a
 * CHECK across two columns, and a CHECK only real data passes (a value of an existing row is tried).
 */
class ColumnTypesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute("""
                CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');
                CREATE DOMAIN positive AS int CHECK (VALUE > 0);
                CREATE TYPE mood AS ENUM ('calm', 'busy');
                CREATE TABLE workspaces (slug text PRIMARY KEY, name text NOT NULL);
                CREATE TABLE people (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    workspace text NOT NULL REFERENCES workspaces (slug),
                    contact email NOT NULL,
                    seats positive NOT NULL,
                    feeling mood NOT NULL,
                    tags text[] NOT NULL,
                    prefs jsonb NOT NULL,
                    starts date NOT NULL,
                    ends date NOT NULL,
                    label text GENERATED ALWAYS AS (workspace || ':' || id) STORED,
                    CHECK (ends >= starts));
                CREATE INDEX ON people (workspace);
                ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
                ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
                ALTER TABLE people ENABLE ROW LEVEL SECURITY;
                ALTER TABLE people FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON workspaces USING (slug = current_setting('app.workspace', true));
                CREATE POLICY own ON people USING (workspace = current_setting('app.workspace', true));
                -- only real data passes this CHECK: the row it already holds is the template
                CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, workspace text NOT NULL REFERENCES workspaces (slug),
                    code text NOT NULL CHECK (code ~ '^[A-Z]{3}-[0-9]{4}$'));
                CREATE INDEX ON tickets (workspace);
                INSERT INTO workspaces VALUES ('acme', 'Acme');
                INSERT INTO tickets (workspace, code) VALUES ('acme', 'OPS-0042');
                ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
                ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON tickets USING (workspace = current_setting('app.workspace', true));
                """);
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    @Test
    void everyTableIsProbedAndIsolated() {
        assertThat(report.failing()).extracting(Finding::message).isEmpty();
        assertThat(report.tally()).containsEntry("tables_isolated", Count.of(3, 3)).containsEntry("smoke_inserts", Count.of(2, 2));
        assertThat(report.tenant().tenantKey()).isEqualTo("slug");
    }
}
