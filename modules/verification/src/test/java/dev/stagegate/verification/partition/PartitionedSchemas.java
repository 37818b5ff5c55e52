package dev.stagegate.verification.partition;

/**
 * Partitioned tables as people really build them. {@link #DRIFTING} fools per-table checks: keys,
 * indexes and policies were added partition by partition (as a migration that predates declaring
 * them on the parent does), and each partition of {@code events} lacks one thing its siblings have.
 * {@link #CORRECT} holds the designs that must yield no drift finding. Both need {@link #ACCOUNTS}
 * first.
 */
final class PartitionedSchemas {

    private PartitionedSchemas() {
    }

    static final String TENANT = "account_id = nullif(current_setting('app.current_tenant', true), '')::bigint";

    static final String ACCOUNTS = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
            INSERT INTO accounts VALUES (1, 'one'), (2, 'two');
            """;

    static final String DRIFTING = """
            CREATE TABLE events (id bigint NOT NULL, account_id bigint NOT NULL, device_id bigint, created_at date NOT NULL,
                PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            ALTER TABLE events ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON events USING (%1$s) WITH CHECK (%1$s);
            CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
            CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

            -- 2023: everything but the foreign key, and an orphan got in through the gap
            ALTER TABLE events_2023 ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON events_2023 USING (%1$s) WITH CHECK (%1$s);
            CREATE INDEX events_2023_account_idx ON events_2023 (account_id);
            INSERT INTO events VALUES (1, 1, NULL, '2023-05-01'), (2, 404, NULL, '2023-06-01');

            -- 2024: key and index, but row-level security never turned on (nor the policy copied)
            ALTER TABLE events_2024 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
            CREATE INDEX events_2024_account_idx ON events_2024 (account_id);
            INSERT INTO events VALUES (3, 2, NULL, '2024-05-01');

            -- 2025: key, RLS and policy, but no index on the key
            ALTER TABLE events_2025 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
            ALTER TABLE events_2025 ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON events_2025 USING (%1$s) WITH CHECK (%1$s);

            -- 2026: key, index and RLS, but the policy was forgotten
            ALTER TABLE events_2026 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
            CREATE INDEX events_2026_account_idx ON events_2026 (account_id);
            ALTER TABLE events_2026 ENABLE ROW LEVEL SECURITY;

            -- an index built ON ONLY the parent and attached to one partition of two
            CREATE TABLE readings (id bigint NOT NULL, device_id bigint, taken_at date NOT NULL) PARTITION BY RANGE (taken_at);
            CREATE TABLE readings_a PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE readings_b PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE INDEX readings_device_idx ON ONLY readings (device_id);
            CREATE INDEX readings_a_device_idx ON readings_a (device_id);
            ALTER INDEX readings_device_idx ATTACH PARTITION readings_a_device_idx;

            -- no RLS on the parent; one partition has it with a policy, its sibling has neither
            CREATE TABLE audit (id bigint NOT NULL, account_id bigint NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
            CREATE TABLE audit_login PARTITION OF audit FOR VALUES IN ('login');
            CREATE TABLE audit_other PARTITION OF audit DEFAULT;
            ALTER TABLE audit_login ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON audit_login USING (%1$s);
            """.formatted(TENANT);

    static final String CORRECT = """
            -- keys and indexes declared on the parent, RLS and the policy on the parent and on every
            -- partition, two levels deep
            CREATE TABLE orders (id bigint NOT NULL, account_id bigint NOT NULL REFERENCES accounts (id), region text NOT NULL,
                PRIMARY KEY (id, region)) PARTITION BY LIST (region);
            CREATE INDEX ON orders (account_id);
            CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
            CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us') PARTITION BY HASH (id);
            CREATE TABLE orders_us_0 PARTITION OF orders_us FOR VALUES WITH (MODULUS 2, REMAINDER 0);
            CREATE TABLE orders_us_1 PARTITION OF orders_us FOR VALUES WITH (MODULUS 2, REMAINDER 1);
            CREATE TABLE orders_other PARTITION OF orders DEFAULT;
            DO $$ DECLARE t text; BEGIN
              FOREACH t IN ARRAY ARRAY['orders', 'orders_eu', 'orders_us', 'orders_us_0', 'orders_us_1', 'orders_other'] LOOP
                EXECUTE format('ALTER TABLE %%I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %%I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format($p$CREATE POLICY tenant_isolation ON %%I USING (%1$s) WITH CHECK (%1$s)$p$, t);
              END LOOP;
            END $$;
            INSERT INTO orders VALUES (1, 1, 'eu'), (2, 2, 'us'), (3, 2, 'us'), (4, 1, 'apac');

            -- the policies on the parent only, every partition RLS on with no policy: reading a
            -- partition directly returns nothing (deny-all), which is safe, not drift
            CREATE TABLE logs (id bigint NOT NULL, account_id bigint NOT NULL REFERENCES accounts (id), at date NOT NULL)
                PARTITION BY RANGE (at);
            CREATE INDEX ON logs (account_id);
            ALTER TABLE logs ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON logs USING (%1$s);
            CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            ALTER TABLE logs_2024 ENABLE ROW LEVEL SECURITY;
            ALTER TABLE logs_2025 ENABLE ROW LEVEL SECURITY;

            -- a plain table whose name starts like a partitioned one's
            CREATE TABLE orders_archive (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
            CREATE INDEX ON orders_archive (account_id);
            """.formatted(TENANT);
}
