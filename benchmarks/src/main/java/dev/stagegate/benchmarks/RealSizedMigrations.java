package dev.stagegate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A migration set shaped like the public ones issue 14 was tried on (a diesel project of 249 migrations): most files
 * create a table of a dozen columns with a foreign key to an earlier one, its indexes, comments and a few rows; every
 * fifth alters an earlier table (a column, a check, an index), every tenth adds a trigger function. About 25 lines
 * and about 850 bytes a file, against 3 lines in {@link GeneratedSchema}.
 */
final class RealSizedMigrations {

    /** The files in order, for psql: one per migration, as {@code NNN_name.sql}. */
    static final String LIST = "files.txt";

    private RealSizedMigrations() {
    }

    static Path folder(String prefix, int count) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String v = String.format("%03d", i);
            String t = "entity_" + v;
            StringBuilder sql = new StringBuilder("-- " + v + ": " + t + "\n");
            String rollback;
            if (i % 5 == 0 && i > 5) {
                String old = "entity_" + String.format("%03d", i - 4);
                sql.append("ALTER TABLE ").append(old).append(" ADD COLUMN archived_at timestamptz;\n")
                        .append("ALTER TABLE ").append(old).append(" ADD CONSTRAINT ").append(old).append("_qty_check CHECK (quantity >= 0);\n")
                        .append("CREATE INDEX ").append(old).append("_archived_idx ON ").append(old).append(" (archived_at) WHERE archived_at IS NOT NULL;\n")
                        .append("UPDATE ").append(old).append(" SET archived_at = created_at WHERE quantity = 0;\n")
                        .append("COMMENT ON COLUMN ").append(old).append(".archived_at IS 'when the row left the active set';\n");
                rollback = "DROP INDEX " + old + "_archived_idx;\nALTER TABLE " + old + " DROP CONSTRAINT " + old + "_qty_check;\n"
                        + "ALTER TABLE " + old + " DROP COLUMN archived_at;\n";
            } else {
                String parent = i == 1 ? null : "entity_" + String.format("%03d", i % 5 == 1 ? i - 2 : i - 1);
                sql.append("CREATE TABLE ").append(t).append(" (\n")
                        .append("    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
                        .append("    tenant_id uuid NOT NULL,\n")
                        .append(parent == null ? "" : "    parent_id bigint REFERENCES " + parent + " (id) ON DELETE CASCADE,\n")
                        .append("    code text NOT NULL,\n    title text NOT NULL,\n    description text,\n")
                        .append("    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),\n")
                        .append("    quantity integer NOT NULL DEFAULT 0,\n    amount numeric(12,2),\n    attributes jsonb NOT NULL DEFAULT '{}',\n")
                        .append("    created_at timestamptz NOT NULL DEFAULT now(),\n    updated_at timestamptz NOT NULL DEFAULT now(),\n")
                        .append("    UNIQUE (tenant_id, code)\n);\n")
                        .append("CREATE INDEX ").append(t).append("_tenant_status_idx ON ").append(t).append(" (tenant_id, status);\n")
                        .append(parent == null ? "" : "CREATE INDEX " + t + "_parent_idx ON " + t + " (parent_id);\n")
                        .append("COMMENT ON TABLE ").append(t).append(" IS 'entity ").append(v).append(" of the application';\n")
                        .append("INSERT INTO ").append(t).append(" (tenant_id, code, title, quantity)\n")
                        .append("SELECT md5(g::text)::uuid, 'c' || g, 'title ' || g, g % 7 FROM generate_series(1, 50) g;\n");
                rollback = "DROP TABLE " + t + ";\n";
                if (i % 10 == 0) {
                    sql.append("CREATE FUNCTION ").append(t).append("_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n")
                            .append("    NEW.updated_at := now();\n    RETURN NEW;\nEND;\n$$;\n")
                            .append("CREATE TRIGGER ").append(t).append("_touch BEFORE UPDATE ON ").append(t)
                            .append(" FOR EACH ROW EXECUTE FUNCTION ").append(t).append("_touch();\n");
                    rollback = "DROP TABLE " + t + ";\nDROP FUNCTION " + t + "_touch();\n";
                }
            }
            String name = v + "_" + t + ".sql";
            Files.writeString(folder.resolve(name), sql.toString());
            Files.writeString(folder.resolve(v + "_" + t + ".rollback.sql"), rollback);
            list.append(name).append('\n');
        }
        Files.writeString(folder.resolve(LIST), list.toString());
        return folder;
    }
}
