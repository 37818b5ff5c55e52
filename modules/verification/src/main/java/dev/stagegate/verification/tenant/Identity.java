package dev.stagegate.verification.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * How a session says who it is, as the policies read it: a custom setting
 * ({@code current_setting('app.current_tenant')}, PostGraphile's {@code jwt.claims.user_id}) or a
 * JWT claim as PostgREST and Supabase set it ({@code request.jwt.claims} JSON plus the older
 * {@code request.jwt.claim.<name>} settings; {@code auth.uid()} reads {@code sub}).
 *
 * @param name the setting name, or the claim name for {@link Kind#JWT_CLAIM}
 */
public record Identity(Kind kind, String name) {

    public enum Kind { SETTING, JWT_CLAIM }

    public static Identity setting(String name) {
        return new Identity(Kind.SETTING, name);
    }

    public static Identity claim(String name) {
        return new Identity(Kind.JWT_CLAIM, name);
    }

    /** The setting the session state lives in (for JWT claims, the claims JSON). */
    public String settingName() {
        return kind == Kind.SETTING ? name : "request.jwt.claims";
    }

    /**
     * Sets, for the current transaction, the session state that makes the policies see {@code value}.
     * A JWT gets {@code sub} (the value itself when the claim is {@code sub}, else a user id derived
     * from it, so {@code auth.uid()} never returns NULL) and {@code role}.
     */
    public void enter(Connection c, String value, String role) throws SQLException {
        if (value == null || value.isEmpty()) {
            clear(c);
            return;
        }
        if (kind == Kind.SETTING) {
            set(c, name, value);
            return;
        }
        String sub = "sub".equals(name) ? value : UUID.nameUUIDFromBytes(("sg-probe-sub:" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        String r = role == null ? "authenticated" : role;
        StringBuilder json = new StringBuilder("{\"sub\": ").append(quote(sub)).append(", \"role\": ").append(quote(r));
        if (!"sub".equals(name) && !"role".equals(name)) {
            json.append(", ").append(quote(name)).append(": ").append(quote(value));
        }
        json.append('}');
        set(c, "request.jwt.claims", json.toString());
        set(c, "request.jwt.claim.sub", sub);
        set(c, "request.jwt.claim.role", r);
        if (!"sub".equals(name) && !"role".equals(name)) {
            set(c, "request.jwt.claim." + name, value);
        }
    }

    /** A request with nobody signed in, as PostgREST makes it for {@code role}: claims with the role alone, no sub. */
    public void anonymous(Connection c, String role) throws SQLException {
        clear(c);
        if (kind == Kind.JWT_CLAIM) {
            set(c, "request.jwt.claims", "{\"role\": " + quote(role) + "}");
            set(c, "request.jwt.claim.role", role);
        }
    }

    /** No identity: what {@code current_setting(name, true)} returns after a rolled-back set (''), for every setting used. */
    public void clear(Connection c) throws SQLException {
        if (kind == Kind.SETTING) {
            set(c, name, "");
            return;
        }
        set(c, "request.jwt.claims", "");
        set(c, "request.jwt.claim.sub", "");
        set(c, "request.jwt.claim.role", "");
        if (!"sub".equals(name) && !"role".equals(name)) {
            set(c, "request.jwt.claim." + name, "");
        }
    }

    public String describe() {
        return kind == Kind.SETTING ? "the setting " + name : "the JWT claim " + name + " (request.jwt.claims)";
    }

    private static void set(Connection c, String setting, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, setting);
            ps.setString(2, value == null ? "" : value);
            ps.execute();
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
