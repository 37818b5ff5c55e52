-- A PostGraphile-style SaaS starter (graphile/starter's shape): a NOINHERIT authenticator granted a
-- visitor role; the server sets jwt.claims.session_id; app_public.current_user_id() looks the
-- session up in a private table; organizations are reached through memberships; helpers have
-- EXECUTE revoked from public; private tables are deny-all; integer keys; users are public-read.
-- One leak is planted: comments can be updated by anyone (USING (true) on UPDATE).
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'graphile_visitor') THEN CREATE ROLE graphile_visitor NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'graphile_authenticator') THEN CREATE ROLE graphile_authenticator LOGIN NOINHERIT; END IF;
END $$;
GRANT graphile_visitor TO graphile_authenticator;

CREATE SCHEMA app_public;
CREATE SCHEMA app_private;
GRANT USAGE ON SCHEMA app_public TO graphile_visitor;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM public;

CREATE TABLE app_public.users (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 24 AND username ~ '^[a-zA-Z]([_]?[a-zA-Z0-9])+$'),
    name text,
    is_admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE app_private.sessions (
    uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id int NOT NULL REFERENCES app_public.users ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_active timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON app_private.sessions (user_id);

CREATE FUNCTION app_public.current_session_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(pg_catalog.current_setting('jwt.claims.session_id', true), '')::uuid
$$;
CREATE FUNCTION app_public.current_user_id() RETURNS int LANGUAGE sql STABLE SECURITY DEFINER SET search_path TO pg_catalog, public, pg_temp AS $$
  SELECT user_id FROM app_private.sessions WHERE uuid = app_public.current_session_id()
$$;

CREATE TABLE app_public.organizations (
    id serial PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE app_public.organization_memberships (
    id serial PRIMARY KEY,
    organization_id int NOT NULL REFERENCES app_public.organizations ON DELETE CASCADE,
    user_id int NOT NULL REFERENCES app_public.users ON DELETE CASCADE,
    is_owner boolean NOT NULL DEFAULT false,
    UNIQUE (organization_id, user_id));
CREATE INDEX ON app_public.organization_memberships (user_id);

CREATE FUNCTION app_public.current_user_member_organization_ids() RETURNS SETOF int LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO pg_catalog, public, pg_temp AS $$
  SELECT organization_id FROM app_public.organization_memberships WHERE user_id = app_public.current_user_id()
$$;

CREATE TABLE app_public.user_emails (
    id serial PRIMARY KEY,
    user_id int NOT NULL DEFAULT app_public.current_user_id() REFERENCES app_public.users ON DELETE CASCADE,
    email text NOT NULL CHECK (email ~ '[@]'),
    is_verified boolean NOT NULL DEFAULT false,
    UNIQUE (user_id, email));

CREATE TABLE app_private.user_secrets (
    user_id int PRIMARY KEY REFERENCES app_public.users ON DELETE CASCADE,
    password_hash text);

CREATE TABLE app_public.projects (
    id serial PRIMARY KEY,
    organization_id int NOT NULL REFERENCES app_public.organizations ON DELETE CASCADE,
    name text NOT NULL);
CREATE INDEX ON app_public.projects (organization_id);

CREATE TABLE app_public.comments (
    id serial PRIMARY KEY,
    organization_id int NOT NULL REFERENCES app_public.organizations ON DELETE CASCADE,
    author_id int NOT NULL DEFAULT app_public.current_user_id() REFERENCES app_public.users ON DELETE CASCADE,
    body text NOT NULL);
CREATE INDEX ON app_public.comments (organization_id);
CREATE INDEX ON app_public.comments (author_id);

ALTER TABLE app_public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_private.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_public.organization_memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_public.user_emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_private.user_secrets ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_public.comments ENABLE ROW LEVEL SECURITY;

GRANT EXECUTE ON FUNCTION app_public.current_session_id(), app_public.current_user_id(),
    app_public.current_user_member_organization_ids() TO graphile_visitor;
GRANT SELECT ON app_public.users, app_public.organizations, app_public.organization_memberships TO graphile_visitor;
GRANT UPDATE (name) ON app_public.users TO graphile_visitor;
GRANT SELECT, INSERT (email), DELETE ON app_public.user_emails TO graphile_visitor;
GRANT SELECT, INSERT, UPDATE, DELETE ON app_public.projects, app_public.comments TO graphile_visitor;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA app_public TO graphile_visitor;

CREATE POLICY select_all ON app_public.users FOR SELECT USING (true);
CREATE POLICY update_self ON app_public.users FOR UPDATE USING (id = app_public.current_user_id());

CREATE POLICY select_member ON app_public.organizations FOR SELECT
    USING (id IN (SELECT app_public.current_user_member_organization_ids()));
CREATE POLICY select_member ON app_public.organization_memberships FOR SELECT
    USING (organization_id IN (SELECT app_public.current_user_member_organization_ids()));

CREATE POLICY select_own ON app_public.user_emails FOR SELECT USING (user_id = app_public.current_user_id());
CREATE POLICY insert_own ON app_public.user_emails FOR INSERT WITH CHECK (user_id = app_public.current_user_id());
CREATE POLICY delete_own ON app_public.user_emails FOR DELETE USING (user_id = app_public.current_user_id());

CREATE POLICY member_projects ON app_public.projects
    USING (organization_id IN (SELECT app_public.current_user_member_organization_ids()))
    WITH CHECK (organization_id IN (SELECT app_public.current_user_member_organization_ids()));

CREATE POLICY read_comments ON app_public.comments FOR SELECT
    USING (organization_id IN (SELECT app_public.current_user_member_organization_ids()));
CREATE POLICY write_comments ON app_public.comments FOR INSERT
    WITH CHECK (organization_id IN (SELECT app_public.current_user_member_organization_ids()) AND author_id = app_public.current_user_id());
-- the planted leak: anyone may edit any comment
CREATE POLICY edit_comments ON app_public.comments FOR UPDATE USING (true);
CREATE POLICY delete_comments ON app_public.comments FOR DELETE USING (author_id = app_public.current_user_id());

INSERT INTO app_public.users (username, name) VALUES ('ann', 'Ann');
INSERT INTO app_public.organizations (slug, name) VALUES ('acme', 'Acme');
INSERT INTO app_public.organization_memberships (organization_id, user_id, is_owner) VALUES (1, 1, true);
