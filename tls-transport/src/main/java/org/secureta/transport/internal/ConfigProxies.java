package org.secureta.transport.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds an instance of a configuration annotation (an OCD such as GatewayConfiguration) from
 * ConfigAdmin properties, the way Declarative Services does for component properties: a
 * property named like the method (a leading {@code _} is written as {@code .}), else the
 * annotation's default. Values that do not convert fail with the attribute named.
 */
public final class ConfigProxies {

    private ConfigProxies() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + "(configuration; secrets not shown)";
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    return value(type, method, properties);
            }
        });
        return type.cast(proxy);
    }

    private static Object value(Class<?> type, Method method, Map<String, ?> properties) {
        String name = method.getName().startsWith("_") ? "." + method.getName().substring(1) : method.getName();
        Object raw = properties.get(name);
        if (raw == null) {
            Object fallback = method.getDefaultValue();
            if (fallback == null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is required but not set");
            }
            return fallback;
        }
        Class<?> want = method.getReturnType();
        try {
            if (want.isInstance(raw)) {
                return raw;
            }
            String text = String.valueOf(raw).trim();
            if (want == int.class) {
                return raw instanceof Number ? ((Number) raw).intValue() : Integer.parseInt(text);
            }
            if (want == boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("not a boolean");
                }
                return Boolean.parseBoolean(text);
            }
            if (want == String.class) {
                return text;
            }
            if (want.isEnum()) {
                for (Object constant : want.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(text)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("allowed values " + java.util.Arrays.toString(want.getEnumConstants()));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.getSimpleName() + "." + name + ": invalid value '" + raw + "' ("
                    + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException(type.getSimpleName() + "." + name + ": unsupported type " + want);
    }
}
