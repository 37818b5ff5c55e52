package dev.stagegate.verification;

import dev.stagegate.core.result.Suppressions;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import dev.stagegate.verification.integrity.IntegrityChecks;
import dev.stagegate.verification.tenant.Scope;
import dev.stagegate.verification.tenant.TenantHints;
import dev.stagegate.verification.tenant.TenantModel;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a verification run checks against.
 *
 * @param tenant          the tenant model; null to discover it from the policies
 * @param critical        tables that must have FORCE ROW LEVEL SECURITY
 * @param expectedFks     foreign keys that must exist
 * @param minimumFks      the seed's "minimum 15"
 * @param probe           run the isolation probes (they need CREATEROLE)
 * @param rowTemplates    values for columns synthetic rows cannot guess, keyed {@code table.column} (see RowFactory)
 * @param applicationRole the role the application connects as, or null when unknown. When it has the
 *                        owner's rights on a table without FORCE, that table is not isolated for the
 *                        application ({@code APPLICATION_ROLE_OWNS_TABLE}, an error). When null, an
 *                        owner bypass stays an error on critical tables and a warning elsewhere, and
 *                        those tables are tallied as {@code owner_bypass}, never as isolated.
 * @param hints           the parts of the tenant model the user stated (each replaces only its part of discovery)
 * @param scope           the schemas checked (platform schemas out unless named)
 * @param eventColumns    column names whose timestamps record when something happened and so can
 *                        never be in the future ({@code FUTURE_TIMESTAMP}); default
 *                        {@link IntegrityChecks#EVENT_COLUMNS}
 */
public record VerificationConfig(TenantModel tenant, Set<String> critical, List<ExpectedForeignKey> expectedFks, int minimumFks,
                                 boolean probe, Suppressions suppressions, Map<String, String> rowTemplates, String applicationRole,
                                 Set<String> eventColumns, TenantHints hints, Scope scope) {

    public VerificationConfig {
        critical = Set.copyOf(critical);
        expectedFks = List.copyOf(expectedFks);
        rowTemplates = Map.copyOf(rowTemplates);
        applicationRole = applicationRole == null || applicationRole.isBlank() ? null : applicationRole;
        eventColumns = eventColumns == null ? IntegrityChecks.EVENT_COLUMNS : Set.copyOf(eventColumns);
        hints = hints == null ? TenantHints.NONE : hints;
        scope = scope == null ? Scope.DEFAULT : scope;
    }

    public VerificationConfig(TenantModel tenant, Set<String> critical, List<ExpectedForeignKey> expectedFks, int minimumFks,
                              boolean probe, Suppressions suppressions, Map<String, String> rowTemplates, String applicationRole,
                              Set<String> eventColumns) {
        this(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, applicationRole, eventColumns, null, null);
    }

    public VerificationConfig withHints(TenantHints h) {
        return new VerificationConfig(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, applicationRole,
                eventColumns, h, scope);
    }

    public VerificationConfig withScope(Scope s) {
        return new VerificationConfig(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, applicationRole,
                eventColumns, hints, s);
    }

    /** Without an application role, with the default event columns. */
    public VerificationConfig(TenantModel tenant, Set<String> critical, List<ExpectedForeignKey> expectedFks, int minimumFks,
                              boolean probe, Suppressions suppressions, Map<String, String> rowTemplates) {
        this(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, null, null);
    }

    public static VerificationConfig discover() {
        return new VerificationConfig(null, Set.of(), List.of(), 0, true, Suppressions.none(), Map.of());
    }

    public VerificationConfig withApplicationRole(String role) {
        return new VerificationConfig(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, role, eventColumns,
                hints, scope);
    }

    public VerificationConfig withEventColumns(Set<String> columns) {
        return new VerificationConfig(tenant, critical, expectedFks, minimumFks, probe, suppressions, rowTemplates, applicationRole, columns,
                hints, scope);
    }
}
