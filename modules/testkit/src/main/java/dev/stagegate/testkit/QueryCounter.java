package dev.stagegate.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a JDBC connection and counts the statements executed through it, so a test can prove
 * that a catalog reader issues a fixed number of queries whatever the schema's size.
 */
public final class QueryCounter {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final AtomicInteger count = new AtomicInteger();

    public int count() {
        return count.get();
    }

    public Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof PreparedStatement ps) {
                        return countingStatement(ps, PreparedStatement.class);
                    }
                    if (result instanceof Statement st) {
                        return countingStatement(st, Statement.class);
                    }
                    return result;
                });
    }

    private <T extends Statement> Object countingStatement(T statement, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                count.incrementAndGet();
            }
            return invoke(statement, method, args);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
