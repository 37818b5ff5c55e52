-- A Supabase-style project: the platform surface PostgREST and GoTrue give every project (roles,
-- auth.users, auth.uid()/jwt(), storage), then an application with account membership as the
-- basejump starter writes it. Three leaks are planted (invites: USING (true) on tenant data;
-- feedback: an INSERT check that pins nothing; notes: an UPDATE policy without WITH CHECK, so a
-- member moves a note into another account). Everything else is correct and must be shown so.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticator') THEN CREATE ROLE authenticator NOINHERIT LOGIN; END IF;
END $$;
GRANT anon, authenticated, service_role TO authenticator;

CREATE SCHEMA auth;
CREATE SCHEMA storage;
CREATE SCHEMA extensions;
GRANT USAGE ON SCHEMA auth, storage, extensions TO anon, authenticated, service_role;

CREATE TABLE auth.users (
    id uuid PRIMARY KEY,
    email text,
    raw_app_meta_data jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now());

CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid
$$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                  nullif(current_setting('request.jwt.claims', true), ''))::jsonb
$$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text
$$;

CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, owner uuid, public boolean DEFAULT false);
CREATE TABLE storage.objects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), bucket_id text REFERENCES storage.buckets (id),
    name text, owner uuid, metadata jsonb);
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
-- the platform's own business (and open on purpose here): out of scope unless asked for
CREATE POLICY "public read" ON storage.objects FOR SELECT USING (true);

-- the application
CREATE TABLE public.accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
    created_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE public.account_members (
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    account_role text NOT NULL DEFAULT 'member' CHECK (account_role IN ('owner', 'member')),
    PRIMARY KEY (account_id, user_id));
CREATE INDEX ON public.account_members (user_id);

CREATE FUNCTION public.my_account_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT account_id FROM public.account_members WHERE user_id = auth.uid()
$$;
CREATE FUNCTION public.has_role_on_account(account_id uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (SELECT 1 FROM public.account_members m WHERE m.account_id = has_role_on_account.account_id AND m.user_id = auth.uid())
$$;
REVOKE EXECUTE ON FUNCTION public.my_account_ids(), public.has_role_on_account(uuid) FROM public;
GRANT EXECUTE ON FUNCTION public.my_account_ids(), public.has_role_on_account(uuid) TO authenticated, service_role;

-- the creator of an account becomes its owner: rows made by a trigger
CREATE FUNCTION public.add_creator_as_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF auth.uid() IS NOT NULL THEN
    INSERT INTO public.account_members (account_id, user_id, account_role) VALUES (NEW.id, auth.uid(), 'owner');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER add_creator AFTER INSERT ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.add_creator_as_owner();

CREATE TABLE public.projects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    name text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'archived')),
    priority int NOT NULL CHECK (priority BETWEEN 1 AND 5),
    settings jsonb NOT NULL DEFAULT '{}',
    tags text[] NOT NULL DEFAULT '{}');
CREATE INDEX ON public.projects (account_id);

CREATE TABLE public.tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id bigint NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    completed_at timestamptz,
    CONSTRAINT done_means_completed CHECK ((done AND completed_at IS NOT NULL) OR (NOT done AND completed_at IS NULL)));
CREATE INDEX ON public.tasks (project_id);
CREATE INDEX ON public.tasks (account_id);

CREATE TABLE public.notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    body text);
CREATE INDEX ON public.notes (account_id);
CREATE INDEX ON public.notes (user_id);

CREATE TABLE public.profiles (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    username text UNIQUE CHECK (char_length(username) >= 3),
    avatar_url text);

-- private by design: RLS on, no policy
CREATE TABLE public.account_secrets (
    account_id uuid PRIMARY KEY REFERENCES public.accounts (id) ON DELETE CASCADE,
    api_key text NOT NULL);

-- planted leaks
CREATE TABLE public.invites (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    email text NOT NULL);
CREATE INDEX ON public.invites (account_id);
CREATE TABLE public.feedback (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES public.accounts (id) ON DELETE CASCADE,
    body text NOT NULL);
CREATE INDEX ON public.feedback (account_id);

DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'account_members', 'projects', 'tasks', 'notes', 'profiles', 'account_secrets', 'invites', 'feedback'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
  END LOOP;
END $$;
-- Supabase's default privileges: everything in public to the API roles; RLS alone protects rows
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anon, authenticated, service_role;
REVOKE ALL ON public.account_secrets FROM anon, authenticated;

CREATE POLICY "members read their accounts" ON public.accounts FOR SELECT TO authenticated USING (id IN (SELECT public.my_account_ids()));
CREATE POLICY "owners update their accounts" ON public.accounts FOR UPDATE TO authenticated
    USING (public.has_role_on_account(id)) WITH CHECK (public.has_role_on_account(id));

CREATE POLICY "members see co-members" ON public.account_members FOR SELECT TO authenticated USING (account_id IN (SELECT public.my_account_ids()));

CREATE POLICY "read projects" ON public.projects FOR SELECT TO authenticated USING (account_id IN (SELECT public.my_account_ids()));
CREATE POLICY "create projects" ON public.projects FOR INSERT TO authenticated WITH CHECK (public.has_role_on_account(account_id));
CREATE POLICY "edit projects" ON public.projects FOR UPDATE TO authenticated
    USING (public.has_role_on_account(account_id)) WITH CHECK (public.has_role_on_account(account_id));
CREATE POLICY "delete projects" ON public.projects FOR DELETE TO authenticated USING (public.has_role_on_account(account_id));

CREATE POLICY "tasks of my accounts" ON public.tasks TO authenticated
    USING (public.has_role_on_account(account_id)) WITH CHECK (public.has_role_on_account(account_id));

CREATE POLICY "my notes" ON public.notes FOR SELECT TO authenticated USING (user_id = auth.uid());
CREATE POLICY "write my notes" ON public.notes FOR INSERT TO authenticated
    WITH CHECK (user_id = auth.uid() AND public.has_role_on_account(account_id));
CREATE POLICY "edit my notes" ON public.notes FOR UPDATE TO authenticated USING (user_id = (SELECT auth.uid()));
CREATE POLICY "delete my notes" ON public.notes FOR DELETE TO authenticated USING (user_id = (SELECT auth.uid()));

CREATE POLICY "Public profiles are viewable by everyone." ON public.profiles FOR SELECT USING (true);
CREATE POLICY "Users can update own profile." ON public.profiles FOR UPDATE USING ((SELECT auth.uid()) = id);
CREATE POLICY "Users can insert their own profile." ON public.profiles FOR INSERT WITH CHECK ((SELECT auth.uid()) = id);

CREATE POLICY "anyone reads invites" ON public.invites FOR SELECT TO authenticated USING (true);
CREATE POLICY "members invite" ON public.invites FOR INSERT TO authenticated WITH CHECK (public.has_role_on_account(account_id));

CREATE POLICY "read feedback" ON public.feedback FOR SELECT TO authenticated USING (public.has_role_on_account(account_id));
CREATE POLICY "anyone signed in writes feedback" ON public.feedback FOR INSERT TO authenticated WITH CHECK (auth.uid() IS NOT NULL);

-- some real rows: the probe must not trip over them
INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a1', 'ann@example.com');
INSERT INTO public.accounts (id, name, slug) VALUES ('00000000-0000-0000-0000-00000000ac01', 'Acme', 'acme');
INSERT INTO public.account_members VALUES ('00000000-0000-0000-0000-00000000ac01', '00000000-0000-0000-0000-0000000000a1', 'owner');
INSERT INTO public.projects (account_id, name, status, priority) VALUES ('00000000-0000-0000-0000-00000000ac01', 'Launch', 'active', 2);
