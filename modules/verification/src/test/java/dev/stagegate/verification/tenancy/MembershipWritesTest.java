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
 * A membership model whose tenant table is writable through an ALL policy (the shape of
 * benchmarks/verify-large.sh). The probe's "tenant that owns no row" must own no membership either,
 * or DELETE FROM accounts reaches its own account and fails on the membership's key (it used to:
 * PROBE_WRITE_INCONCLUSIVE); the ON DELETE rehearsal of members -> accounts must reuse the
 * tenant's own membership row (it used to hit the primary key: FK_DELETE_NOT_REHEARSED).
 */
class MembershipWritesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.users (id uuid PRIMARY KEY);
                CREATE TABLE app.accounts (id uuid PRIMARY KEY, name text NOT NULL);
                CREATE TABLE app.members (account_id uuid NOT NULL REFERENCES app.accounts, user_id uuid NOT NULL REFERENCES app.users,
                    PRIMARY KEY (account_id, user_id));
                CREATE INDEX ON app.members (user_id);
                CREATE FUNCTION app.my_account_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS
                    $$ SELECT account_id FROM app.members WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid $$;
                CREATE TABLE app.items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id uuid NOT NULL REFERENCES app.accounts, v text);
                CREATE INDEX ON app.items (account_id);
                DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['accounts', 'members', 'items'] LOOP
                  EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
                  EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
                END LOOP; END $$;
                CREATE POLICY m ON app.accounts USING (id IN (SELECT app.my_account_ids())) WITH CHECK (id IN (SELECT app.my_account_ids()));
                CREATE POLICY m ON app.members USING (account_id IN (SELECT app.my_account_ids()))
                    WITH CHECK (account_id IN (SELECT app.my_account_ids()));
                CREATE POLICY m ON app.items USING (account_id IN (SELECT app.my_account_ids()))
                    WITH CHECK (account_id IN (SELECT app.my_account_ids()));
                """);
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    @Test
    void everyTableIsIsolatedAndEveryKeyRehearsed() {
        assertThat(report.failing()).extracting(Finding::code).isEmpty();
        assertThat(report.tally()).containsEntry("tables_isolated", Count.of(3, 3))
                .containsEntry("on_delete_rehearsed", Count.of(3, 3));
        assertThat(report.tenant().describe()).contains("app.members (user_id -> account_id)");
    }
}
