package dev.stagegate.console.gate;

import dev.stagegate.verification.ExampleSettings;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.fk.ExpectedForeignKey;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of the gate's {@code verify} word, the same as {@code stagegate verify}'s:
 * {@code verify critical: ['tenants'], minFks: 15, suppressions: 'accepted.txt',
 * suppress: ['RLS_NOT_FORCED:public.x': 'why'], probe: false}. An unknown key is a usage error,
 * never ignored.
 */
public record VerifyOptions(VerificationConfig config, Optional<Path> expectations) {

    static final Set<String> KEYS = new java.util.TreeSet<>(List.of("critical", "minFks", "expectFks", "suppressions", "suppress",
            "tenantColumn", "tenantSetting", "tenantClaim", "membership", "tenantTable", "tenantKey", "probe", "expectations", "rowTemplates",
            "applicationRole", "appRole", "eventColumns", "schemas", "excludeSchemas"));

    static VerifyOptions from(Map<String, Object> options, Example example, Path base) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new StagegateException(ErrorCode.USAGE, "verify: unknown option '" + key + "'; known: " + String.join(", ", KEYS));
            }
        }
        Set<String> critical = new LinkedHashSet<>(strings(options.get("critical")));
        List<ExpectedForeignKey> fks = strings(options.get("expectFks")).stream().flatMap(x -> ExpectedForeignKey.parseList(x).stream()).toList();
        int minFks = options.containsKey("minFks") ? Integer.parseInt(options.get("minFks").toString()) : 0;
        boolean probe = !options.containsKey("probe") || Boolean.parseBoolean(options.get("probe").toString());
        Suppressions s = Suppressions.none();
        if (options.get("suppressions") != null) {
            s = Suppressions.read(base.resolve(options.get("suppressions").toString()));
        }
        if (options.get("suppress") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                try {
                    s.accept(e.getKey().toString(), e.getValue() == null ? null : e.getValue().toString());
                } catch (IllegalArgumentException ex) {
                    throw new StagegateException(ErrorCode.USAGE, "verify suppress: " + ex.getMessage());
                }
            }
        } else if (options.containsKey("suppress")) {
            throw new StagegateException(ErrorCode.USAGE, "verify suppress: give a map, suppress: ['CODE:object': 'reason']");
        }
        Map<String, String> templates = new LinkedHashMap<>();
        if (options.get("rowTemplates") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> templates.put(k.toString(), v.toString()));
        }
        String column = str(options.get("tenantColumn"));
        String setting = str(options.get("tenantSetting"));
        if (setting != null && options.get("tenantClaim") != null) {
            throw new StagegateException(ErrorCode.USAGE, "verify: give tenantSetting or tenantClaim, not both: the policies read one identity");
        }
        requireSettingName(setting, "tenantSetting");
        String appRole = str(options.get("appRole")) != null ? str(options.get("appRole")) : str(options.get("applicationRole"));
        VerificationConfig given = new VerificationConfig(null, critical, fks, minFks, probe, s, templates)
                .withApplicationRole(appRole)
                .withHints(new dev.stagegate.verification.tenant.TenantHints(null, null, str(options.get("tenantClaim")), null, null,
                        str(options.get("membership"))))
                .withScope(dev.stagegate.verification.tenant.Scope.of(strings(options.get("schemas")), strings(options.get("excludeSchemas"))));
        if (options.containsKey("eventColumns")) {
            given = given.withEventColumns(new LinkedHashSet<>(strings(options.get("eventColumns"))));
        }
        VerificationConfig config = ExampleSettings.verification(example, given, column, setting, str(options.get("tenantTable")),
                str(options.get("tenantKey")));
        Optional<Path> expectations = options.get("expectations") != null ? Optional.of(base.resolve(options.get("expectations").toString()))
                : ExampleSettings.expectations(example);
        return new VerifyOptions(config, expectations);
    }

    /**
     * A custom setting is {@code prefix.name} (what {@code set_config} accepts): checked here so a bad one is a
     * usage error (sweep H04 gave SG-INTERNAL with a two-line server message).
     */
    public static void requireSettingName(String setting, String option) {
        if (setting != null && !setting.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)+")) {
            throw new StagegateException(ErrorCode.USAGE, option + " '" + setting.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a setting name; write prefix.name, e.g. app.current_tenant");
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(Object::toString).toList();
        }
        return List.of(o.toString().split(","));
    }
}
