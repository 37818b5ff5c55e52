package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review §4.5: the verdict on event timestamps must not move with the JVM's or the session's time
 * zone (pgjdbc sets the session zone from the JVM's). Each table has one row written correctly just
 * now and, in the *_future tables, one really in the future.
 */
class FutureTimestampsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                SET TIME ZONE 'UTC';
                -- a timestamp without time zone holding UTC wall-clock time, as many applications write it
                CREATE TABLE local_now (id int PRIMARY KEY, created_at timestamp NOT NULL);
                INSERT INTO local_now VALUES (1, now() AT TIME ZONE 'UTC');
                -- and one written as Tokyo wall-clock time (UTC+9): still not in the future anywhere
                INSERT INTO local_now VALUES (2, now() AT TIME ZONE 'Asia/Tokyo');
                CREATE TABLE local_future (id int PRIMARY KEY, created_at timestamp NOT NULL);
                INSERT INTO local_future VALUES (1, now() AT TIME ZONE 'UTC'), (2, (now() AT TIME ZONE 'UTC') + interval '2 days');
                CREATE TABLE tz_future (id int PRIMARY KEY, updated_at timestamptz NOT NULL);
                INSERT INTO tz_future VALUES (1, now()), (2, now() + interval '1 hour');
                CREATE TABLE date_future (id int PRIMARY KEY, created_at date NOT NULL);
                INSERT INTO date_future VALUES (1, (now() AT TIME ZONE 'UTC')::date), (2, (now() AT TIME ZONE 'UTC')::date + 3);
                -- in the future by design: not an event column
                CREATE TABLE plans (id int PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO plans VALUES (1, now() + interval '30 days');
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
    }

    private static List<String> future(String zone, Set<String> columns) throws Exception {
        try (Connection c = db.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE '" + zone + "'");
                try (ResultSet rs = st.executeQuery("SHOW TimeZone")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(zone);
                }
            }
            return IntegrityChecks.run(c, snapshot, TenantModel.none(), Map.of(), columns).findings().stream()
                    .filter(f -> f.code().equals("FUTURE_TIMESTAMP")).map(Finding::object).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "America/Los_Angeles", "Asia/Tokyo"})
    void theSameRowsAreInTheFutureInEveryZone(String zone) throws Exception {
        assertThat(future(zone, IntegrityChecks.EVENT_COLUMNS)).containsExactlyInAnyOrder(
                "public.local_future.created_at", "public.tz_future.updated_at", "public.date_future.created_at");
    }

    @Test
    void theEventColumnsAreConfigurable() throws Exception {
        assertThat(future("UTC", Set.of("expires_at"))).containsExactly("public.plans.expires_at");
    }
}
