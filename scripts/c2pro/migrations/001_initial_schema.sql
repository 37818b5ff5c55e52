-- c2pro 001: the initial schema (seed CE-P0-06). Thirteen tenant-scoped tables; foreign keys,
-- row-level security and secondary indexes arrive in 002-004, audit logging in 005.
CREATE TABLE tenants (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    slug        text NOT NULL UNIQUE,
    plan        text NOT NULL DEFAULT 'standard',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    email       text NOT NULL,
    full_name   text NOT NULL,
    role        text NOT NULL DEFAULT 'member',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, email)
);

CREATE TABLE projects (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    name        text NOT NULL,
    code        text NOT NULL,
    status      text NOT NULL DEFAULT 'active',
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    project_id    uuid NOT NULL,
    filename      text NOT NULL,
    document_type text NOT NULL,
    uploaded_by   uuid,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clauses (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    document_id   uuid NOT NULL,
    clause_number text NOT NULL,
    content       text NOT NULL,
    clause_type   text NOT NULL DEFAULT 'general',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE analyses (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    project_id    uuid NOT NULL,
    document_id   uuid,
    analysis_type text NOT NULL,
    status        text NOT NULL DEFAULT 'completed',
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz
);

CREATE TABLE alerts (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL,
    analysis_id      uuid NOT NULL,
    source_clause_id uuid,
    severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    title            text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE extractions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    document_id uuid NOT NULL,
    clause_id   uuid,
    field_name  text NOT NULL,
    value       text,
    confidence  numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stakeholders (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL,
    project_id   uuid NOT NULL,
    name         text NOT NULL,
    organization text,
    role         text,
    email        text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wbs_items (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    project_id  uuid NOT NULL,
    parent_id   uuid,
    code        text NOT NULL,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bom_items (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    project_id  uuid NOT NULL,
    wbs_item_id uuid,
    item_code   text NOT NULL,
    description text NOT NULL,
    quantity    numeric(12, 2) NOT NULL CHECK (quantity >= 0),
    unit_cost   numeric(12, 2) NOT NULL CHECK (unit_cost >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stakeholder_wbs_raci (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      uuid NOT NULL,
    stakeholder_id uuid NOT NULL,
    wbs_item_id    uuid NOT NULL,
    raci_role      char(1) NOT NULL CHECK (raci_role IN ('R', 'A', 'C', 'I')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stakeholder_id, wbs_item_id, raci_role)
);

CREATE TABLE ai_usage_logs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL,
    user_id     uuid,
    project_id  uuid,
    model       text NOT NULL,
    tokens_in   integer NOT NULL CHECK (tokens_in >= 0),
    tokens_out  integer NOT NULL CHECK (tokens_out >= 0),
    cost_usd    numeric(10, 4) NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);
