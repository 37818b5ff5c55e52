package dev.stagegate.core.target;

/**
 * What the server said about itself on connect.
 *
 * @param versionNum    {@code server_version_num}, e.g. 150019
 * @param superuser     the connected role is a superuser
 * @param bypassRls     the connected role has BYPASSRLS (directly)
 */
public record ServerInfo(int versionNum, String version, String database, String user, boolean superuser,
                         boolean bypassRls) {

    public int major() {
        return versionNum / 10000;
    }
}
