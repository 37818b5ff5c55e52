package dev.stagegate.verification;

import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import dev.stagegate.verification.tenant.TenantHints;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an example's {@code example.properties} says about verifying it: tenant model, critical
 * tables, expected foreign keys, minimum count, row templates, expectations file. Command-line
 * values given in {@code base} win over the example's.
 */
public final class ExampleSettings {

    private ExampleSettings() {
    }

    /** @param base what the user gave (may be empty); the example fills what is missing */
    public static VerificationConfig verification(Example example, VerificationConfig base, String column, String setting,
                                                  String table) {
        return verification(example, base, column, setting, table, null);
    }

    /** @param key the tenant table's key column; null for the example's {@code tenant.key}, else {@code id} */
    public static VerificationConfig verification(Example example, VerificationConfig base, String column, String setting,
                                                  String table, String key) {
        column = column != null ? column : base.hints().column();
        setting = setting != null ? setting : base.hints().setting();
        table = table != null ? table : base.hints().table();
        key = key != null ? key : base.hints().key();
        Set<String> critical = new LinkedHashSet<>(base.critical());
        List<ExpectedForeignKey> fks = new ArrayList<>(base.expectedFks());
        int minimum = base.minimumFks();
        Map<String, String> templates = new LinkedHashMap<>(base.rowTemplates());
        if (example != null) {
            if (critical.isEmpty() && example.property("critical.tables") != null) {
                critical.addAll(Arrays.asList(example.property("critical.tables").split(",")));
            }
            if (fks.isEmpty() && example.property("fk.expected") != null) {
                fks.addAll(ExpectedForeignKey.parseList(example.property("fk.expected")));
            }
            if (minimum == 0 && example.property("fk.minimum") != null) {
                minimum = Integer.parseInt(example.property("fk.minimum"));
            }
            for (String name : example.propertyNames()) {
                if (name.startsWith("row.")) {
                    templates.putIfAbsent(name.substring("row.".length()), example.property(name));
                }
            }
            column = column == null ? example.property("tenant.column") : column;
            setting = setting == null ? example.property("tenant.setting") : setting;
            table = table == null ? example.property("tenant.table") : table;
            key = key == null ? example.property("tenant.key") : key;
        }
        TenantHints given = base.hints();
        TenantHints hints = new TenantHints(column, setting, given.claim(), table, key, given.membership());
        String appRole = base.applicationRole() != null ? base.applicationRole() : example == null ? null : example.property("application.role");
        return new VerificationConfig(base.tenant(), critical, fks, minimum, base.probe(), base.suppressions(), templates, appRole,
                base.eventColumns(), hints, base.scope());
    }

    public static VerificationConfig verification(Example example) {
        return verification(example, new VerificationConfig(null, Set.of(), List.of(), 0, true, Suppressions.none(), Map.of()),
                null, null, null);
    }

    /** The example's expectations file, if it names one. */
    public static Optional<Path> expectations(Example example) {
        return example == null || example.property("expectations") == null ? Optional.empty()
                : Optional.of(example.dir().resolve(example.property("expectations")));
    }
}
