package dev.stagegate.console.repl;

import org.jline.reader.impl.history.DefaultHistory;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * History that never stores a line holding a secret: a password, a URL with credentials, a
 * PGPASSWORD or a connection string with one. Such lines still run; they are just not written to
 * {@code ~/.stagegate/history}. Use profiles or environment variables instead.
 */
final class SecretFilteringHistory extends DefaultHistory {

    /**
     * Assignments of password-like names, SQL {@code PASSWORD} followed by any string form
     * ({@code '...'}, {@code E'...'}, {@code $$...$$}, {@code $tag$...$tag$}, {@code U&'...'}), a call
     * such as {@code password(...)}.
     */
    static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pgpassword|secret|token|api[_-]?key)\\s*[=:]|"
            + "password\\s*\\(|\\bPASSWORD\\s+(E|U&)?'|\\bPASSWORD\\s+\\$[A-Za-z_0-9]*\\$|\\bPASSWORD\\s*[\"+]");

    /**
     * A PostgreSQL URL whose authority holds a colon before an {@code @}, however the line builds it
     * ({@code "postgresql://u:" + pw + "@host"} included): userinfo with a password.
     */
    private static final Pattern CREDENTIALED_URL = Pattern.compile("(?is)postgres(ql)?://[^/@\\s]*:.*@");

    /**
     * Anything that even spells a password (PASSWORD split by comments, quotes or concatenation, {@code pw =},
     * {@code pwd}, {@code passwd}): a line kept out of the history by mistake costs nothing, one let in leaks.
     */
    private static final Pattern PASSWORD_WORD = Pattern.compile("(?is)pass\\W{0,12}word|\\bp(ass)?w(or)?d?\\s*=|\\bpwd\\b|passwd");

    static boolean holdsSecret(String line) {
        return SECRET.matcher(line).find() || CREDENTIALED_URL.matcher(line).find() || PASSWORD_WORD.matcher(line).find();
    }

    /** Creates the history file readable by its owner only, and tightens an existing one. */
    static void secure(java.nio.file.Path file) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(perms));
            } else {
                java.nio.file.Files.setPosixFilePermissions(file, perms);
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // not a POSIX file system, or not ours to change: the filter above still keeps secrets out
        }
    }

    @Override
    public void add(Instant time, String line) {
        if (!holdsSecret(line)) {
            super.add(time, line);
        }
    }
}
