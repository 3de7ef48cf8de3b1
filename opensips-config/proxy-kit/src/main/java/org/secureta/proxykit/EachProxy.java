package org.secureta.proxykit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs a test once for each proxy ({@code [kamailio]}, {@code [opensips]}), handing it the
 * {@link Proxy} as a parameter. A proxy this machine does not have is skipped, with the reason
 * (where it was looked for, how to install it) printed and reported; the others still run.
 *
 * <pre>
 * &#64;EachProxy.Test
 * void registers(Proxy proxy) { ... }
 * </pre>
 */
public final class EachProxy implements TestTemplateInvocationContextProvider {

    /** A test run against each proxy; {@link #value()} narrows the list. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @TestTemplate
    @ExtendWith(EachProxy.class)
    public @interface Test {
        Proxy[] value() default {Proxy.KAMAILIO, Proxy.OPENSIPS};
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(Test.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Proxy[] proxies = context.getRequiredTestMethod().getAnnotation(Test.class).value();
        return Arrays.stream(proxies).map(EachProxy::invocation);
    }

    private static TestTemplateInvocationContext invocation(Proxy proxy) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + proxy.command() + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Present(proxy), new Resolver(proxy));
            }
        };
    }

    /** Skips (JUnit assumption) the invocation of a proxy that is not here, saying why. */
    private record Present(Proxy proxy) implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            if (proxy.find().isEmpty()) {
                String reason = proxy.absence();
                System.out.println("SKIPPED " + context.getDisplayName() + " of " + context.getRequiredTestClass().getSimpleName()
                        + ": " + reason);
                Assumptions.abort(reason);
            }
        }
    }

    private record Resolver(Proxy proxy) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Proxy.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return proxy;
        }
    }
}
