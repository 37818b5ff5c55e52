package dev.stagegate.verification.tenancy;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile review's missed leaks on the Supabase fixture, each planted on its own table: a child
 * of a tenant table with RLS off and granted to the API roles, an UPDATE policy without WITH CHECK
 * whose hole shows only without a WHERE, a child whose read policy is USING (true) (tenant data
 * through its parent, not public data), a policy TO anon, and an open policy on one partition.
 */
class SupabaseLeaksTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute(SupabaseTenancyTest.sql("/tenancy/supabase.sql"));
        db.execute("""
                CREATE TABLE public.project_secrets (project_id bigint PRIMARY KEY REFERENCES public.projects (id) ON DELETE CASCADE,
                    token text NOT NULL);
                GRANT ALL ON public.project_secrets TO anon, authenticated;

                CREATE TABLE public.comments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id uuid NOT NULL REFERENCES public.accounts (id), author_id uuid NOT NULL REFERENCES auth.users (id), body text);
                CREATE INDEX ON public.comments (account_id);
                CREATE INDEX ON public.comments (author_id);
                ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;
                GRANT ALL ON public.comments TO authenticated;
                CREATE POLICY r ON public.comments FOR SELECT TO authenticated USING (public.has_role_on_account(account_id));
                CREATE POLICY u ON public.comments FOR UPDATE TO authenticated USING (author_id = (SELECT auth.uid()));

                CREATE TABLE public.task_notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    task_id uuid NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE, body text NOT NULL);
                CREATE INDEX ON public.task_notes (task_id);
                ALTER TABLE public.task_notes ENABLE ROW LEVEL SECURITY;
                GRANT ALL ON public.task_notes TO authenticated;
                CREATE POLICY r ON public.task_notes FOR SELECT TO authenticated USING (true);

                CREATE POLICY "anon sees active projects" ON public.projects FOR SELECT TO anon USING (status = 'active');

                CREATE FUNCTION public.search_projects(q text) RETURNS SETOF public.projects LANGUAGE sql STABLE SECURITY DEFINER
                    SET search_path = '' AS $$ SELECT * FROM public.projects WHERE name ILIKE '%' || q || '%' $$;
                CREATE TABLE public.boards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    account_id uuid NOT NULL REFERENCES public.accounts (id), is_public boolean NOT NULL DEFAULT false);
                CREATE INDEX ON public.boards (account_id);
                ALTER TABLE public.boards ENABLE ROW LEVEL SECURITY;
                GRANT ALL ON public.boards TO authenticated;
                CREATE POLICY r ON public.boards FOR SELECT TO authenticated USING (public.has_role_on_account(account_id) OR is_public);
                CREATE VIEW extensions.notes_everywhere AS SELECT * FROM public.notes;

                -- the anonymous visitor's own policy: a preview of every tenant's tasks when nobody is signed in
                CREATE POLICY "logged out preview" ON public.tasks FOR SELECT USING (auth.uid() IS NULL);
                -- a child with RLS off that only anon may read
                CREATE TABLE public.task_links (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    task_id uuid NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE, url text);
                CREATE INDEX ON public.task_links (task_id);
                REVOKE ALL ON public.task_links FROM anon, authenticated, service_role;
                GRANT SELECT ON public.task_links TO anon;

                -- correct designs the second review saw called errors
                CREATE TABLE public.plans (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.plans VALUES (1, 'free');
                ALTER TABLE public.accounts ADD COLUMN plan_id int REFERENCES public.plans (id);
                CREATE INDEX ON public.accounts (plan_id);
                CREATE TABLE public.pinned (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id uuid NOT NULL REFERENCES public.accounts (id), x int);
                CREATE INDEX ON public.pinned (account_id);
                ALTER TABLE public.pinned ENABLE ROW LEVEL SECURITY;
                GRANT ALL ON public.pinned TO authenticated;
                CREATE POLICY allow_all ON public.pinned TO authenticated USING (true) WITH CHECK (true);
                CREATE POLICY tenant_pin ON public.pinned AS RESTRICTIVE TO authenticated
                    USING (public.has_role_on_account(account_id)) WITH CHECK (public.has_role_on_account(account_id));
                CREATE TABLE public.stamped (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id uuid NOT NULL REFERENCES public.accounts (id), body text);
                CREATE INDEX ON public.stamped (account_id);
                ALTER TABLE public.stamped ENABLE ROW LEVEL SECURITY;
                GRANT ALL ON public.stamped TO authenticated;
                CREATE POLICY r ON public.stamped FOR SELECT TO authenticated USING (public.has_role_on_account(account_id));
                CREATE POLICY u ON public.stamped FOR UPDATE TO authenticated USING (public.has_role_on_account(account_id));
                CREATE FUNCTION public.keep_account() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  IF NEW.account_id IS DISTINCT FROM OLD.account_id THEN RAISE EXCEPTION 'account_id is immutable'; END IF;
                  RETURN NEW; END $$;
                CREATE TRIGGER keep_account BEFORE UPDATE ON public.stamped FOR EACH ROW EXECUTE FUNCTION public.keep_account();
                """);
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    private static List<String> codes(String table) {
        return report.steps().stream().flatMap(s -> s.findings().stream())
                .filter(f -> f.object().equals(table) || f.object().startsWith(table + ".")).filter(Finding::fails).map(Finding::code).toList();
    }

    @Test
    void aChildWithRlsOffThatTheApplicationCanReadIsCritical() {
        assertThat(report.steps().stream().flatMap(s -> s.findings().stream()))
                .filteredOn(f -> f.object().equals("public.project_secrets") && f.code().equals("RLS_DISABLED")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void anUpdatePolicyWithoutWithCheckIsCaughtByTheUnqualifiedMove() {
        assertThat(codes("public.comments")).contains("LEAK_MOVE");
    }

    @Test
    void aChildOfATenantTableIsTenantDataNotPublicData() {
        assertThat(codes("public.task_notes")).contains("POLICY_ALWAYS_TRUE", "LEAK_READ");
    }

    @Test
    void whatTheTextCanSayItSays() {
        List<Finding> all = report.steps().stream().flatMap(s -> s.findings().stream()).toList();
        assertThat(all).filteredOn(f -> f.code().equals("SECURITY_DEFINER_RETURNS_TENANT_ROWS")).singleElement()
                .satisfies(f -> assertThat(f.object()).startsWith("public.search_projects"));
        assertThat(all).filteredOn(f -> f.code().equals("POLICY_UNPINNED_BRANCH")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("is_public"));
        // a view in a platform schema over an application table reads around its policies all the same
        assertThat(all).filteredOn(f -> f.code().equals("VIEW_BYPASSES_RLS")).extracting(Finding::object).contains("extensions.notes_everywhere");
    }

    @Test
    void theAnonymousProbeIsReallyAnonymousAndWhatOnlyAnonReadsCounts() {
        assertThat(report.steps().stream().flatMap(s -> s.findings().stream()))
                .filteredOn(f -> f.object().equals("public.tasks") && f.code().equals("LEAK_READ"))
                .anySatisfy(f -> assertThat(f.message()).contains("anonymous role anon"));
        assertThat(report.steps().stream().flatMap(s -> s.findings().stream()))
                .filteredOn(f -> f.object().equals("public.task_links") && f.code().equals("RLS_DISABLED")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void correctDesignsBesideThemAreNotCalledErrors() {
        // a tenant table pointing at a lookup table, a column named x, a RESTRICTIVE pin TO authenticated under an
        // open permissive policy, a trigger that keeps the tenant key immutable
        for (String t : List.of("public.accounts", "public.pinned", "public.stamped")) {
            assertThat(report.steps().stream().flatMap(s -> s.findings().stream()).filter(f -> f.object().equals(t) || f.object().startsWith(t + ".")).filter(Finding::fails).map(Finding::message).toList()).as(t).isEmpty();
        }
        assertThat(report.tally().get("tables_not_demonstrated").toString()).startsWith("0/");
    }

    @Test
    void theAnonymousRoleIsProbedToo() {
        assertThat(report.steps().stream().flatMap(s -> s.findings().stream()))
                .filteredOn(f -> f.object().equals("public.projects") && f.code().equals("LEAK_READ"))
                .anySatisfy(f -> assertThat(f.message()).contains("anonymous role anon"));
    }
}
