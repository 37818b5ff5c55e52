package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Liquibase run into the one line users read: which migration file, which line of
 * it, the server's error with its SQLSTATE, and what remains of it in the database.
 */
final class FailureReport {

    private static final Pattern CHANGESET = Pattern.compile("::([^:]+)::" + ChangelogWriter.AUTHOR);

    private FailureReport() {
    }

    static boolean isValidationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof liquibase.exception.ValidationFailedException) {
                return true;
            }
        }
        return false;
    }

    /** @param events the run's events: the last migration started and not finished is the one that failed */
    static String describe(MigrationSet set, Exception e, List<MigrationEvent> events) {
        if (isValidationFailure(e)) {
            return "the migrations did not validate, nothing ran: " + MigrationFailure.firstLine(e);
        }
        String id = failedId(e);
        if (id == null) {
            id = unfinished(events);
        }
        Optional<Migration> m = id == null ? Optional.empty() : set.find(id);
        String where = m.map(Migration::fileName).orElse(id == null ? "a migration" : id);
        String script;
        try {
            script = m.isEmpty() ? "" : Files.readString(m.get().file());
        } catch (IOException io) {
            // Without the file neither the line nor whether it ran in a transaction is known: say so.
            return where + ": " + MigrationFailure.firstLine(e) + "; cannot read " + m.get().file() + " (" + io
                    + ") to tell the line or what of it remains";
        }
        Optional<Integer> line = m.isEmpty() ? Optional.empty() : MigrationFailure.line(e, script);
        boolean transactional = m.isEmpty() || !ChangelogWriter.needsNoTransaction(script);
        return where + line.map(l -> " line " + l).orElse("") + ": " + MigrationFailure.firstLine(e)
                + (transactional ? "; it was rolled back, nothing of it remains" : "; it ran outside a transaction, check what it left");
    }

    private static String unfinished(List<MigrationEvent> events) {
        String open = null;
        for (MigrationEvent ev : events) {
            switch (ev.type()) {
                case STARTING, ROLLING_BACK -> open = ev.version();
                case COMPLETED, ROLLED_BACK -> open = null;
                default -> { }
            }
        }
        return open;
    }

    private static String failedId(Exception e) {
        Matcher matcher = CHANGESET.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? matcher.group(1) : null;
    }
}
