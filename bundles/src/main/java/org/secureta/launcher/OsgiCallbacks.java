package org.secureta.launcher;

import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A callback the launcher hands to a service inside the container whose interface only that
 * service's bundle can load (the launcher's class path has the framework alone): a proxy of the
 * interface whose one method passes its single argument on, and which is equal only to itself.
 */
final class OsgiCallbacks {

    private OsgiCallbacks() {
    }

    /** An instance of {@code type} whose {@code method(argument)} calls {@code onCall}; {@code name} is its toString. */
    static Object of(Class<?> type, String method, String name, Consumer<Object> onCall) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method) && args != null && args.length == 1) {
                onCall.accept(args[0]);
                return null;
            }
            return switch (m.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> name;
                default -> null;
            };
        });
    }
}
