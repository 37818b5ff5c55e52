package dev.stagegate.migration.rehearsal;

import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The copy's connection as the engine sees it during a rehearsal: every script a migration sends is
 * run statement by statement, with the {@link LockObserver} reading the backend's locks after each.
 * Liquibase still sends the same files through the same changesets, so checksums, history rows and
 * transactions are exactly those of a real migrate; only the driver calls are split (as psql runs a file).
 */
final class ObservedConnection {

    /** Liquibase's and the engine's own statements: passed through unobserved. */
    private static final Pattern BOOKKEEPING = Pattern.compile("(?is).*\\bdatabasechangelog(lock)?\\b.*");

    private ObservedConnection() {
    }

    static Connection wrap(Connection real, LockObserver observer) {
        return (Connection) Proxy.newProxyInstance(ObservedConnection.class.getClassLoader(), new Class<?>[]{Connection.class},
                new Handler(real, h -> (Statement) Proxy.newProxyInstance(ObservedConnection.class.getClassLoader(),
                        new Class<?>[]{Statement.class}, new StatementHandler(h, real, observer))));
    }

    private record Handler(Connection real, java.util.function.Function<Statement, Statement> statements) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            Object result = call(real, m, args);
            if (m.getName().equals("createStatement") && result instanceof Statement s) {
                return statements.apply(s);
            }
            if (m.getName().equals("unwrap") && args != null && args[0] == Connection.class) {
                return proxy;
            }
            return result;
        }
    }

    private record StatementHandler(Statement real, Connection connection, LockObserver observer) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            boolean script = args != null && args.length == 1 && args[0] instanceof String
                    && (m.getName().equals("execute") || m.getName().equals("executeUpdate") || m.getName().equals("executeLargeUpdate"));
            if (!script || !observer.observing() || BOOKKEEPING.matcher((String) args[0]).matches()) {
                return call(real, m, args);
            }
            String text = (String) args[0];
            boolean any = false;
            for (SqlStatement s : SqlScript.split(text)) {
                if (s.code().isBlank()) {
                    continue;
                }
                String one = text.substring(s.rawStart(), s.rawEnd());
                observer.before(connection, s.startLine(), one);
                boolean inTransaction = !connection.getAutoCommit();
                try {
                    // in a transaction the lock query rides with the statement: one round trip, not two
                    boolean rs = real.execute(inTransaction ? one + "\n;\n" + LockObserver.EXECUTE_LOCKS : one);
                    any = any || rs;
                    if (inTransaction) {
                        readLocks(real, rs, observer);
                    }
                } catch (SQLException e) {
                    observer.failed(e);
                    throw e;
                }
                if (!inTransaction) {
                    observer.after(connection);
                }
            }
            return m.getName().equals("execute") ? (Object) any : m.getReturnType() == long.class ? (Object) 0L : (Object) 0;
        }
    }

    /** Walks the statement's results to the lock query's, which the observer reads. */
    private static void readLocks(Statement st, boolean isResultSet, LockObserver observer) throws SQLException {
        boolean rs = isResultSet;
        while (rs || st.getUpdateCount() != -1) {
            if (rs) {
                try (java.sql.ResultSet r = st.getResultSet()) {
                    if (LockObserver.isLocks(r)) {
                        observer.after(r);
                        return;
                    }
                }
            }
            rs = st.getMoreResults();
        }
        throw new SQLException("the lock query sent with the statement returned nothing");
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
