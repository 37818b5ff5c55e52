package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationText;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;

/**
 * Statements a copy on the same server cannot contain: roles, tablespaces, databases and the
 * server's configuration are shared by every database of the cluster, so running them on the
 * copy would change the real server. A rehearsal refuses them before it makes a copy.
 */
public final class ServerWideStatements {

    /**
     * Searched anywhere in a statement, strings and dollar bodies included (a DO block's EXECUTE, a
     * function created and called): conservative on purpose, since any of these on a copy on the same
     * server reaches the real one. dblink and foreign servers reach it directly.
     */
    private static final Pattern SERVER_WIDE = Pattern.compile("(?is)\\b(?:(?:create|alter|drop)\\s+(?:role|user(?!\\s+mapping)|group|tablespace|database)\\b"
            + "|alter\\s+system\\b|reassign\\s+owned\\b|(?:create|alter|drop)\\s+subscription\\b"
            + "|(?:grant|revoke)\\b[^;]*\\bon\\s+(?:database|tablespace)\\b|comment\\s+on\\s+(?:database|role|tablespace)\\b"
            + "|security\\s+label\\b[^;]*\\bon\\s+(?:database|role|tablespace)\\b|dblink|postgres_fdw|create\\s+server\\b)"
            + "|^\\s*(?:grant|revoke)\\s+(?![^;]*\\bon\\b)[\\w\", ]+\\s+(?:to|from)\\b");

    private ServerWideStatements() {
    }

    /** Refuses (exit 2) the first statement of any migration or rollback file that would change the server rather than the copy. */
    public static void requireNone(MigrationSet set) {
        requireNone(set, m -> true, m -> true);
    }

    /**
     * Refuses the first such statement among what will run on the copy: the forward files {@code forward}
     * accepts and the rollback files {@code backward} accepts (a role made by an applied migration long
     * ago is no reason to refuse rehearsing the next one).
     */
    public static void requireNone(MigrationSet set, java.util.function.Predicate<Migration> forward,
                                   java.util.function.Predicate<Migration> backward) {
        if (set.isChangelog()) {
            return;
        }
        for (Migration m : set.migrations()) {
            if (forward.test(m)) {
                check(m, false);
            }
            if (backward.test(m) && m.rollbackFile() != null) {
                check(m, true);
            }
        }
    }

    private static void check(Migration m, boolean rollback) {
        {
            String fileName = rollback ? m.rollbackName() : m.fileName();
            String text;
            try {
                text = rollback ? MigrationText.rollback(m) : MigrationText.forward(m) + "\n" + MigrationText.verify(m);
            } catch (IOException e) {
                return;
            }
            for (SqlStatement s : SqlScript.split(text)) {
                if (SERVER_WIDE.matcher(s.text()).find()) {
                    String first = s.text().strip().lines().findFirst().orElse("");
                    throw new StagegateException(ErrorCode.USAGE, fileName + " line " + s.startLine() + " (" + (first.length() > 60
                            ? first.substring(0, 60) + "..." : first) + ") changes the whole server (roles, tablespaces, databases and its "
                            + "configuration are shared by every database), so a copy on the same server would change the real one; "
                            + "rehearse on a server of its own");
                }
            }
        }
    }
}
