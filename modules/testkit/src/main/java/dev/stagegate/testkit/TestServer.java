package dev.stagegate.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server this test JVM uses, whatever provided it.
 *
 * @param kind      {@code external}, {@code testcontainers} or {@code embedded}
 * @param adminDb   a database the admin can always connect to (to create and drop others)
 */
public record TestServer(String kind, String host, int port, String adminUser, String adminPassword,
                         String adminDb, int majorVersion) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", adminUser);
        if (adminPassword != null) {
            p.setProperty("password", adminPassword);
        }
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    @Override
    public String toString() {
        // Never print the admin password, even in a test log.
        return kind + " PostgreSQL " + majorVersion + " at " + host + ":" + port + " as " + adminUser;
    }
}
