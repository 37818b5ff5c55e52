package dev.stagegate.core.target;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets in anything stagegate prints or writes. */
public final class Secrets {

    public static final String MASK = "****";

    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:password|pgpassword|sslpassword)\\s*[=:]\\s*)('[^']*'|\"[^\"]*\"|[^&\\s;,]+)");
    /**
     * The whole userinfo of a PostgreSQL URL (libpq or jdbc form), up to the last {@code @} of the
     * token: a password may itself hold {@code @}, {@code :} or {@code /}, so nothing of it is kept,
     * the user name included.
     */
    private static final Pattern URI_USERINFO = Pattern.compile("(?i)(postgres(?:ql)?://)[^\\s'\"]*@");

    private Secrets() {
    }

    /**
     * Replaces each known secret and every {@code password=...} or {@code user:pass@} form in
     * {@code text}. Secrets shorter than 3 characters are masked only in the structured forms, so
     * that a one-letter password does not blank out every such letter of a log.
     */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, MASK);
            }
        }
        out = PASSWORD_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = URI_USERINFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        out = JDBC_QUERY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?" + MASK));
        return out;
    }

    /** {@code PASSWORD '...'} (any quoting: E'', $$...$$, $tag$...$tag$) in SQL becomes {@code PASSWORD '****'}. */
    private static final Pattern SQL_PASSWORD = Pattern.compile(
            "(?i)(\\bPASSWORD\\s+)((?:E|U&)?'(?:[^']|'')*'|(\\$[A-Za-z_0-9]*\\$).*?\\3)", Pattern.DOTALL);

    public static String maskSqlPasswords(String sql) {
        return sql == null ? null : SQL_PASSWORD.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "'" + MASK + "'"));
    }

    /**
     * A URL as stagegate prints it back: everything between {@code ://} and the last {@code @} (a password
     * may hold spaces, '@', '/', '?', '#') becomes {@code ****}, then the usual masking for parameters.
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        String out = scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + MASK + url.substring(at) : url;
        return mask(out);
    }

    /** A JDBC URL's whole query in an echoed URL: a misspelt parameter ({@code pass word=...}) is still a password. */
    private static final Pattern JDBC_QUERY = Pattern.compile("(?i)(jdbc:postgresql://[^\\s'\"?]*)\\?[^\\s'\"]*");

    /**
     * A stack trace as {@code --debug} prints it: exception messages quote failed SQL and URLs, so the
     * trace gets the same masking as any line, role passwords in SQL included.
     */
    public static String maskTrace(Throwable e, Collection<String> secrets) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return maskSqlPasswords(mask(w.toString(), secrets));
    }

    public static String mask(String text) {
        return mask(text, java.util.List.of());
    }
}
