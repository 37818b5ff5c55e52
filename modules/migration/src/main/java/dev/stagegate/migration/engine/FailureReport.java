package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationText;

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

    /** True when the text of some exception of the chain names {@code marker} (Liquibase quotes the SQL that failed). */
    private static boolean failedIn(Throwable e, String marker) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(marker)) {
                return true;
            }
        }
        return false;
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
        return describe(set, e, events, false);
    }

    /**
     * @param rollback the failure is a rollback's: the line is its rollback file's, and what remains is the migration
     *                 itself, still applied
     */
    static String describe(MigrationSet set, Exception e, List<MigrationEvent> events, boolean rollback) {
        if (isValidationFailure(e)) {
            return "the migrations did not validate, nothing ran: " + MigrationFailure.firstLine(e);
        }
        String id = failedId(e);
        if (id == null) {
            id = unfinished(events);
        }
        Optional<Migration> m = id == null ? Optional.empty() : set.find(id);
        boolean ofRollback = rollback && m.isPresent() && m.get().rollbackFile() != null;
        String where = m.map(x -> ofRollback ? x.rollbackName() : x.fileName()).orElse(id == null ? "a migration" : id);
        java.nio.file.Path file = m.map(x -> ofRollback ? x.rollbackFile() : x.file()).orElse(null);
        String script;
        try {
            script = file == null ? "" : ofRollback ? MigrationText.rollback(m.get()) : MigrationText.forward(m.get());
        } catch (IOException io) {
            // Without the file neither the line nor whether it ran in a transaction is known: say so.
            return where + ": " + MigrationFailure.firstLine(e) + "; cannot read " + file + " (" + io
                    + ") to tell the line or what of it remains";
        }
        boolean transactional = m.isEmpty() || !ChangelogWriter.needsNoTransaction(script);
        if (!ofRollback && m.isPresent() && m.get().verify().isPresent() && failedIn(e, ChangelogWriter.VERIFY_SAVEPOINT)) {
            // the change ran; its verify script (Sqitch's) is what failed, and the change went with it
            String verifyName = m.get().verifyName();
            Optional<Integer> vline;
            try {
                vline = MigrationFailure.line(e, MigrationText.verify(m.get()));
            } catch (IOException io) {
                vline = Optional.empty();
            }
            return verifyName + vline.map(l -> " line " + l).orElse("") + ": " + MigrationFailure.firstLine(e) + (transactional
                    ? "; the verify of " + m.get().fileName() + " failed in its transaction, so the change was undone with it"
                    : "; " + m.get().fileName() + " ran outside a transaction and stays: check it, revert it by hand if needed");
        }
        Optional<Integer> line = m.isEmpty() ? Optional.empty() : MigrationFailure.line(e, script);
        String remains = !transactional ? "; it ran outside a transaction, check what it left"
                : ofRollback ? "; that rollback's transaction was undone, so " + m.get().fileName() + " is still applied, whole"
                : "; its transaction was undone, so none of its statements took effect";
        return where + line.map(l -> " line " + l).orElse("") + ": " + MigrationFailure.firstLine(e) + remains;
    }

    /** A failure with the schema version it left and what to do next; null stays null (no failure). */
    static String nextStep(String failure, String version, String todo) {
        return failure == null ? null : failure + "; the schema is at version " + version + ": " + todo;
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
