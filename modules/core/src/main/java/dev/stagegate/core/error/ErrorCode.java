package dev.stagegate.core.error;

/**
 * Every way stagegate can refuse or fail before a gate result exists. Each has a stable id
 * (shown to the user and safe to grep for) and the exit code it maps to.
 */
public enum ErrorCode {
    USAGE("SG-USAGE", ExitCode.USAGE),
    CONFIG_SYNTAX("SG-CONFIG-SYNTAX", ExitCode.USAGE),
    CONFIG_MISSING("SG-CONFIG-MISSING", ExitCode.USAGE),
    PROFILE_UNKNOWN("SG-PROFILE-UNKNOWN", ExitCode.USAGE),
    PROFILE_INVALID("SG-PROFILE-INVALID", ExitCode.USAGE),
    URL_MALFORMED("SG-URL-MALFORMED", ExitCode.USAGE),
    NO_TARGET("SG-NO-TARGET", ExitCode.USAGE),
    EXAMPLE_UNKNOWN("SG-EXAMPLE-UNKNOWN", ExitCode.USAGE),
    INPUT_INVALID("SG-INPUT-INVALID", ExitCode.USAGE),

    HOST_UNKNOWN("SG-HOST-UNKNOWN", ExitCode.ENVIRONMENT),
    CONNECTION_REFUSED("SG-CONN-REFUSED", ExitCode.ENVIRONMENT),
    CONNECTION_TIMEOUT("SG-CONN-TIMEOUT", ExitCode.ENVIRONMENT),
    CONNECTION_FAILED("SG-CONN-FAILED", ExitCode.ENVIRONMENT),
    AUTH_FAILED("SG-AUTH-FAILED", ExitCode.ENVIRONMENT),
    AUTH_REJECTED("SG-AUTH-REJECTED", ExitCode.ENVIRONMENT),
    DATABASE_MISSING("SG-DB-MISSING", ExitCode.ENVIRONMENT),
    NOT_POSTGRES("SG-NOT-POSTGRES", ExitCode.ENVIRONMENT),
    SERVER_TOO_OLD("SG-SERVER-TOO-OLD", ExitCode.ENVIRONMENT),
    EMBEDDED_START_FAILED("SG-EMBEDDED-START", ExitCode.ENVIRONMENT),
    MIGRATION_LOCKED("SG-MIGRATION-LOCKED", ExitCode.ENVIRONMENT),
    PG_TOOLS_MISSING("SG-PG-TOOLS", ExitCode.ENVIRONMENT),
    PRIVILEGE_MISSING("SG-PRIVILEGE", ExitCode.ENVIRONMENT),
    TARGET_BUSY("SG-TARGET-BUSY", ExitCode.ENVIRONMENT),

    MIGRATION_INVALID("SG-MIGRATION-INVALID", ExitCode.USAGE),
    VERSION_UNKNOWN("SG-VERSION-UNKNOWN", ExitCode.USAGE),
    ROLLBACK_MISSING("SG-ROLLBACK-MISSING", ExitCode.USAGE),
    CHECKSUM_DRIFT("SG-CHECKSUM-DRIFT", ExitCode.USAGE),
    ADOPTION_NEEDED("SG-ADOPTION-NEEDED", ExitCode.USAGE),
    SCRIPT_INVALID("SG-SCRIPT-INVALID", ExitCode.USAGE),

    SQL_FAILED("SG-SQL", ExitCode.RUNTIME),
    MIGRATION_FAILED("SG-MIGRATION-FAILED", ExitCode.RUNTIME),
    SCRIPT_FAILED("SG-SCRIPT-FAILED", ExitCode.RUNTIME),
    IO_FAILED("SG-IO", ExitCode.RUNTIME),
    BACKUP_FAILED("SG-BACKUP-FAILED", ExitCode.RUNTIME),
    INTERNAL("SG-INTERNAL", ExitCode.RUNTIME);

    private final String id;
    private final ExitCode exitCode;

    ErrorCode(String id, ExitCode exitCode) {
        this.id = id;
        this.exitCode = exitCode;
    }

    public String id() {
        return id;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
