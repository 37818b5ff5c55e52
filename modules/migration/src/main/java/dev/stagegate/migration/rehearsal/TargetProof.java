package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.backup.RestoreCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The proof that a rehearsal only read its target: the schema, a fingerprint of every table's rows
 * (and sequences, privileges, comments) and what the whole server shares (roles, databases), read
 * before the copy is made and again, on a read-only connection, after the copy is gone.
 */
public final class TargetProof {

    private final SchemaSnapshot schema;
    private final Map<String, String> fingerprints;
    private final Map<String, String> server;

    private TargetProof(SchemaSnapshot schema, Map<String, String> fingerprints, Map<String, String> server) {
        this.schema = schema;
        this.fingerprints = fingerprints;
        this.server = server;
    }

    public static TargetProof read(Connection c) throws SQLException {
        SchemaSnapshot s = new CatalogReader(c).read(false);
        return new TargetProof(s, RestoreCheck.fingerprints(c, s), ServerState.read(c));
    }

    public SchemaSnapshot schema() {
        return schema;
    }

    /** True when a copy holds exactly what was read: otherwise the target changed while it was copied. */
    public boolean sameData(Connection copy) throws SQLException {
        return fingerprints.equals(RestoreCheck.fingerprints(copy, new CatalogReader(copy).read(false)));
    }

    /** True when the copy has the target's schema exactly: what a sampled copy is held to. */
    public boolean sameSchema(Connection copy) throws SQLException {
        return SnapshotDiff.between(schema, new CatalogReader(copy).read(false)).changes().isEmpty();
    }

    /** Reads the target again, read only, and says whether anything differs. */
    public Verdict verify(Target live, boolean copyFaithful) throws SQLException {
        try (Connection c = Connector.open(live)) {
            c.setReadOnly(true);
            SchemaSnapshot after = new CatalogReader(c).read(false);
            boolean rows = fingerprints.equals(RestoreCheck.fingerprints(c, after));
            List<SnapshotDiff.Change> changes = SnapshotDiff.between(schema, after).changes();
            List<String> serverChanges = ServerState.differences(server, ServerState.read(c));
            boolean untouched = rows && changes.isEmpty() && serverChanges.isEmpty() && copyFaithful;
            String text = untouched ? "the target is unchanged: its schema (functions, policies, RLS, views, indexes...), "
                    + fingerprints.size() + " fingerprints (rows of every table, sequences, privileges, comments) and the server's roles, "
                    + "memberships, settings and databases are equal before and after"
                    : "the target CHANGED during the rehearsal" + (changes.isEmpty() ? "" : " (" + changes.size() + " schema change(s), e.g. "
                    + changes.get(0).kind() + " " + changes.get(0).object() + ")") + (serverChanges.isEmpty() ? "" : " (on the server: "
                    + String.join(", ", serverChanges.subList(0, Math.min(3, serverChanges.size()))) + ")")
                    + (rows ? "" : " (row fingerprints differ)") + (copyFaithful ? "" : " (the copy differs from what was read)")
                    + ": another session wrote to it, or a migration reached it from the copy; stagegate itself only read it";
            return new Verdict(untouched, text);
        }
    }

    public record Verdict(boolean untouched, String text) {
    }
}
