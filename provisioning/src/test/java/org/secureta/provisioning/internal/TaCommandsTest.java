package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Set;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.profile.VariableAddress;

/** The unit's {@code ta:} commands as the shell shows them: described, with usage instead of Gogo's errors. */
class TaCommandsTest {

    static final List<String> FUNCTIONS = List.of("get", "set", "profile", "restart", "status", "cert", "trace", "ladder");

    @Test
    void everyCommandAndParameterHasADescriptionForHelp() {
        int seen = 0;
        for (Method m : TaCommands.class.getMethods()) {
            if (!FUNCTIONS.contains(m.getName()) || !Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() != TaCommands.class) {
                continue;
            }
            seen++;
            Descriptor d = m.getAnnotation(Descriptor.class);
            assertNotNull(d, "help ta:" + m.getName() + " has no description: " + m);
            assertFalse(d.value().isBlank(), m.toString());
            for (Parameter p : m.getParameters()) {
                assertNotNull(p.getAnnotation(Descriptor.class), "a parameter of " + m + " is undescribed");
            }
        }
        assertTrue(seen >= FUNCTIONS.size(), "every function has a method: " + seen);
    }

    @Test
    void getAndSetWithoutArgumentsAnswerTheirUsageInTheShell() throws Exception {
        TaCommands ta = new TaCommands(null, (org.secureta.provisioning.web.UnitManagement) null, null);
        ThreadIOImpl io = new ThreadIOImpl();
        io.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(io);
        try {
            processor.addCommand("ta", ta, "get");
            processor.addCommand("ta", ta, "set");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            assertTrue(String.valueOf(session.execute("ta:get")).startsWith("usage: ta:get VAR"));
            assertTrue(String.valueOf(session.execute("ta:set")).startsWith("usage: ta:set VAR VALUE"));
            assertTrue(String.valueOf(session.execute("ta:set Mipt.DefaultSecurityRtpMode")).startsWith("usage: ta:set VAR VALUE"));
            session.close();
        } finally {
            io.stop();
        }
    }

    @Test
    void setOfAnUnchangedValueNamesNoEmptyService() {
        VariableAddress address = VariableAddress.parse("SipEp.TransportFailbackInterval");
        assertEquals("SipEp.TransportFailbackInterval unchanged",
                TaCommands.setAnswer(new UnitProfile.Change(address, "60", false, Set.of())));
        assertEquals("SipEp.TransportFailbackInterval saved; restart required for SipEp (ta:restart)",
                TaCommands.setAnswer(new UnitProfile.Change(address, "60", false, Set.of("SipEp"))));
        assertEquals("SipEp.TransportFailbackInterval applied",
                TaCommands.setAnswer(new UnitProfile.Change(address, "60", true, Set.of())));
    }
}
