package dev.stagegate.verification.result;

import dev.stagegate.core.result.FindingCode;

/**
 * Every finding code the verification module emits, with one sentence each for the generated
 * docs. A leaf package (core only), so every check family can use it without a package cycle.
 * {@code VerificationCodeCoverageTest} fails when a code is not asserted by name in some test.
 */
public enum VerificationCode implements FindingCode {
    // RLS coverage, from the snapshot
    RLS_DISABLED("A table holding tenant data has row-level security off, so every role with SELECT sees every tenant."),
    RLS_NO_POLICY("Deny-all: row-level security is on and the table has no policy, so no role but the owner reads or writes a row (a warning when the application role holds privileges on a table not obviously private)."),
    RLS_NOT_FORCED("FORCE ROW LEVEL SECURITY is not set, so the table owner bypasses the policies."),
    POLICY_RLS_OFF("A policy exists on a table whose row-level security is off, so it is never applied."),
    POLICY_ALWAYS_TRUE("A read policy is always true (USING (true), ... OR true), so every tenant's rows are visible."),
    POLICY_WRITE_UNPINNED("A write policy's WITH CHECK does not compare the tenant column with the tenant setting, so a write can carry any tenant's key."),
    POLICY_UNPINNED_BRANCH("A read policy lets rows through on a condition that does not pin the tenant (an OR branch, a LIKE), so every tenant reads the rows that match it."),
    POLICY_ROLE_SPECIFIC("A policy applies to named roles or tests the current role, so what it lets through differs by role and only a probe as that role shows it."),
    POLICY_MULTIPLE_PERMISSIVE("Several permissive policies apply to one role and command; they are ORed, so the loosest decides."),
    VIEW_BYPASSES_RLS("A view over tenant tables runs with its owner's rights (no security_invoker), so it reads around row-level security."),
    MATVIEW_TENANT_DATA("A materialized view holds tenant data; row-level security never applies to it."),
    SECURITY_DEFINER_RETURNS_TENANT_ROWS("A SECURITY DEFINER function returns rows of a tenant table, read with its owner's rights around the policies."),
    SECURITY_DEFINER_SEARCH_PATH("A SECURITY DEFINER function has no fixed search_path, so a caller can shadow the objects it uses."),

    // isolation probes
    LEAK_READ("With tenant A set, the probe role read tenant B's row."),
    LEAK_UPDATE("With tenant A set, the probe role updated tenant B's row."),
    LEAK_DELETE("With tenant A set, the probe role deleted tenant B's row."),
    LEAK_INSERT("With tenant A set, the probe role inserted a row carrying tenant B's key."),
    LEAK_NULL_TENANT("With tenant A set, the probe role inserted a row with no tenant key that tenant B then read."),
    TENANT_KEY_REWRITTEN("A cross-tenant write succeeded but the other tenant gained no row: a trigger or rule kept the row out of it."),
    LEAK_MOVE("With tenant A set, the probe role moved its own row to tenant B."),
    OWNER_BYPASS("Without FORCE, the table owner read tenant B's row with tenant A set."),
    OWNER_BYPASS_NOT_SHOWN("The probe could not act as the table owner to demonstrate the owner bypass."),
    PROBE_OWN_ROW_HIDDEN("With tenant A set, the probe cannot read tenant A's own row, so isolation is not demonstrated."),
    PROBE_INSERT_INCONCLUSIVE("The cross-tenant INSERT failed for another reason than row-level security, so write isolation was not shown."),
    PROBE_WRITE_INCONCLUSIVE("An UPDATE or DELETE without a WHERE clause failed for another reason than row-level security, so write isolation was not shown."),
    PROBE_MOVE_INCONCLUSIVE("Moving a row to another tenant failed for another reason than row-level security, so write isolation was not shown."),
    PROBE_ROLE_UNAVAILABLE("The probe role could not be created (no CREATEROLE), so isolation was not tested."),
    PROBE_ROLE_BYPASSES_RLS("The probe role could bypass row-level security, so no probe would mean anything."),
    PROBE_ROLE_PROVEN("The probe role was proven unable to bypass row-level security (informational proof)."),
    PROBE_CONTROL_FAILED("The negative control (a USING (true) table) did not leak to the probe, so the probe cannot see leaks."),
    PROBE_SETUP_FAILED("The probe's synthetic tenants or rows could not be created, so isolation was not tested."),
    PROBE_FAILED("A probe statement failed unexpectedly, so the table's isolation was not tested."),
    APPLICATION_ROLE_BYPASSES_RLS("The application role is superuser or has BYPASSRLS, so no policy applies to the application."),
    APPLICATION_ROLE_OWNS_TABLE("The application connects as (a member of) the owner of a table without FORCE, so its policies never apply to the application."),

    // foreign keys
    FK_MISSING("An expected foreign key does not exist."),
    FK_COUNT_BELOW_MINIMUM("The schema has fewer foreign keys than the configured minimum."),
    FK_UNINDEXED("No valid index leads with the foreign key's columns, so parent deletes and updates scan the child under lock."),
    FK_TYPE_MISMATCH("A foreign key column's type differs from the referenced column's type."),
    FK_ORPHANS("Rows point at no parent row."),
    ORPHAN_SCAN_BLOCKED("Row-level security would hide rows from the orphan scan, so it was not run."),
    FK_ON_DELETE_MISMATCH("Deleting a parent row did something other than the declared ON DELETE action."),
    FK_DELETE_BLOCKED("The key is declared to act on delete, but the parent row cannot be deleted at all."),
    FK_DELETE_NOT_REHEARSED("The ON DELETE action could not be rehearsed (no child row could be found or made), so it was not tested."),

    // partitioned tables, from the snapshot
    PARTITION_DRIFT("A partition lacks a foreign key, index, policy or row-level security flag that its siblings or its parent have."),
    PARTITION_RLS_OFF("A partition has row-level security off while its parent has it on, so reading the partition directly bypasses the parent's policies."),

    // data integrity
    NULL_TENANT_KEY("Rows have no tenant key, so no policy can place them in a tenant."),
    FUTURE_TIMESTAMP("An event timestamp lies in the future in every time zone."),
    INTEGRITY_SCAN_BLOCKED("Row-level security would hide rows from the integrity scans (NULL keys, future timestamps, linkage), so they were not run."),
    TENANT_LINKAGE_BROKEN("A child row points at a parent row of another tenant."),
    SMOKE_INSERT_FAILED("A test row could not be inserted into a tenant table as the probe role with its tenant set."),
    SMOKE_INSERT_INVISIBLE("A test row inserted as the probe role cannot be read back with its own tenant set."),
    SMOKE_INSERT_NOT_TESTED("No test row was written under row-level security: no probe role could be made (an error), or no INSERT policy applies to the application on that table (information)."),

    // expectations
    EXPECTATION_FAILED("A hand-written expectation did not hold."),

    // preservation
    ROW_COUNT_CHANGED("A table's row count differs between the two captures."),
    CONTENT_CHANGED("A table holds the same number of rows but different content between the two captures."),
    COLUMN_CONTENT_CHANGED("A column of an altered table holds different values between the two captures."),
    TABLE_LOST("A table present in the first capture is missing from the second.");

    private final String meaning;

    VerificationCode(String meaning) {
        this.meaning = meaning;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
