package dev.stagegate.verification.rls;

/**
 * What the probes showed for one table. Only {@link #ISOLATED} is a demonstrated pass; the others
 * each have their own tally entry so a report never folds "could not tell" into "isolated".
 */
public enum TableVerdict {
    /** Every probe (read, update, delete, insert with the other tenant's key, move own row) ran and was blocked. */
    ISOLATED,
    /** At least one probe crossed tenants. */
    LEAKING,
    /** The probes ran but could not show isolation: own row hidden, an inconclusive write, or the application bypasses RLS. */
    NOT_DEMONSTRATED,
    /** Probes blocked, but the owner reads across tenants (no FORCE) and no application role was given to rule the owner out. */
    OWNER_BYPASS,
    /** RLS on and no policy (private by design): every probe ran and was blocked, the tenant's own row included. */
    DENY_ALL,
    /** Reads are public by design (a table without a tenant column whose read policy is USING (true)); every write probe was blocked. */
    PUBLIC_READ,
    /** The probes could not run on this table (setup or a statement failed, or the probe role could not be made). */
    NOT_PROBED
}
