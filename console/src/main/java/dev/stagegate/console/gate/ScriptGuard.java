package dev.stagegate.console.gate;

import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;

import java.util.Set;

/**
 * Keeps a gate script from ending the JVM: the verdict decides the exit code, so
 * {@code System.exit(0)} after a failed check must not turn NO-GO into 0. Calls of
 * {@code exit}/{@code halt} on {@code System} or {@code Runtime} are refused when the script
 * compiles, naming the line. A dynamic way round it (reflection) is caught at run time by
 * {@link ScriptRunner}'s shutdown guard, which still reports and overrides the exit code.
 */
final class ScriptGuard {

    private static final Set<String> ENDERS = Set.of("exit", "halt");
    private static final Set<String> OWNERS = Set.of("System", "java.lang.System", "Runtime", "java.lang.Runtime");

    private ScriptGuard() {
    }

    static SecureASTCustomizer customizer() {
        SecureASTCustomizer c = new SecureASTCustomizer();
        // Everything is allowed except what ends the process: scripts are the user's own code.
        c.setIndirectImportCheckEnabled(false);
        c.addExpressionCheckers(ScriptGuard::allowed);
        return c;
    }

    static boolean allowed(Expression e) {
        if (e instanceof StaticMethodCallExpression s) {
            return !(ENDERS.contains(s.getMethod()) && OWNERS.contains(s.getOwnerType().getName()));
        }
        if (e instanceof MethodCallExpression m && ENDERS.contains(m.getMethodAsString())) {
            return !endsTheJvm(m.getObjectExpression());
        }
        return true;
    }

    /** {@code System}, {@code java.lang.System}, {@code Runtime.getRuntime()}, {@code Runtime.runtime}, ... */
    private static boolean endsTheJvm(Expression receiver) {
        if (receiver instanceof ClassExpression c) {
            return OWNERS.contains(c.getType().getName()) || OWNERS.contains(c.getType().getNameWithoutPackage());
        }
        String text = receiver.getText();
        return text.contains("Runtime") || text.contains("System");
    }
}
