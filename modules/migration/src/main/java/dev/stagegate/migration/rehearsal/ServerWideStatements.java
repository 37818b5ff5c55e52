package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.Migration;
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

    private static final Pattern SERVER_WIDE = Pattern.compile("(?is)^\\s*(?:(?:create|alter|drop)\\s+(?:role|user|group|tablespace|database)\\b"
            + "|alter\\s+system\\b|(?:grant|revoke)\\s+(?!.*\\bon\\b)[\\w\", ]+\\s+(?:to|from)\\b|reassign\\s+owned\\b|(?:create|alter|drop)\\s+subscription\\b"
            // shared catalogs: a database's, role's or tablespace's privileges, comment or label name the real one even from the copy
            + "|(?:grant|revoke)\\b.*\\bon\\s+(?:database|tablespace)\\b|comment\\s+on\\s+(?:database|role|tablespace)\\b"
            + "|security\\s+label\\b.*\\bon\\s+(?:database|role|tablespace)\\b)");

    private ServerWideStatements() {
    }

    /** Refuses (exit 2) the first statement that would change the server rather than the copy. */
    public static void requireNone(MigrationSet set) {
        if (set.isChangelog()) {
            return;
        }
        for (Migration m : set.migrations()) {
            String text;
            try {
                text = Files.readString(m.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            for (SqlStatement s : SqlScript.split(text)) {
                if (SERVER_WIDE.matcher(s.code()).find()) {
                    String first = s.text().strip().lines().findFirst().orElse("");
                    throw new StagegateException(ErrorCode.USAGE, m.fileName() + " line " + s.startLine() + " (" + (first.length() > 60
                            ? first.substring(0, 60) + "..." : first) + ") changes the whole server (roles, tablespaces, databases and its "
                            + "configuration are shared by every database), so a copy on the same server would change the real one; "
                            + "rehearse on a server of its own");
                }
            }
        }
    }
}
