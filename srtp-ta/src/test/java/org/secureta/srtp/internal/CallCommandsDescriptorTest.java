package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;

/** {@code help ta:call} and the other call commands explain themselves in the shell. */
class CallCommandsDescriptorTest {

    @Test
    void everyCallCommandAndParameterIsDescribed() {
        List<String> functions = List.of("call", "answer", "hangup", "calls");
        int seen = 0;
        for (Method m : CallAgentComponent.class.getDeclaredMethods()) {
            if (!functions.contains(m.getName()) || !java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            seen++;
            assertNotNull(m.getAnnotation(Descriptor.class), "help ta:" + m.getName() + " has no description: " + m);
            for (Parameter p : m.getParameters()) {
                assertNotNull(p.getAnnotation(Descriptor.class), "a parameter of " + m + " is undescribed");
            }
        }
        assertTrue(seen >= functions.size(), "every function has a method: " + seen);
    }
}
