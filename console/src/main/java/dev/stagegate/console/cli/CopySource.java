package dev.stagegate.console.cli;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.target.Target;

import java.io.PrintWriter;

/** The target of a command that only copies it (rehearse, rollback-cycle): resolved, its secrets masked, said once. */
final class CopySource {

    private CopySource() {
    }

    static Target open(TargetOptions target, Example example, EvidenceRun evidence, PrintWriter out, PrintWriter err) {
        try (Session session = Session.open(target, example, err)) {
            evidence.addSecrets(session.live().secrets());
            out.println("[INFO] Target: " + session.target().describe() + " (read only: it is copied, never migrated)");
            return session.live();
        }
    }
}
