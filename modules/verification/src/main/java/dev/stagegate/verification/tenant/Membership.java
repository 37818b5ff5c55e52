package dev.stagegate.verification.tenant;

import java.util.UUID;

/**
 * Tenants reached through a membership table: the session names a user, and the policies let it
 * see the tenants listed for it ({@code account_id IN (SELECT account_id FROM memberships WHERE
 * user_id = auth.uid())}). The probe gives each synthetic tenant a synthetic user of its own and
 * one membership row, so "acting as tenant A" means acting as A's only member.
 *
 * @param table        the membership table, qualified
 * @param userColumn   its column holding the user (compared with the identity)
 * @param tenantColumn its column holding the tenant
 * @param userType     the user column's type, for the synthetic users' ids
 * @param via          a lookup the identity goes through first (PostGraphile: the session id names a
 *                     row of {@code app_private.sessions} whose {@code user_id} is the user), or null
 */
public record Membership(String table, String userColumn, String tenantColumn, String userType, Membership via) {

    public Membership(String table, String userColumn, String tenantColumn, String userType) {
        this(table, userColumn, tenantColumn, userType, null);
    }

    /** What the session must say for the policies to see {@code tenant}: its member, or that member's session. */
    public String identityFor(String tenant) {
        String user = userFor(tenant);
        return via == null ? user : via.userFor(user);
    }

    public String describe() {
        return table + " (" + userColumn + " -> " + tenantColumn + ")" + (via == null ? "" : ", the user found through " + via.describe());
    }

    /** The synthetic user who is the only member of {@code tenant}: derived, so no state is kept. */
    public String userFor(String tenant) {
        String seed = "sg-probe-user:" + tenant;
        String base = userType == null ? "text" : userType.replaceAll("\\(.*", "").trim();
        return switch (base) {
            case "uuid" -> UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            case "integer", "bigint", "smallint", "numeric" -> Long.toString(1_000_000_000L + Math.floorMod(seed.hashCode(), 1_000_000_000L));
            default -> "sg-probe-user-" + Integer.toHexString(seed.hashCode());
        };
    }
}
