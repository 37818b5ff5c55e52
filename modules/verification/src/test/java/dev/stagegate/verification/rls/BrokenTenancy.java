package dev.stagegate.verification.rls;

/**
 * A schema keyed on {@code org_id} / {@code app.org_id} (not c2pro's names), owned by a
 * non-superuser, with one table per way tenant isolation goes wrong, next to correct ones.
 */
final class BrokenTenancy {

    private BrokenTenancy() {
    }

    static final String SQL = """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sg_app_owner') THEN CREATE ROLE sg_app_owner NOLOGIN; END IF;
            END $$;
            GRANT CREATE, USAGE ON SCHEMA public TO sg_app_owner;
            SET ROLE sg_app_owner;
            CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
            ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
            ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
            CREATE POLICY org_self ON orgs USING (id = nullif(current_setting('app.org_id', true), '')::bigint)
                WITH CHECK (id = nullif(current_setting('app.org_id', true), '')::bigint);

            -- correct: pinned reads and writes, FORCE
            CREATE TABLE good (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id),
                kind text NOT NULL CHECK (kind IN ('alpha', 'beta')), note text);
            CREATE INDEX ON good (org_id);
            ALTER TABLE good ENABLE ROW LEVEL SECURITY;
            ALTER TABLE good FORCE ROW LEVEL SECURITY;
            CREATE POLICY org_isolation ON good USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
                WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint);

            -- correct policy, but no FORCE: the owner bypasses
            CREATE TABLE not_forced (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            ALTER TABLE not_forced ENABLE ROW LEVEL SECURITY;
            CREATE POLICY org_isolation ON not_forced USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);

            -- RLS never turned on, though a policy was written
            CREATE TABLE open_read (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            CREATE POLICY org_isolation ON open_read USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);

            -- a stray OR true
            CREATE TABLE always_true (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            ALTER TABLE always_true ENABLE ROW LEVEL SECURITY;
            ALTER TABLE always_true FORCE ROW LEVEL SECURITY;
            CREATE POLICY org_isolation ON always_true
                USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint OR true);

            -- reads pinned, writes not: WITH CHECK (true)
            CREATE TABLE write_unpinned (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            ALTER TABLE write_unpinned ENABLE ROW LEVEL SECURITY;
            ALTER TABLE write_unpinned FORCE ROW LEVEL SECURITY;
            CREATE POLICY org_isolation ON write_unpinned USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
                WITH CHECK (true);

            -- RLS on, no policy: silent deny-all
            CREATE TABLE no_policy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            ALTER TABLE no_policy ENABLE ROW LEVEL SECURITY;
            ALTER TABLE no_policy FORCE ROW LEVEL SECURITY;

            -- two permissive policies for the same command
            CREATE TABLE two_policies (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
            ALTER TABLE two_policies ENABLE ROW LEVEL SECURITY;
            ALTER TABLE two_policies FORCE ROW LEVEL SECURITY;
            CREATE POLICY a ON two_policies FOR SELECT USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
            CREATE POLICY b ON two_policies FOR SELECT USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);

            CREATE VIEW good_report AS SELECT org_id, count(*) FROM good GROUP BY org_id;
            CREATE VIEW good_safe WITH (security_invoker = true) AS SELECT org_id FROM good;
            CREATE MATERIALIZED VIEW good_totals AS SELECT org_id, count(*) FROM good GROUP BY org_id;
            CREATE FUNCTION leaky_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM good';
            CREATE FUNCTION safe_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
                AS 'SELECT count(*) FROM good';
            RESET ROLE;
            """;
}
