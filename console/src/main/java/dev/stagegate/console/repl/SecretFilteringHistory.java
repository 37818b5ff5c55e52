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

    static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pgpassword|secret|token|api[_-]?key)\\s*[=:]|"
            + "postgres(ql)?://[^/\\s:@]+:[^@\\s]+@|password\\s*\\(|\\bPASSWORD\\s+'");

    static boolean holdsSecret(String line) {
        return SECRET.matcher(line).find();
    }

    @Override
    public void add(Instant time, String line) {
        if (!holdsSecret(line)) {
            super.add(time, line);
        }
    }
}
