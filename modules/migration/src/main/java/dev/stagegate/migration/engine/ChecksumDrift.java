package dev.stagegate.migration.engine;

import liquibase.ChecksumVersion;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applied changesets whose source changed since they ran: each stored checksum against the one the
 * file gives now, computed with the checksum version it was stored with (so a Liquibase upgrade
 * that changes the algorithm is not reported as an edit).
 */
final class ChecksumDrift {

    private ChecksumDrift() {
    }

    /** Must run inside the Liquibase scope: computing a checksum reads the SQL files. */
    static List<Drift> of(List<ChangeSet> changeSets, List<AppliedMigration> rows, Function<String, String> label) {
        List<Drift> drift = new ArrayList<>();
        for (ChangeSet cs : changeSets) {
            Optional<AppliedMigration> row = rows.stream().filter(r -> r.id().equals(cs.getId())
                    && r.author().equals(cs.getAuthor())).findFirst();
            if (row.isEmpty() || row.get().checksum() == null || row.get().isTag()) {
                continue;
            }
            CheckSum stored = CheckSum.parse(row.get().checksum());
            CheckSum now = cs.generateCheckSum(ChecksumVersion.enumFromChecksumVersion(stored.getVersion()));
            if (!stored.equals(now)) {
                drift.add(new Drift(cs.getId(), label.apply(cs.getId()), stored.toString(), now.toString()));
            }
        }
        return drift;
    }
}
