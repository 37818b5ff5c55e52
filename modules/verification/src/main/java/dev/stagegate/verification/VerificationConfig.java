package dev.stagegate.verification;

import dev.stagegate.core.result.Suppressions;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import dev.stagegate.verification.tenant.TenantModel;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a verification run checks against.
 *
 * @param tenant       the tenant model; null to discover it from the policies
 * @param critical     tables that must have FORCE ROW LEVEL SECURITY
 * @param expectedFks  foreign keys that must exist
 * @param minimumFks   the seed's "minimum 15"
 * @param probe        run the isolation probes (they need CREATEROLE)
 * @param rowTemplates values for columns synthetic rows cannot guess, keyed {@code table.column} (see RowFactory)
 */
public record VerificationConfig(TenantModel tenant, Set<String> critical, List<ExpectedForeignKey> expectedFks, int minimumFks,
                                 boolean probe, Suppressions suppressions, Map<String, String> rowTemplates) {

    public VerificationConfig {
        critical = Set.copyOf(critical);
        expectedFks = List.copyOf(expectedFks);
        rowTemplates = Map.copyOf(rowTemplates);
    }

    public static VerificationConfig discover() {
        return new VerificationConfig(null, Set.of(), List.of(), 0, true, Suppressions.none(), Map.of());
    }
}
