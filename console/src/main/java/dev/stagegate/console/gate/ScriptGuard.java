package dev.stagegate.console.gate;

import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;

import java.util.Set;

/**
 * Keeps a gate script from ending the JVM or rewriting its own record: the verdict decides the exit
 * code, so {@code System.exit(0)} after a failed check must not turn NO-GO into 0. Refused when the
 * script compiles: {@code exit} on {@code System}/{@code Runtime}, any {@code halt}, field access
 * with {@code .@}, and reaching the session behind the gate's words ({@code gate}, {@code binding.gate}).
 * What gets past this (reflection) is caught at run time by {@link ScriptRunner}'s shutdown guard, and a
 * {@code halt} by the launcher, which refuses an exit 0 that no verdict wrote.
 * <p>This stops accidents and naive cheating, not a determined author: a script is code its user runs.
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

    /** Ways to reach an object's state or the binding by name at run time: refused, whatever the receiver. */
    private static final Set<String> REFLECTIVE = Set.of("getProperty", "setProperty", "invokeMethod", "getMetaClass", "setMetaClass",
            "getAttribute", "setAttribute", "getVariable", "setVariable", "getVariables", "removeVariable", "getBinding", "setBinding");
    private static final Set<String> HIDDEN_PROPERTIES = Set.of("gate", "record", "metaClass", "variables", "binding");

    static boolean allowed(Expression e) {
        // A name computed at run time ("${'ha' + 'lt'}"(0), this."${name}") cannot be checked here: refused.
        if (e instanceof MethodCallExpression m && m.getMethodAsString() == null) {
            return false;
        }
        if (e instanceof org.codehaus.groovy.ast.expr.PropertyExpression p && p.getPropertyAsString() == null) {
            return false;
        }
        if (e instanceof MethodCallExpression m && REFLECTIVE.contains(m.getMethodAsString())) {
            return false;
        }
        if (e instanceof org.codehaus.groovy.ast.expr.PropertyExpression p && HIDDEN_PROPERTIES.contains(p.getPropertyAsString())
                && !(p.getObjectExpression() instanceof org.codehaus.groovy.ast.expr.VariableExpression v && v.isThisExpression()
                        && "binding".equals(p.getPropertyAsString()))) {
            return false;
        }
        if (e instanceof org.codehaus.groovy.ast.expr.BinaryExpression b && "[".equals(b.getOperation().getText())
                && isBinding(b.getLeftExpression())) {
            return false;
        }
        if (e instanceof StaticMethodCallExpression s) {
            return !(ENDERS.contains(s.getMethod()) && OWNERS.contains(s.getOwnerType().getName()));
        }
        // halt skips every shutdown hook, so no guard could report it afterwards: refused on any receiver
        if (e instanceof MethodCallExpression m && "halt".equals(m.getMethodAsString())) {
            return false;
        }
        if (e instanceof MethodCallExpression m && ENDERS.contains(m.getMethodAsString())) {
            return !endsTheJvm(m.getObjectExpression());
        }
        // The session behind the gate's words keeps the record the verdict is computed from: a script uses
        // the words, never the session itself (gate.x, binding.gate, obj.@field).
        if (e instanceof org.codehaus.groovy.ast.expr.AttributeExpression) {
            return false;
        }
        if (e instanceof org.codehaus.groovy.ast.expr.VariableExpression v && "gate".equals(v.getName())) {
            return false;
        }
        if (e instanceof org.codehaus.groovy.ast.expr.PropertyExpression p && isBinding(p.getObjectExpression())) {
            String property = p.getPropertyAsString();
            return property != null && !property.equals("gate") && !property.equals("variables");
        }
        if (e instanceof MethodCallExpression m && isBinding(m.getObjectExpression())) {
            return "hasVariable".equals(m.getMethodAsString());
        }
        if (e instanceof MethodCallExpression m && m.isImplicitThis() && "getBinding".equals(m.getMethodAsString())) {
            return false;
        }
        return true;
    }

    private static boolean isBinding(Expression e) {
        String text = e.getText();
        return text.equals("binding") || text.equals("this.binding") || text.endsWith(".binding") || text.equals("getBinding()");
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
