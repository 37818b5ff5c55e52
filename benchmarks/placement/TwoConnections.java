import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 12: why bench pins its forks. Two connections to the same database run the same prepared query
 * in turn, k executions on one, then k on the other, for a second, twelve times; each trial gives the
 * ratio of their mean times. Both connections are alike, so every ratio should be 1: how far the ratios
 * stray is the noise a fork-against-fork comparison would see from CPU placement alone.
 * PIN=cpu pins both backends to that CPU (run the JVM under `taskset -c cpu` too for "same core").
 * Usage: java -cp postgresql.jar TwoConnections.java JDBC_URL SQL
 */
public class TwoConnections {
    public static void main(String[] a) throws Exception {
        Connection ca = DriverManager.getConnection(a[0]);
        Connection cb = DriverManager.getConnection(a[0]);
        PreparedStatement pa = ca.prepareStatement(a[1]);
        PreparedStatement pb = cb.prepareStatement(a[1]);
        String pin = System.getenv("PIN");
        if (pin != null) {
            for (Connection c : List.of(ca, cb)) {
                try (ResultSet r = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                    r.next();
                    new ProcessBuilder("taskset", "-pc", pin, String.valueOf(r.getInt(1))).inheritIO().start().waitFor();
                }
            }
        }
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            run(pa);
            run(pb);
        }
        for (int k : new int[]{1, 8, 64, 512, 4096}) {
            double[] r = new double[12];
            for (int t = 0; t < r.length; t++) {
                long ta = 0, tb = 0, na = 0, nb = 0;
                long stop = System.nanoTime() + 1_000_000_000L;
                boolean aFirst = true;
                while (System.nanoTime() < stop) {
                    for (int side = 0; side < 2; side++) {
                        boolean isA = (side == 0) == aFirst;
                        PreparedStatement p = isA ? pa : pb;
                        long s0 = System.nanoTime();
                        for (int i = 0; i < k; i++) {
                            run(p);
                        }
                        long d = System.nanoTime() - s0;
                        if (isA) {
                            ta += d;
                            na += k;
                        } else {
                            tb += d;
                            nb += k;
                        }
                    }
                    aFirst = !aFirst;
                }
                r[t] = ((double) tb / nb) / ((double) ta / na);
            }
            Arrays.sort(r);
            double m = Arrays.stream(r).average().orElse(0);
            double v = Arrays.stream(r).map(x -> (x - m) * (x - m)).sum() / (r.length - 1);
            System.out.printf("k=%5d ratio min %.3f median %.3f max %.3f sd %.3f%n", k, r[0], (r[5] + r[6]) / 2, r[11], Math.sqrt(v));
        }
    }

    private static void run(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= n; c++) {
                    rs.getObject(c);
                }
            }
        }
    }
}
